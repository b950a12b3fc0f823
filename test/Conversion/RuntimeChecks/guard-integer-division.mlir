// RUN: scan-opt %s --scan-guard-integer-division --split-input-file | FileCheck %s

// A signed division by a run-time divisor: zero is reported, and zero and
// INT_MIN / -1 divide by 1 instead.

// CHECK-LABEL: func.func @signed
// CHECK-SAME: (%[[A:.*]]: i64, %[[B:.*]]: i64)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[IS_ZERO:.*]] = arith.cmpi eq, %[[B]], %[[ZERO]] : i64
// CHECK: scf.if %[[IS_ZERO]] {
// CHECK:   %[[CODE:.*]] = arith.constant 12 : i32
// CHECK:   func.call @scanjit_rt_error(%[[CODE]], {{.*}}) : (i32, i64, i64, i64) -> ()
// CHECK: }
// CHECK: %[[MIN:.*]] = arith.constant -9223372036854775808 : i64
// CHECK: %[[IS_MIN:.*]] = arith.cmpi eq, %[[A]], %[[MIN]] : i64
// CHECK: %[[M1:.*]] = arith.constant -1 : i64
// CHECK: %[[IS_M1:.*]] = arith.cmpi eq, %[[B]], %[[M1]] : i64
// CHECK: %[[OVERFLOW:.*]] = arith.andi %[[IS_MIN]], %[[IS_M1]] : i1
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[IS_ZERO]], %[[OVERFLOW]] : i1
// CHECK: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %[[ONE]], %[[B]] : i64
// CHECK: %[[Q:.*]] = arith.divsi %[[A]], %[[SAFE]] : i64
// CHECK: return %[[Q]]
func.func @signed(%a: i64, %b: i64) -> i64 {
  %q = arith.divsi %a, %b : i64
  return %q : i64
}

// -----

// Unsigned divisions and remainders need only the zero check; index
// divisions are guarded too.

// CHECK-LABEL: func.func @unsigned
// CHECK-SAME: (%[[A:.*]]: i32, %[[B:.*]]: i32, %[[I:.*]]: index, %[[J:.*]]: index)
// CHECK: %[[Z:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : i32
// CHECK: scf.if %[[Z]]
// CHECK: %[[SAFE:.*]] = arith.select %[[Z]], %{{.*}}, %[[B]] : i32
// CHECK-NOT: arith.andi
// CHECK: arith.remui %[[A]], %[[SAFE]] : i32
// CHECK: %[[ZI:.*]] = arith.cmpi eq, %[[J]], %{{.*}} : index
// CHECK: scf.if %[[ZI]]
// CHECK: %[[SAFEI:.*]] = arith.select %[[ZI]], %{{.*}}, %[[J]] : index
// CHECK: arith.ceildivui %[[I]], %[[SAFEI]] : index
func.func @unsigned(%a: i32, %b: i32, %i: index, %j: index) -> (i32, index) {
  %r = arith.remui %a, %b : i32
  %c = arith.ceildivui %i, %j : index
  return %r, %c : i32, index
}

// -----

// Constant divisors that are safe are left alone; -1 needs only the
// INT_MIN check, without a report; a constant dividend that is not INT_MIN
// needs none.

// CHECK-LABEL: func.func @constants
// CHECK-SAME: (%[[A:.*]]: i64)
// CHECK-NOT: scf.if
// CHECK: %[[Q:.*]] = arith.divsi %[[A]], %{{.*}} : i64
// CHECK: %[[IS_MIN:.*]] = arith.cmpi eq, %[[A]], %{{.*}} : i64
// CHECK: %[[IS_M1:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i64
// CHECK: %[[OVERFLOW:.*]] = arith.andi %[[IS_MIN]], %[[IS_M1]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[OVERFLOW]], %{{.*}}, %{{.*}} : i64
// CHECK: %[[F:.*]] = arith.floordivsi %[[A]], %[[SAFE]] : i64
// CHECK-NEXT: %[[N:.*]] = arith.remsi %{{.*}}, %{{.*}} : i64
// CHECK-NOT: scf.if
// CHECK: return %[[Q]], %[[F]], %[[N]]
func.func @constants(%a: i64) -> (i64, i64, i64) {
  %c3 = arith.constant 3 : i64
  %cm1 = arith.constant -1 : i64
  %c5 = arith.constant 5 : i64
  %q = arith.divsi %a, %c3 : i64
  %f = arith.floordivsi %a, %cm1 : i64
  %n = arith.remsi %c5, %cm1 : i64
  return %q, %f, %n : i64, i64, i64
}
