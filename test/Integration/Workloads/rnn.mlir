// W3 of the bench: h_t = tanh(W h_{t-1} + U x_t + b) for one sequence
// (batch 1), also used by unittests/JIT and, compiled ahead of time, by
// unittests/AOT: the one copy of this program.

// Hand-derived: W = 0, U = I, b = 0, so h_t = tanh(x_t); tanh(0.5) =
// 0.46211716, tanh(-1) = -0.7615942, tanh(2) = 0.9640276.
// RUN: scan-run %s -f rnn --arg "[[0.5, -1], [2, 0]]:f32" --arg "[[0, 0]]:f32" \
// RUN:   --arg "[[0, 0], [0, 0]]:f32" --arg "[[1, 0], [0, 1]]:f32" \
// RUN:   --arg "[0, 0]:f32" | FileCheck %s
// CHECK:      result #0: f32[2, 2]
// CHECK-NEXT: {{\[\[ *0.46211.* +-0.76159.*\]}}
// CHECK-NEXT: {{ \[ *0.96402.* +0\. *\]\]}}

func.func @rnn(%X: tensor<?x?xf32>, %h0: tensor<1x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?xf32>)
      outputs(%h0 : tensor<1x?xf32> -> tensor<?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>,
                    %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?xf32>, %h: tensor<?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %y1 = linalg.matvec ins(%w, %h : tensor<?x?xf32>, tensor<?xf32>)
        outs(%bb : tensor<?xf32>) -> tensor<?xf32>
    %y2 = linalg.matvec ins(%u, %x : tensor<?x?xf32>, tensor<?xf32>)
        outs(%y1 : tensor<?xf32>) -> tensor<?xf32>
    %t = math.tanh %y2 : tensor<?xf32>
    scan.yield %t : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}
