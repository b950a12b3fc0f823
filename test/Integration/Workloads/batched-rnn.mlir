// W4 of the bench: H_t = tanh(H_{t-1} W + X_t U + b) for a batch (rows of
// H_t): the one copy of this program.

// Hand-derived: W = 0, U = I, b = [0, 1]: H_t = tanh(X_t + b); tanh(0) = 0,
// tanh(1) = 0.7615942, tanh(2) = 0.9640276, tanh(-1) = -0.7615942.
// RUN: scan-run %s -f rnn --arg "[[[0, 0], [1, 1]]]:f32" --arg "[[[0, 0], [0, 0]]]:f32" \
// RUN:   --arg "[[0, 0], [0, 0]]:f32" --arg "[[1, 0], [0, 1]]:f32" \
// RUN:   --arg "[0, 1]:f32" | FileCheck %s
// CHECK:      result #0: f32[1, 2, 2]
// CHECK-NEXT: {{\[\[\[ *0\. +0.76159.*\]}}
// CHECK-NEXT: {{  \[ *0.76159.* +0.96402.*\]\]\]}}

func.func @rnn(%X: tensor<?x?x?xf32>, %h0: tensor<1x?x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?x?xf32>)
      outputs(%h0 : tensor<1x?x?xf32> -> tensor<?x?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>, %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?x?xf32>, %h: tensor<?x?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %batch = tensor.dim %h, %c0 : tensor<?x?xf32>
    %hidden = tensor.dim %w, %c1 : tensor<?x?xf32>
    %empty = tensor.empty(%batch, %hidden) : tensor<?x?xf32>
    %bias = linalg.broadcast ins(%bb : tensor<?xf32>) outs(%empty : tensor<?x?xf32>)
        dimensions = [0]
    %y1 = linalg.matmul ins(%h, %w : tensor<?x?xf32>, tensor<?x?xf32>)
        outs(%bias : tensor<?x?xf32>) -> tensor<?x?xf32>
    %y2 = linalg.matmul ins(%x, %u : tensor<?x?xf32>, tensor<?x?xf32>)
        outs(%y1 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %t = math.tanh %y2 : tensor<?x?xf32>
    scan.yield %t : tensor<?x?xf32>
  }
  return %r : tensor<?x?x?xf32>
}
