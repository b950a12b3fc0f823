// W1 of the bench (cumulative sum), also used by unittests/JIT: the one copy
// of this program (bench/ and the unit tests read this file).

// RUN: scan-run %s -f cumsum --arg "[1, 2, 3, 4]:f64" | FileCheck %s
// CHECK:      result #0: f64[4]
// CHECK-NEXT: [ 1.  3.  6. 10.]

func.func @cumsum(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}
