// RUN: scan-opt %s --scan-guard-allocations --split-input-file | FileCheck %s

// A dynamic size: the byte count in checked arithmetic before the
// allocation, a null check after it; both failures return poison.

// CHECK: func.func private @scanjit_rt_error(i32, i64, i64, i64)
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[N:.*]]: index) -> memref<?xf64>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[LIMIT:.*]] = arith.constant 4611686018427387904 : index
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : index
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi slt, %[[N]], %[[ZERO]] : index
// CHECK: %[[LOW:.*]], %[[HIGH:.*]] = arith.mului_extended %[[EIGHT]], %[[N]] : index
// CHECK: %[[WRAPS:.*]] = arith.cmpi ne, %[[HIGH]], %[[ZERO]] : index
// CHECK: %[[BAD1:.*]] = arith.ori %[[NEGATIVE]], %[[WRAPS]] : i1
// CHECK: %[[TOO_MANY:.*]] = arith.cmpi ugt, %[[LOW]], %[[LIMIT]] : index
// CHECK: %[[BAD:.*]] = arith.ori %[[BAD1]], %[[TOO_MANY]] : i1
// CHECK: cf.cond_br %[[BAD]], ^[[REPORT:.*]], ^[[ALLOC:.*]]
// CHECK: ^[[ALLOC]]:
// CHECK: %[[M:.*]] = memref.alloc(%[[N]]) : memref<?xf64>
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[M]]
// CHECK: %[[NULL:.*]] = arith.cmpi eq, %[[P]], %{{.*}} : index
// CHECK: cf.cond_br %[[NULL]], ^[[EXIT:.*]], ^[[REST:.*]]
// CHECK: ^[[REST]]:
// CHECK: return %[[M]] : memref<?xf64>
// CHECK: ^[[REPORT]]:
// CHECK: %[[SIZES:.*]] = memref.alloca() : memref<1xi64>
// CHECK: memref.store %{{.*}}, %[[SIZES]][%{{.*}}] : memref<1xi64>
// CHECK: %[[CODE:.*]] = arith.constant 13 : i32
// CHECK: call @scanjit_rt_error(%[[CODE]], %{{.*}}, %{{.*}}, %{{.*}}) : (i32, i64, i64, i64) -> ()
// CHECK: cf.br ^[[EXIT]]
// CHECK: ^[[EXIT]]:
// CHECK-NEXT: llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
// CHECK-NEXT: %[[POISON:.*]] = ub.poison : memref<?xf64>
// CHECK: return %[[POISON]] : memref<?xf64>
func.func @dynamic(%n: index) -> memref<?xf64> {
  %m = memref.alloc(%n) : memref<?xf64>
  return %m : memref<?xf64>
}

// -----

// A static size needs only the null check; the error function is not
// declared (the heap reports the failure itself).

// CHECK-LABEL: func.func @static
// CHECK-NOT: arith.mului_extended
// CHECK: %[[M:.*]] = memref.alloc() : memref<4xf32>
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[M]]
// CHECK: cf.cond_br %{{.*}}, ^[[EXIT:.*]], ^[[REST:.*]]
// CHECK: ^[[REST]]:
// CHECK: return %{{.*}} : f32
// CHECK: ^[[EXIT]]:
// CHECK: ub.poison : f32
// CHECK-NOT: scanjit_rt_error
func.func @static(%x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<4xf32>
  memref.store %x, %m[%c0] : memref<4xf32>
  %y = memref.load %m[%c0] : memref<4xf32>
  memref.dealloc %m : memref<4xf32>
  return %y : f32
}
