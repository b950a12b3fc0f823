// RUN: scan-opt %s --scan-gpu-device-errors | FileCheck %s

// A kernel's error report becomes a claim of the error record; the host
// reports what the record holds after the launch, and clears it.
// CHECK-LABEL: func.func @divides(
// CHECK:         %[[RECORD:.*]] = gpu.alloc  host_shared () : memref<4xi64>
// CHECK:         memref.store %{{.*}}, %[[RECORD]][%{{.*}}] : memref<4xi64>
// CHECK:         gpu.launch
// CHECK-NOT:       call @scanjit_rt_error
// CHECK:           %[[OLD:.*]] = memref.generic_atomic_rmw %[[RECORD]][%{{.*}}] : memref<4xi64>
// CHECK:             arith.select
// CHECK:             memref.atomic_yield
// CHECK:           %[[WON:.*]] = arith.cmpi eq, %[[OLD]], %{{.*}} : i64
// CHECK:           scf.if %[[WON]] {
// CHECK-COUNT-3:     memref.store %{{.*}}, %[[RECORD]]
// CHECK:           gpu.terminator
// CHECK:         %[[CODE:.*]] = memref.load %[[RECORD]][%{{.*}}] : memref<4xi64>
// CHECK:         %[[FAILED:.*]] = arith.cmpi ne, %[[CODE]], %{{.*}} : i64
// CHECK:         scf.if %[[FAILED]] {
// CHECK:           %[[CODE32:.*]] = arith.trunci %[[CODE]] : i64 to i32
// CHECK:           call @scanjit_rt_error(%[[CODE32]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:           memref.store %{{.*}}, %[[RECORD]]
// CHECK:         memref.dealloc %[[RECORD]]
// CHECK-NEXT:    return
func.func private @scanjit_rt_error(i32, i64, i64, i64)
func.func @divides(%d: i64) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : i64
  %c12 = arith.constant 12 : i32
  %bad = arith.cmpi eq, %d, %c0 : i64
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    scf.if %bad {
      func.call @scanjit_rt_error(%c12, %c0, %c0, %c0) : (i32, i64, i64, i64) -> ()
    }
    gpu.terminator
  }
  return
}

// Host reports stay as they are, and no record is made.
// CHECK-LABEL: func.func @host_only(
// CHECK-NOT:     gpu.alloc
// CHECK:         call @scanjit_rt_error
func.func @host_only(%d: i64) {
  %c0 = arith.constant 0 : i64
  %c12 = arith.constant 12 : i32
  func.call @scanjit_rt_error(%c12, %d, %c0, %c0) : (i32, i64, i64, i64) -> ()
  return
}
