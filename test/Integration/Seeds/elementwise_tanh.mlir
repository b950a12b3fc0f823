// RUN: scan-run %s --arg '[[1,0],[0,1]]:f64' --arg '[[1,1],[1,1]]:f64' --arg '[1,2]:f64' | FileCheck %s
// x = eye(2), w = ones((2, 2)), b = [1, 2]; the seed prints:
// CHECK: result #0: f64[2, 2]
// CHECK-NEXT: {{\[\[}}0.96402758 0.99505475]
// CHECK-NEXT: [0.96402758 0.99505475]]

// Seed (PyTensor tutorial): tanh(x(t).dot(W) + b), one row at a time.
func.func @elementwise_tanh(%X: tensor<?x?xf64>, %W: tensor<?x?xf64>, %b: tensor<?xf64>) -> tensor<?x?xf64> {
  %r = scan.scan
      sequences(%X : tensor<?x?xf64>)
      outputs(none -> tensor<?x?xf64>)
      non_sequences(%W : tensor<?x?xf64>, %b : tensor<?xf64>) {
  ^bb0(%v: tensor<?xf64>, %w: tensor<?x?xf64>, %bb: tensor<?xf64>):
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f64
    %n = tensor.dim %w, %c1 : tensor<?x?xf64>
    %empty = tensor.empty(%n) : tensor<?xf64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<?xf64>) -> tensor<?xf64>
    %dot = linalg.vecmat ins(%v, %w : tensor<?xf64>, tensor<?x?xf64>) outs(%init : tensor<?xf64>) -> tensor<?xf64>
    %sum = arith.addf %dot, %bb : tensor<?xf64>
    %t = math.tanh %sum : tensor<?xf64>
    scan.yield %t : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}
