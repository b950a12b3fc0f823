// RUN: scan-opt %s --scan-math-to-polynomial --split-input-file | FileCheck %s

// f32 tanh becomes a clamp and a ratio of polynomials: no call remains.
// CHECK-LABEL: func.func @tanh_f32
// CHECK-DAG:     arith.constant 7.99881172 : f32
// CHECK-DAG:     arith.constant 4.000000e-04 : f32
// CHECK:         math.fma
// CHECK:         arith.divf
// CHECK-NOT:     math.tanh
func.func @tanh_f32(%x: f32) -> f32 {
  %t = math.tanh %x : f32
  return %t : f32
}

// -----

// f64 keeps libm's tanh.
// CHECK-LABEL: func.func @tanh_f64
// CHECK:         math.tanh %{{.*}} : f64
func.func @tanh_f64(%x: f64) -> f64 {
  %t = math.tanh %x : f64
  return %t : f64
}
