// RUN: scan-run %s --arg '[0,1,2,3,4,5,6,7,8,9]:f64' --arg '2:i32' | FileCheck %s --check-prefix=SQUARE
// RUN: scan-run %s --arg '[0,1,2,3,4,5,6,7,8,9]:f64' --arg '4:i32' | FileCheck %s --check-prefix=FOURTH
// power(range(10), 2) and power(range(10), 4), as the seeds print them:
// SQUARE: result #0: f64[10]
// SQUARE-NEXT: [ 0.  1.  4.  9. 16. 25. 36. 49. 64. 81.]
// FOURTH: result #0: f64[10]
// FOURTH-NEXT: [0.000e+00 1.000e+00 1.600e+01 8.100e+01 2.560e+02 6.250e+02 1.296e+03
// FOURTH-NEXT: 2.401e+03 4.096e+03 6.561e+03]

// Seed (PyTensor tutorial and Theano's guide): A**k elementwise; only the
// last value is used, so scan-save-mem keeps a single step.
func.func @power(%A: tensor<?xf64>, %k: i32) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %len = tensor.dim %A, %c0 : tensor<?xf64>
  %one = arith.constant 1.0 : f64
  %empty = tensor.empty(%len) : tensor<1x?xf64>
  %ones = linalg.fill ins(%one : f64) outs(%empty : tensor<1x?xf64>) -> tensor<1x?xf64>
  %r = scan.scan n_steps(%k : i32)
      outputs(%ones : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%A : tensor<?xf64>) {
  ^bb0(%prior: tensor<?xf64>, %a: tensor<?xf64>):
    %p = arith.mulf %prior, %a : tensor<?xf64>
    scan.yield %p : tensor<?xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x?xf64>
  %last = arith.subi %n, %c1 : index
  %result = tensor.extract_slice %r[%last, 0] [1, %len] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
  return %result : tensor<?xf64>
}
