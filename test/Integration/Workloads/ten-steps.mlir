// W5 of the bench (the overhead of a call: a 10-step cumulative sum of
// static shape): the one copy of this program.

// RUN: scan-run %s -f cumsum10 --arg "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]:f64" | FileCheck %s
// CHECK:      result #0: f64[10]
// CHECK-NEXT: [ 1.  2.  3.  4.  5.  6.  7.  8.  9. 10.]

func.func @cumsum10(%x: tensor<10xf64>) -> tensor<10xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan sequences(%x : tensor<10xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<10xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<10xf64>
}
