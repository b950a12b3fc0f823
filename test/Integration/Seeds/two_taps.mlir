// RUN: scan-run %s -f two_taps --arg '[[0,0],[0,1]]:f64' --arg '[[0,0.5],[0.5,0]]:f64' --arg '[[0.5,0.5],[0.5,0.5]]:f64' --arg '[[0.5,0.5],[0.5,0.5]]:f64' --arg '[1,1]:f64' --arg '10:i32' | FileCheck %s
// x = zeros((2, 2)) with x[1, 1] = 1, u = 0.5 (ones - eye), v = w = 0.5 ones,
// b = ones, n = 10; the seed prints:
// CHECK: result #0: f64[10, 2]
// CHECK-NEXT: {{\[\[}} 1.40514825  1.40514825]
// CHECK-NEXT: [ 2.88898899  2.38898899]
// CHECK-NEXT: [ 4.34018291  4.34018291]
// CHECK-NEXT: [ 6.53463142  6.78463142]
// CHECK-NEXT: [ 9.82972243  9.82972243]
// CHECK-NEXT: [14.22203814 14.09703814]
// CHECK-NEXT: [20.07439936 20.07439936]
// CHECK-NEXT: [28.12291843 28.18541843]
// CHECK-NEXT: [39.1913681  39.1913681 ]
// CHECK-NEXT: [54.28407732 54.25282732]]

// Seed (PyTensor tutorial): x(t) = x(t-2).dot(U) + x(t-1).dot(V)
//                                   + tanh(x(t-1).dot(W) + b), taps [-2, -1].
func.func @vecmat(%v: tensor<2xf64>, %m: tensor<2x2xf64>) -> tensor<2xf64> {
  %zero = arith.constant 0.0 : f64
  %empty = tensor.empty() : tensor<2xf64>
  %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
  %r = linalg.vecmat ins(%v, %m : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}

func.func @two_taps(%X: tensor<2x2xf64>, %U: tensor<2x2xf64>, %V: tensor<2x2xf64>,
                    %W: tensor<2x2xf64>, %b: tensor<2xf64>, %n: i32) -> tensor<?x2xf64> {
  %r = scan.scan n_steps(%n : i32)
      outputs(%X taps [-2, -1] : tensor<2x2xf64> -> tensor<?x2xf64>)
      non_sequences(%U : tensor<2x2xf64>, %V : tensor<2x2xf64>, %W : tensor<2x2xf64>, %b : tensor<2xf64>) {
  ^bb0(%x_tm2: tensor<2xf64>, %x_tm1: tensor<2xf64>, %u: tensor<2x2xf64>, %v: tensor<2x2xf64>,
       %w: tensor<2x2xf64>, %bb: tensor<2xf64>):
    %p = func.call @vecmat(%x_tm2, %u) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %q = func.call @vecmat(%x_tm1, %v) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %s = func.call @vecmat(%x_tm1, %w) : (tensor<2xf64>, tensor<2x2xf64>) -> tensor<2xf64>
    %sb = arith.addf %s, %bb : tensor<2xf64>
    %t = math.tanh %sb : tensor<2xf64>
    %pq = arith.addf %p, %q : tensor<2xf64>
    %x_t = arith.addf %pq, %t : tensor<2xf64>
    scan.yield %x_t : tensor<2xf64>
  }
  return %r : tensor<?x2xf64>
}
