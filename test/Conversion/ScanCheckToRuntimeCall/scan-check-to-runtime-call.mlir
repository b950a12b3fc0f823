// RUN: scan-opt %s --convert-scan-check-to-runtime-call | FileCheck %s

// A check becomes a call of the runtime's error function guarded by its
// failed condition; a check with a message passes the address and length of
// a constant global holding the message (one per distinct message).
// CHECK: memref.global "private" constant @[[MSG:__scanjit_message[_0-9]*]] : memref<8xi8> = dense<[112, 111, 115, 105, 116, 105, 118, 101]>
// CHECK-NOT: memref.global
// CHECK: func.func private @scanjit_rt_error(i32, i64, i64, i64)
// CHECK-LABEL: func.func @checks
// CHECK-SAME: (%[[OK:.*]]: i1, %[[I:.*]]: i64, %[[N:.*]]: i64)
// CHECK: %[[FAILED:.*]] = arith.xori %[[OK]], %{{.*}} : i1
// CHECK: scf.if %[[FAILED]] {
// CHECK:   %[[CODE:.*]] = arith.constant 6 : i32
// CHECK:   func.call @scanjit_rt_error(%[[CODE]], %[[I]], %{{.*}}, %[[N]])
// CHECK: }
// CHECK: scf.if
// CHECK:   %[[GLOBAL:.*]] = memref.get_global @[[MSG]] : memref<8xi8>
// CHECK:   %[[ADDRESS:.*]] = memref.extract_aligned_pointer_as_index %[[GLOBAL]]
// CHECK:   %[[ADDRESS64:.*]] = arith.index_cast %[[ADDRESS]] : index to i64
// CHECK:   %[[LENGTH:.*]] = arith.constant 8 : i64
// CHECK:   func.call @scanjit_rt_error(%{{.*}}, %[[ADDRESS64]], %[[LENGTH]], %{{.*}})
// CHECK-NOT: scan.check
// CHECK: return
func.func @checks(%ok: i1, %i: i64, %n: i64) {
  %c0 = arith.constant 0 : i64
  scan.check %ok, code 6(%i, %c0, %n : i64, i64, i64)
  scan.check %ok, code 9 message "positive"
  scan.check %ok, code 9 message "positive"
  return
}

// A check whose condition is the constant false reports unconditionally.
// CHECK-LABEL: func.func @always_fails
// CHECK-NOT: scf.if
// CHECK: call @scanjit_rt_error
func.func @always_fails() {
  %false = arith.constant false
  scan.check %false, code 5
  return
}
