// RUN: scan-opt %s --split-input-file --scan-gpu-unified-memory | FileCheck %s

// Allocations become unified memory; arguments and constants a launching
// function reads are copied into it on entry and freed before the return.
// CHECK-LABEL: func.func @launches(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>) -> memref<?xf32>
// CHECK-DAG:   %[[C:.*]] = memref.get_global @c : memref<4xf32>
// CHECK-DAG:   %[[CS:.*]] = gpu.alloc  host_shared () : memref<4xf32>
// CHECK-DAG:   memref.copy %[[C]], %[[CS]]
// CHECK-DAG:   %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK-DAG:   %[[XS:.*]] = gpu.alloc  host_shared (%[[N]]) : memref<?xf32>
// CHECK-DAG:   memref.copy %[[X]], %[[XS]]
// CHECK:       %[[A:.*]] = gpu.alloc  host_shared (%{{.*}}) : memref<?xf32>
// CHECK:       gpu.launch_func @k::@k {{.*}} args(%[[XS]] : memref<?xf32>, %[[CS]] : memref<4xf32>, %[[A]] : memref<?xf32>)
// CHECK-NOT:   memref.dealloc %[[A]] :
// CHECK-DAG:   memref.dealloc %[[XS]] :
// CHECK-DAG:   memref.dealloc %[[CS]] :
// CHECK:       return %[[A]]
module attributes {gpu.container_module} {
memref.global "private" constant @c : memref<4xf32> = dense<1.0>
func.func @launches(%x: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %a = memref.alloc(%n) : memref<?xf32>
  %c = memref.get_global @c : memref<4xf32>
  gpu.launch_func @k::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
      args(%x : memref<?xf32>, %c : memref<4xf32>, %a : memref<?xf32>)
  return %a : memref<?xf32>
}
gpu.module @k {
  gpu.func @k(%x: memref<?xf32>, %c: memref<4xf32>, %a: memref<?xf32>) kernel {
    gpu.return
  }
}
}

// -----

// Host-only functions keep their arguments; their allocations still move.
// CHECK-LABEL: func.func @host_only(
// CHECK-NOT:   memref.copy
// CHECK:       gpu.alloc  host_shared () : memref<2xf32>
// CHECK:       memref.dealloc
func.func @host_only(%x: memref<2xf32>) {
  %a = memref.alloc() : memref<2xf32>
  memref.copy %x, %a : memref<2xf32> to memref<2xf32>
  memref.dealloc %a : memref<2xf32>
  return
}
