// W2 of the bench (A**k elementwise, the last step of a scan), also used by
// unittests/JIT: the one copy of this program.

// RUN: scan-run %s -f power --arg "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]:f64" --arg 3:i64 \
// RUN:   | FileCheck %s
// CHECK:      result #0: f64[10]
// CHECK-NEXT: [   1.    8.   27.   64.  125.  216.  343.  512.  729. 1000.]

func.func @power(%A: tensor<10xf64>, %k: i64) -> tensor<10xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ones = arith.constant dense<1.0> : tensor<1x10xf64>
  %r = scan.scan n_steps(%k : i64)
      outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64>)
      non_sequences(%A : tensor<10xf64>) {
  ^bb0(%prior: tensor<10xf64>, %a: tensor<10xf64>):
    %p = arith.mulf %prior, %a : tensor<10xf64>
    scan.yield %p : tensor<10xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x10xf64>
  %last = arith.subi %n, %c1 : index
  %result = tensor.extract_slice %r[%last, 0] [1, 10] [1, 1]
      : tensor<?x10xf64> to tensor<10xf64>
  return %result : tensor<10xf64>
}
