// RUN: scan-opt %s --scan-differentiate --split-input-file --verify-diagnostics

// The forms of linalg ops the rules do not cover fail with a diagnostic.

// A generic with a reduction loop.
#id = affine_map<(d0) -> (d0)>
#none = affine_map<(d0) -> ()>
func.func @generic_reduction(%x: tensor<?xf64>, %init: tensor<f64>) -> tensor<?xf64> {
  // expected-error @below {{'linalg.generic' op cannot be differentiated: only all-parallel generics have a reverse-mode rule}}
  %s = linalg.generic {indexing_maps = [#id, #none], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%init : tensor<f64>) {
    ^bb0(%a: f64, %acc: f64):
      %r = arith.addf %a, %acc : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

// A parallel generic whose payload reads its output.
#id = affine_map<(d0) -> (d0)>
func.func @generic_reads_output(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @below {{'linalg.generic' op cannot be differentiated: its payload reads its output}}
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%a: f64, %out: f64):
      %r = arith.addf %a, %out : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %p[%c0] : tensor<?xf64>
  %g = scan.grad %e wrt(%x) : f64 wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

// A generic whose payload reads a tensor from above.
#id = affine_map<(d0) -> (d0)>
func.func @generic_captures_tensor(%x: tensor<?xf64>, %t: tensor<4xf64>) -> tensor<4xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  // expected-error @below {{'linalg.generic' op cannot be differentiated: its payload captures a tensor from above}}
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %out: f64):
      %v = tensor.extract %t[%c0] : tensor<4xf64>
      %r = arith.mulf %a, %v : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  %s = tensor.extract %p[%c0] : tensor<?xf64>
  %g = scan.grad %s wrt(%t) : f64 wrt(tensor<4xf64>) -> (tensor<4xf64>)
  return %g : tensor<4xf64>
}

// -----

// A reduction whose combiner is not addf, mulf, max or min.
func.func @reduce_subf(%x: tensor<?xf64>, %init: tensor<f64>) -> tensor<?xf64> {
  // expected-error @below {{'linalg.reduce' op cannot be differentiated: its combiner is not one addf, mulf, maximumf, maxnumf, minimumf or minnumf of its arguments}}
  %s = linalg.reduce ins(%x : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%a: f64, %acc: f64) {
      %r = arith.subf %a, %acc : f64
      linalg.yield %r : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}
