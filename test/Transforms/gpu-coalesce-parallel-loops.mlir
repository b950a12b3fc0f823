// RUN: scan-opt %s --scan-gpu-coalesce-parallel-loops | FileCheck %s

// The contiguous (last) dimension comes first, where the block's threads
// will walk it.
// CHECK-LABEL: func.func @fill(
// CHECK-SAME:      %[[M:[a-z0-9]+]]: index, %[[N:[a-z0-9]+]]: index
// CHECK:         scf.parallel (%[[J:.*]], %[[I:.*]]) = (%c0, %c0) to (%[[N]], %[[M]]) step (%c1, %c1) {
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
func.func @fill(%m: index, %n: index, %x: memref<?x?xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%m, %n) step (%c1, %c1) {
    memref.store %v, %x[%i, %j] : memref<?x?xf32>
  }
  return
}

// One dimension: nothing to order.
// CHECK-LABEL: func.func @vector(
// CHECK:         scf.parallel (%{{.*}}) = (%c0) to (%arg0) step (%c1)
func.func @vector(%n: index, %x: memref<?xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %v, %x[%i] : memref<?xf32>
  }
  return
}
