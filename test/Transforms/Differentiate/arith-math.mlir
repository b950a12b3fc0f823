// RUN: scan-opt %s --scan-differentiate | FileCheck %s

// The reverse-mode rules of the arith and math ops: one function per rule,
// on scalars (as in linalg.generic payloads) and on tensors (rank 0, and
// dynamic shapes summed by a linalg.reduce). With the op's result as the
// cost, the seed g is the constant 1.

//===----------------------------------------------------------------------===//
// arith
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @addf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: return %[[ONE]], %[[ONE]] : f64, f64
func.func @addf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.addf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @subf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DY:.*]] = arith.negf %[[ONE]] : f64
// CHECK: return %[[ONE]], %[[DY]] : f64, f64
func.func @subf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.subf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @mulf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[ONE]], %[[Y]] : f64
// CHECK: %[[DY:.*]] = arith.mulf %[[ONE]], %[[X]] : f64
// CHECK: return %[[DX]], %[[DY]] : f64, f64
func.func @mulf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.mulf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// An operand that needs no adjoint gets no ops.
// CHECK-LABEL: func.func @mulf_lhs_only
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[ONE]], %[[Y]] : f64
// CHECK-NOT: arith.mulf
// CHECK: return %[[DX]] : f64
func.func @mulf_lhs_only(%x: f64, %y: f64) -> f64 {
  %r = arith.mulf %x, %y : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @divf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[R:.*]] = arith.divf %[[X]], %[[Y]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[T:.*]] = arith.divf %[[ONE]], %[[Y]] : f64
// CHECK: %[[TR:.*]] = arith.mulf %[[T]], %[[R]] : f64
// CHECK: %[[DY:.*]] = arith.negf %[[TR]] : f64
// CHECK: return %[[T]], %[[DY]] : f64, f64
func.func @divf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.divf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @negf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.negf %[[ONE]] : f64
// CHECK: return %[[DX]] : f64
func.func @negf(%x: f64) -> f64 {
  %r = arith.negf %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// The left operand gets g where it is the result (x >= y), the right one
// elsewhere.
// CHECK-LABEL: func.func @maximumf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[R:.*]] = arith.maximumf %[[X]], %[[Y]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[PICK:.*]] = arith.cmpf oeq, %[[R]], %[[X]] : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.select %[[PICK]], %[[ONE]], %[[ZERO]] : f64
// CHECK: %[[DY:.*]] = arith.select %[[PICK]], %[[ZERO]], %[[ONE]] : f64
// CHECK: return %[[DX]], %[[DY]] : f64, f64
func.func @maximumf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.maximumf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @maxnumf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[R:.*]] = arith.maxnumf %[[X]], %[[Y]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[PICK:.*]] = arith.cmpf oeq, %[[R]], %[[X]] : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.select %[[PICK]], %[[ONE]], %[[ZERO]] : f64
// CHECK: %[[DY:.*]] = arith.select %[[PICK]], %[[ZERO]], %[[ONE]] : f64
// CHECK: return %[[DX]], %[[DY]] : f64, f64
func.func @maxnumf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.maxnumf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @minimumf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[R:.*]] = arith.minimumf %[[X]], %[[Y]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[PICK:.*]] = arith.cmpf oeq, %[[R]], %[[X]] : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DY:.*]] = arith.select %[[PICK]], %[[ZERO]], %[[ONE]] : f64
// CHECK: return %[[DY]] : f64
func.func @minimumf(%x: f64, %y: f64) -> f64 {
  %r = arith.minimumf %x, %y : f64
  %g = scan.grad %r wrt(%y) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @minnumf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[R:.*]] = arith.minnumf %[[X]], %[[Y]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[PICK:.*]] = arith.cmpf oeq, %[[R]], %[[X]] : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.select %[[PICK]], %[[ONE]], %[[ZERO]] : f64
