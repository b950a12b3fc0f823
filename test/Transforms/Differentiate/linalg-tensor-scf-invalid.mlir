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

// -----

// A matmul with indexing maps of its own (here: A transposed).
#mk = affine_map<(m, n, k) -> (k, m)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
func.func @matmul_user_maps(%a: tensor<4x3xf64>, %b: tensor<4x2xf64>, %c: tensor<3x2xf64>) -> tensor<4x3xf64> {
  // expected-error @below {{'linalg.matmul' op cannot be differentiated: only products with the default indexing maps have a rule}}
  %m = linalg.matmul indexing_maps = [#mk, #kn, #mn]
      ins(%a, %b : tensor<4x3xf64>, tensor<4x2xf64>) outs(%c : tensor<3x2xf64>) -> tensor<3x2xf64>
  %c0 = arith.constant 0 : index
  %v = tensor.extract %m[%c0, %c0] : tensor<3x2xf64>
  %g = scan.grad %v wrt(%a) : f64 wrt(tensor<4x3xf64>) -> (tensor<4x3xf64>)
  return %g : tensor<4x3xf64>
}

// -----

// A linalg.map whose payload reads its output's element.
func.func @map_reads_output(%x: tensor<4xf64>, %y: tensor<4xf64>) -> tensor<4xf64> {
  // expected-error @below {{'linalg.map' op cannot be differentiated: its payload reads its output}}
  %m = linalg.map ins(%x : tensor<4xf64>) outs(%y : tensor<4xf64>)
    (%a: f64, %o: f64) {
      %s = arith.addf %a, %o : f64
      linalg.yield %s : f64
    }
  %c0 = arith.constant 0 : index
  %v = tensor.extract %m[%c0] : tensor<4xf64>
  %g = scan.grad %v wrt(%x) : f64 wrt(tensor<4xf64>) -> (tensor<4xf64>)
  return %g : tensor<4xf64>
}

// -----

// A padding value computed in the pad's region from a value that needs an
// adjoint (the value may depend on the position).
func.func @pad_computed_value(%x: tensor<3xf64>, %p: f64) -> f64 {
  // expected-error @below {{'tensor.pad' op cannot be differentiated: its padding value is computed in its region}}
  %r = tensor.pad %x low[1] high[1] {
  ^bb0(%k: index):
    %twice = arith.addf %p, %p : f64
    tensor.yield %twice : f64
  } : tensor<3xf64> to tensor<5xf64>
  %c0 = arith.constant 0 : index
  %v = tensor.extract %r[%c0] : tensor<5xf64>
  %g = scan.grad %v wrt(%p) : f64 wrt(f64) -> (f64)
  return %g : f64
}
