// RUN: scan-run %s -f rnn --arg '[0,1]:f64' --arg '[[1,1],[1,1]]:f64' --arg '[[-3,-3],[1,1],[1,1],[1,1],[1,1]]:f64' --arg '[[1,1],[1,1]]:f64' --arg '[[3,3],[1,1],[1,1],[1,1],[1,1]]:f64' --arg '[[1,1],[1,1]]:f64' | FileCheck %s
// x = [0, 1], w = u = v = ones, y = ones with y[0] = -3, p = ones with p[0] = 3.
// CHECK: result #0: f64[5, 2]
// CHECK-NEXT: {{\[\[}}-0.99505475 -0.99505475]
// CHECK-NEXT: [ 0.96471973  0.96471973]
// CHECK-NEXT: [ 0.99998585  0.99998585]
// CHECK-NEXT: [ 0.99998771  0.99998771]
// CHECK-NEXT: [ 1.          1.        ]]

// Seed (PyTensor tutorial): x(t) = tanh(x(t-1).dot(W) + y(t).dot(U) + p(T-t).dot(V)),
// with the sequence P reversed (P[::-1]) by a first scan that runs backwards.
func.func @vecmat(%v: tensor<2xf64>, %m: tensor<2x2xf64>) -> tensor<2xf64> {
  %zero = arith.constant 0.0 : f64
  %empty = tensor.empty() : tensor<2xf64>
  %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
  %r = linalg.vecmat ins(%v, %m : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}

func.func @rnn(%x: tensor<2xf64>, %W: tensor<2x2xf64>, %Y: tensor<5x2xf64>, %U: tensor<2x2xf64>,
               %P: tensor<5x2xf64>, %V: tensor<2x2xf64>) -> tensor<5x2xf64> {
  %reversed = scan.scan go_backwards sequences(%P : tensor<5x2xf64>) outputs(none -> tensor<5x2xf64>) {
  ^bb0(%p: tensor<2xf64>):
    scan.yield %p : tensor<2xf64>
  }
  %x0 = tensor.expand_shape %x [[0, 1]] output_shape [1, 2] : tensor<2xf64> into tensor<1x2xf64>
  %r = scan.scan
      sequences(%Y : tensor<5x2xf64>, %reversed : tensor<5x2xf64>)
      outputs(%x0 : tensor<1x2xf64> -> tensor<5x2xf64>)
      non_sequences(%W : tensor<2x2xf64>, %U : tensor<2x2xf64>, %V : tensor<2x2xf64>) {
  ^bb0(%y: tensor<2xf64>, %p: tensor<2xf64>, %x_tm1: tensor<2xf64>, %w: tensor<2x2xf64>,
       %u: tensor<2x2xf64>, %v: tensor<2x2xf64>):
    %a = func.call @vecmat(%x_tm1, %w) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %b = func.call @vecmat(%y, %u) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %c = func.call @vecmat(%p, %v) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %ab = arith.addf %a, %b : tensor<2xf64>
    %abc = arith.addf %ab, %c : tensor<2xf64>
    %t = math.tanh %abc : tensor<2xf64>
    scan.yield %t : tensor<2xf64>
  }
  return %r : tensor<5x2xf64>
}