// CHECK: return %[[DX]] : f64
func.func @minnumf(%x: f64, %y: f64) -> f64 {
  %r = arith.minnumf %x, %y : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.*]]: i1, %[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.select %[[C]], %[[ONE]], %[[ZERO]] : f64
// CHECK: %[[DY:.*]] = arith.select %[[C]], %[[ZERO]], %[[ONE]] : f64
// CHECK: return %[[DX]], %[[DY]] : f64, f64
func.func @select(%c: i1, %x: f64, %y: f64) -> (f64, f64) {
  %r = arith.select %c, %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @extf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.truncf %[[ONE]] : f64 to f32
// CHECK: return %[[DX]] : f32
func.func @extf(%x: f32) -> f32 {
  %r = arith.extf %x : f32 to f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f32) -> (f32)
  return %g : f32
}

// CHECK-LABEL: func.func @truncf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[DX:.*]] = arith.extf %[[ONE]] : f32 to f64
// CHECK: return %[[DX]] : f64
func.func @truncf(%x: f64) -> f64 {
  %r = arith.truncf %x : f64 to f32
  %g = scan.grad %r wrt(%x) : f32 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @remf
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[Q:.*]] = arith.divf %[[X]], %[[Y]] : f64
// CHECK: %[[TQ:.*]] = math.trunc %[[Q]] : f64
// CHECK: %[[GQ:.*]] = arith.mulf %[[ONE]], %[[TQ]] : f64
// CHECK: %[[DY:.*]] = arith.negf %[[GQ]] : f64
// CHECK: return %[[ONE]], %[[DY]] : f64, f64
func.func @remf(%x: f64, %y: f64) -> (f64, f64) {
  %r = arith.remf %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// Constants need no rule; adjoints of a value used twice accumulate.
// CHECK-LABEL: func.func @square_plus
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[A:.*]] = arith.mulf %[[ONE]], %[[TWO]] : f64
// CHECK: %[[B:.*]] = arith.mulf %[[A]], %[[X]] : f64
// CHECK: %[[C:.*]] = arith.addf %[[ONE]], %[[B]] : f64
// CHECK: %[[D:.*]] = arith.mulf %[[A]], %[[X]] : f64
// CHECK: %[[DX:.*]] = arith.addf %[[C]], %[[D]] : f64
// CHECK: return %[[DX]] : f64
func.func @square_plus(%x: f64) -> f64 {
  %two = arith.constant 2.0 : f64
  %a = arith.mulf %x, %x : f64
  %b = arith.mulf %a, %two : f64
  %r = arith.addf %b, %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @mulf_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<f64>, %[[Y:.*]]: tensor<f64>)
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[DX:.*]] = arith.mulf %[[ONE]], %[[Y]] : tensor<f64>
// CHECK: return %[[DX]] : tensor<f64>
func.func @mulf_rank0(%x: tensor<f64>, %y: tensor<f64>) -> tensor<f64> {
  %r = arith.mulf %x, %y : tensor<f64>
  %g = scan.grad %r wrt(%x) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
  return %g : tensor<f64>
}

