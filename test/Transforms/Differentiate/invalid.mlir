// RUN: scan-opt %s --scan-differentiate --split-input-file --verify-diagnostics --allow-unregistered-dialect

// math.fpowi has no reverse-mode rule.
func.func @fpowi(%x: f64, %n: i32) -> f64 {
  // expected-error @below {{'math.fpowi' op cannot be differentiated: it has no reverse-mode rule}}
  %r = math.fpowi %x, %n : f64, i32
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}

// -----

// Nor has an op of a dialect without rules, even between ops that have one.
func.func @unregistered(%x: tensor<?xf64>) -> tensor<?xf64> {
  %t = math.tanh %x : tensor<?xf64>
  // expected-error @below {{cannot be differentiated: it has no reverse-mode rule}}
  %r = "test.opaque"(%t) : (tensor<?xf64>) -> f64
  %y = arith.mulf %r, %r : f64
  %g = scan.grad %y wrt(%x) : f64 wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

// An op off the path from the wrt values to the cost needs no rule.
func.func @off_the_path(%x: f64, %n: i32) -> f64 {
  %c = arith.constant 2.0 : f64
  %p = math.fpowi %c, %n : f64, i32
  %r = arith.mulf %x, %p : f64
  %g = scan.grad %r wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}
