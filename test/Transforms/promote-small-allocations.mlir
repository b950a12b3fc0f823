// RUN: scan-opt %s --split-input-file \
// RUN:   --pass-pipeline='builtin.module(func.func(scan-promote-small-allocations{max-bytes=64 max-total-bytes=96}))' \
// RUN:   | FileCheck %s

// A buffer allocated at the top level, of static size, and freed there
// moves to the stack; its free goes.
// CHECK-LABEL: func.func @ring
// CHECK: %[[RING:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1xf64>
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[RING]]
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @ring(%x: f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %ring = memref.alloc() {alignment = 64 : i64} : memref<1xf64>
  scf.for %i = %c0 to %c10 step %c1 {
    memref.store %x, %ring[%c0] : memref<1xf64>
  }
  memref.dealloc %ring : memref<1xf64>
  return
}

// -----

// Returned buffers, buffers of dynamic size, buffers larger than max-bytes
// and buffers allocated inside a loop stay on the heap.
// CHECK-LABEL: func.func @kept
// CHECK: memref.alloc() : memref<4xf64>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK: memref.alloc() : memref<9xf64>
// CHECK: scf.for
// CHECK: memref.alloc() : memref<2xf64>
// CHECK-NOT: memref.alloca
func.func @kept(%n: index) -> memref<4xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %returned = memref.alloc() : memref<4xf64>
  %dynamic = memref.alloc(%n) : memref<?xf64>
  %large = memref.alloc() : memref<9xf64>
  scf.for %i = %c0 to %n step %c1 {
    %inner = memref.alloc() : memref<2xf64>
    memref.dealloc %inner : memref<2xf64>
  }
  memref.dealloc %dynamic : memref<?xf64>
  memref.dealloc %large : memref<9xf64>
  return %returned : memref<4xf64>
}

// -----

// A buffer freed only on one path of a branch stays on the heap.
// CHECK-LABEL: func.func @conditional
// CHECK: memref.alloc() : memref<2xf64>
// CHECK-NOT: memref.alloca
func.func @conditional(%c: i1) {
  %buffer = memref.alloc() : memref<2xf64>
  scf.if %c {
    memref.dealloc %buffer : memref<2xf64>
  }
  return
}

// -----

// Promotion stops at max-total-bytes: of three 48-byte buffers two fit
// in 96 bytes.
// CHECK-LABEL: func.func @budget
// CHECK: memref.alloca() : memref<6xf64>
// CHECK: memref.alloca() : memref<12xi32>
// CHECK: memref.alloc() : memref<48xi1>
func.func @budget() {
  %a = memref.alloc() : memref<6xf64>
  %b = memref.alloc() : memref<12xi32>
  %c = memref.alloc() : memref<48xi1>
  memref.dealloc %a : memref<6xf64>
  memref.dealloc %b : memref<12xi32>
  memref.dealloc %c : memref<48xi1>
  return
}