// A scalar condition selects between whole tensors: it masks g as well.
// CHECK-LABEL: func.func @select_scalar_condition_dynamic
// CHECK-SAME: (%[[C:.*]]: i1, %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[DX:.*]] = arith.select %[[C]], %[[G:.*]], %[[ZERO]] : tensor<?xf64>
// CHECK: return %[[DX]] : tensor<?xf64>
func.func @select_scalar_condition_dynamic(%c: i1, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %r = arith.select %c, %x, %y : tensor<?xf64>
  %init = arith.constant dense<0.0> : tensor<f64>
  %s = linalg.reduce ins(%r : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %sum = arith.addf %in, %acc : f64
      linalg.yield %sum : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// CHECK-LABEL: func.func @maximumf_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[R:.*]] = arith.maximumf %[[X]], %[[Y]] : tensor<?xf64>
// CHECK: %[[PICK:.*]] = arith.cmpf oeq, %[[R]], %[[X]] : tensor<?xf64>
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[DX:.*]] = arith.select %[[PICK]], %[[G:.*]], %[[ZERO]] : tensor<?xi1>, tensor<?xf64>
// CHECK: %[[DY:.*]] = arith.select %[[PICK]], %[[ZERO]], %[[G]] : tensor<?xi1>, tensor<?xf64>
// CHECK: return %[[DX]], %[[DY]] : tensor<?xf64>, tensor<?xf64>
func.func @maximumf_dynamic(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %r = arith.maximumf %x, %y : tensor<?xf64>
  %init = arith.constant dense<0.0> : tensor<f64>
  %s = linalg.reduce ins(%r : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %sum = arith.addf %in, %acc : f64
      linalg.yield %sum : f64
    }
  %g:2 = scan.grad %s wrt(%x, %y) : tensor<f64> wrt(tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

//===----------------------------------------------------------------------===//
// math
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @exp
// CHECK: %[[Y:.*]] = math.exp
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[ONE]], %[[Y]] : f64
// CHECK: return %[[DX]] : f64
func.func @exp(%x: f64) -> f64 {
  %r = math.exp %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @expm1
// CHECK: %[[Y:.*]] = math.expm1
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[GY:.*]] = arith.mulf %[[ONE]], %[[Y]] : f64
// CHECK: %[[DX:.*]] = arith.addf %[[GY]], %[[ONE]] : f64
// CHECK: return %[[DX]] : f64
func.func @expm1(%x: f64) -> f64 {
  %r = math.expm1 %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @log
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DX:.*]] = arith.divf %[[ONE]], %[[X]] : f64
// CHECK: return %[[DX]] : f64
func.func @log(%x: f64) -> f64 {
  %r = math.log %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @log1p
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[X1:.*]] = arith.addf %[[X]], %[[ONE]] : f64
// CHECK: %[[DX:.*]] = arith.divf %[[G]], %[[X1]] : f64
// CHECK: return %[[DX]] : f64
func.func @log1p(%x: f64) -> f64 {
  %r = math.log1p %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @tanh
// CHECK: %[[Y:.*]] = math.tanh
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[GY:.*]] = arith.mulf %[[ONE]], %[[Y]] : f64
// CHECK: %[[GYY:.*]] = arith.mulf %[[GY]], %[[Y]] : f64
// CHECK: %[[DX:.*]] = arith.subf %[[ONE]], %[[GYY]] : f64
// CHECK: return %[[DX]] : f64
func.func @tanh(%x: f64) -> f64 {
  %r = math.tanh %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// The same rule on a dynamic shape: g is a tensor<?xf64>.
// CHECK-LABEL: func.func @tanh_dynamic
// CHECK: %[[Y:.*]] = math.tanh %{{.*}} : tensor<?xf64>
// CHECK: %[[GY:.*]] = arith.mulf %[[G:.*]], %[[Y]] : tensor<?xf64>
// CHECK: %[[GYY:.*]] = arith.mulf %[[GY]], %[[Y]] : tensor<?xf64>
// CHECK: %[[DX:.*]] = arith.subf %[[G]], %[[GYY]] : tensor<?xf64>
// CHECK: return %[[DX]] : tensor<?xf64>
func.func @tanh_dynamic(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = math.tanh %x : tensor<?xf64>
  %init = arith.constant dense<0.0> : tensor<f64>
  %s = linalg.reduce ins(%r : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %sum = arith.addf %in, %acc : f64
      linalg.yield %sum : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// CHECK-LABEL: func.func @sqrt
// CHECK: %[[Y:.*]] = math.sqrt
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[YY:.*]] = arith.addf %[[Y]], %[[Y]] : f64
// CHECK: %[[DX:.*]] = arith.divf %[[ONE]], %[[YY]] : f64
// CHECK: return %[[DX]] : f64
func.func @sqrt(%x: f64) -> f64 {
  %r = math.sqrt %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @sin
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[COS:.*]] = math.cos %[[X]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[ONE]], %[[COS]] : f64
// CHECK: return %[[DX]] : f64
func.func @sin(%x: f64) -> f64 {
  %r = math.sin %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @cos
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[SIN:.*]] = math.sin %[[X]] : f64
// CHECK: %[[GS:.*]] = arith.mulf %[[ONE]], %[[SIN]] : f64
// CHECK: %[[DX:.*]] = arith.negf %[[GS]] : f64
// CHECK: return %[[DX]] : f64
func.func @cos(%x: f64) -> f64 {
  %r = math.cos %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @sincos
// CHECK: %[[SIN:.*]], %[[COS:.*]] = math.sincos
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[A:.*]] = arith.mulf %[[ONE]], %[[COS]] : f64
// CHECK: %[[B:.*]] = arith.mulf %[[ONE]], %[[SIN]] : f64
// CHECK: %[[DX:.*]] = arith.subf %[[A]], %[[B]] : f64
// CHECK: return %[[DX]] : f64
func.func @sincos(%x: f64) -> f64 {
  %s, %c = math.sincos %x : f64
  %r = arith.addf %s, %c : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @powf
// CHECK-SAME: (%[[X:.*]]: f64, %[[P:.*]]: f64)
// CHECK: %[[Y:.*]] = math.powf %[[X]], %[[P]] : f64
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[PM1:.*]] = arith.subf %[[P]], %[[ONE]] : f64
// CHECK: %[[LOWER:.*]] = math.powf %[[X]], %[[PM1]] : f64
// CHECK: %[[GP:.*]] = arith.mulf %[[G]], %[[P]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[GP]], %[[LOWER]] : f64
// CHECK: %[[GY:.*]] = arith.mulf %[[G]], %[[Y]] : f64
// CHECK: %[[LOG:.*]] = math.log %[[X]] : f64
// CHECK: %[[TERM:.*]] = arith.mulf %[[GY]], %[[LOG]] : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[AT0:.*]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f64
// CHECK: %[[DP:.*]] = arith.select %[[AT0]], %[[ZERO]], %[[TERM]] : f64
// CHECK: return %[[DX]], %[[DP]] : f64, f64
func.func @powf(%x: f64, %p: f64) -> (f64, f64) {
  %r = math.powf %x, %p : f64
  %g:2 = scan.grad %r wrt(%x, %p) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @powf_base_only
// CHECK: math.powf
// CHECK: math.powf
// CHECK-NOT: math.log
// CHECK: return
func.func @powf_base_only(%x: f64, %p: f64) -> f64 {
  %r = math.powf %x, %p : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// sign(x), with sign(0) = 0.
// CHECK-LABEL: func.func @absf
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[AT0:.*]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[BIT:.*]] = math.copysign %[[ONE]], %[[X]] : f64
// CHECK: %[[SIGN:.*]] = arith.select %[[AT0]], %[[ZERO]], %[[BIT]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[G]], %[[SIGN]] : f64
// CHECK: return %[[DX]] : f64
func.func @absf(%x: f64) -> f64 {
  %r = math.absf %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @absf_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[AT0:.*]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : tensor<?xf64>
// CHECK: %[[ONE:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[BIT:.*]] = math.copysign %[[ONE]], %[[X]] : tensor<?xf64>
// CHECK: %[[SIGN:.*]] = arith.select %[[AT0]], %[[ZERO]], %[[BIT]] : tensor<?xi1>, tensor<?xf64>
// CHECK: %[[DX:.*]] = arith.mulf %{{.*}}, %[[SIGN]] : tensor<?xf64>
// CHECK: return %[[DX]] : tensor<?xf64>
func.func @absf_dynamic(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = math.absf %x : tensor<?xf64>
  %init = arith.constant dense<0.0> : tensor<f64>
  %s = linalg.reduce ins(%r : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %sum = arith.addf %in, %acc : f64
      linalg.yield %sum : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// Rounding has a zero derivative: the rule builds nothing, and x gets zeros.
// CHECK-LABEL: func.func @floor
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: return %[[ZERO]] : f64
func.func @floor(%x: f64) -> f64 {
  %r = math.floor %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @erf
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[XX:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK: %[[NXX:.*]] = arith.negf %[[XX]] : f64
// CHECK: %[[BELL:.*]] = math.exp %[[NXX]] : f64
// CHECK: %[[C:.*]] = arith.constant 1.128379167095512{{[0-9]*}} : f64
// CHECK: %[[D:.*]] = arith.mulf %[[BELL]], %[[C]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[G]], %[[D]] : f64
// CHECK: return %[[DX]] : f64
func.func @erf(%x: f64) -> f64 {
  %r = math.erf %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @atan
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[XX:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[XX]] : f64
// CHECK: %[[DX:.*]] = arith.divf %[[G]], %[[D]] : f64
// CHECK: return %[[DX]] : f64
func.func @atan(%x: f64) -> f64 {
  %r = math.atan %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @atan2
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[AA:.*]] = arith.mulf %[[A]], %[[A]] : f64
// CHECK: %[[BB:.*]] = arith.mulf %[[B]], %[[B]] : f64
// CHECK: %[[N:.*]] = arith.addf %[[AA]], %[[BB]] : f64
// CHECK: %[[T:.*]] = arith.divf %[[G]], %[[N]] : f64
// CHECK: %[[DA:.*]] = arith.mulf %[[T]], %[[B]] : f64
// CHECK: %[[TA:.*]] = arith.mulf %[[T]], %[[A]] : f64
// CHECK: %[[DB:.*]] = arith.negf %[[TA]] : f64
// CHECK: return %[[DA]], %[[DB]] : f64, f64
func.func @atan2(%a: f64, %b: f64) -> (f64, f64) {
  %r = math.atan2 %a, %b : f64
  %g:2 = scan.grad %r wrt(%a, %b) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @sinh
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[COSH:.*]] = math.cosh %[[X]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[G]], %[[COSH]] : f64
// CHECK: return %[[DX]] : f64
func.func @sinh(%x: f64) -> f64 {
  %r = math.sinh %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// CHECK-LABEL: func.func @cosh
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[SINH:.*]] = math.sinh %[[X]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[G]], %[[SINH]] : f64
// CHECK: return %[[DX]] : f64
func.func @cosh(%x: f64) -> f64 {
  %r = math.cosh %x : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// The sign operand gets no adjoint (zeros).
// CHECK-LABEL: func.func @copysign
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[SX:.*]] = math.copysign %{{.*}}, %[[X]] : f64
// CHECK: %[[SY:.*]] = math.copysign %{{.*}}, %[[Y]] : f64
// CHECK: %[[FLIP:.*]] = arith.mulf %[[SX]], %[[SY]] : f64
// CHECK: %[[DX:.*]] = arith.mulf %[[G]], %[[FLIP]] : f64
// CHECK: %[[DY:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: return %[[DX]], %[[DY]] : f64, f64
func.func @copysign(%x: f64, %y: f64) -> (f64, f64) {
  %r = math.copysign %x, %y : f64
  %g:2 = scan.grad %r wrt(%x, %y) : f64 wrt(f64, f64) -> (f64, f64)
  return %g#0, %g#1 : f64, f64
}

// CHECK-LABEL: func.func @fma
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %[[C:.*]]: f64)
// CHECK: %[[G:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[DA:.*]] = arith.mulf %[[G]], %[[B]] : f64
// CHECK: %[[DB:.*]] = arith.mulf %[[G]], %[[A]] : f64
// CHECK: return %[[DA]], %[[DB]], %[[G]] : f64, f64, f64
func.func @fma(%a: f64, %b: f64, %c: f64) -> (f64, f64, f64) {
  %r = math.fma %a, %b, %c : f64
  %g:3 = scan.grad %r wrt(%a, %b, %c) : f64 wrt(f64, f64, f64) -> (f64, f64, f64)
  return %g#0, %g#1, %g#2 : f64, f64, f64
}
