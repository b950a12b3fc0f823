// RUN: scan-opt %s --convert-linalg-to-blas --split-input-file | FileCheck %s
// RUN: scan-opt %s --convert-linalg-to-blas=min-flops=100000000 --split-input-file | FileCheck %s --check-prefix=HIGH

// A large static matvec calls the BLAS glue with generic strided memrefs;
// with a higher threshold it stays a linalg op.
// The glue is declared once, with a C interface.
// CHECK: func.func private @scanjit_blas_matvec_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @matvec_static
// CHECK-SAME: (%[[A:.*]]: memref<512x512xf32>, %[[X:.*]]: memref<512xf32>, %[[Y:.*]]: memref<512xf32>)
// CHECK: %[[AC:.*]] = memref.cast %[[A]] : memref<512x512xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[XC:.*]] = memref.cast %[[X]] : memref<512xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK: %[[YC:.*]] = memref.cast %[[Y]]
// CHECK: call @scanjit_blas_matvec_f32(%[[AC]], %[[XC]], %[[YC]])
// CHECK-NOT: linalg.matvec
// HIGH-LABEL: func.func @matvec_static
// HIGH: linalg.matvec
// HIGH-NOT: call @scanjit_blas_matvec_f32
func.func @matvec_static(%A: memref<512x512xf32>, %x: memref<512xf32>, %y: memref<512xf32>) {
  linalg.matvec ins(%A, %x : memref<512x512xf32>, memref<512xf32>) outs(%y : memref<512xf32>)
  return
}

// -----

// A small static contraction stays a linalg op (it becomes loops).
// CHECK-LABEL: func.func @matmul_small
// CHECK: linalg.matmul
// CHECK-NOT: call
func.func @matmul_small(%A: memref<4x4xf64>, %B: memref<4x4xf64>, %C: memref<4x4xf64>) {
  linalg.matmul ins(%A, %B : memref<4x4xf64>, memref<4x4xf64>) outs(%C : memref<4x4xf64>)
  return
}

// -----

// Dynamic sizes: the multiply-add count decides at run time between the
// BLAS call and the loops.
// CHECK-LABEL: func.func @matmul_dynamic
// CHECK-SAME: (%[[A:.*]]: memref<?x?xf64>, %[[B:.*]]: memref<?x?xf64>, %[[C:.*]]: memref<?x?xf64>)
// CHECK-DAG: %[[M:.*]] = memref.dim %[[A]], %c0
// CHECK-DAG: %[[K:.*]] = memref.dim %[[A]], %c1
// CHECK-DAG: %[[N:.*]] = memref.dim %[[B]], %c1
// CHECK: %[[FLOPS:.*]] = arith.muli
// CHECK: %[[LARGE:.*]] = arith.cmpi sge, %{{.*}}, %c4096
// CHECK: scf.if %[[LARGE]] {
// CHECK: call @scanjit_blas_matmul_f64
// CHECK: } else {
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : memref<?x?xf64>, memref<?x?xf64>) outs(%[[C]] : memref<?x?xf64>)
// CHECK-NOT: scanjit.small_contraction
func.func @matmul_dynamic(%A: memref<?x?xf64>, %B: memref<?x?xf64>, %C: memref<?x?xf64>) {
  linalg.matmul ins(%A, %B : memref<?x?xf64>, memref<?x?xf64>) outs(%C : memref<?x?xf64>)
  return
}

// -----

// vecmat and dot, and an integer matmul that BLAS cannot take.
// CHECK-LABEL: func.func @others
// CHECK: call @scanjit_blas_vecmat_f64
// CHECK: call @scanjit_blas_dot_f32
// CHECK: linalg.matmul ins(%{{.*}} : memref<128x128xi32>, memref<128x128xi32>)
func.func @others(%x: memref<128xf64>, %A: memref<128x64xf64>, %y: memref<64xf64>,
                  %u: memref<8192xf32>, %v: memref<8192xf32>, %r: memref<f32>,
                  %I: memref<128x128xi32>, %J: memref<128x128xi32>) {
  linalg.vecmat ins(%x, %A : memref<128xf64>, memref<128x64xf64>) outs(%y : memref<64xf64>)
  linalg.dot ins(%u, %v : memref<8192xf32>, memref<8192xf32>) outs(%r : memref<f32>)
  linalg.matmul ins(%I, %J : memref<128x128xi32>, memref<128x128xi32>) outs(%I : memref<128x128xi32>)
  return
}

// -----

// Static loop sizes beside an operand of dynamic type (the matvec's loops
// come from the 3x3 matrix): decided at compile time; a small one stays a
// linalg op. The pattern used to make a memref.dim of every operand
// dimension and then fail, so the greedy driver never converged and the pass
// failed without a message.
// CHECK-LABEL: func.func @matvec_small_dynamic_vector
// CHECK-NOT: scf.if
// CHECK: linalg.matvec
// CHECK-NOT: call
func.func @matvec_small_dynamic_vector(%A: memref<3x3xf64>, %x: memref<?xf64>, %y: memref<3xf64>) {
  linalg.matvec ins(%A, %x : memref<3x3xf64>, memref<?xf64>) outs(%y : memref<3xf64>)
  return
}

// -----

// An output filled with +0 just before the contraction: the call overwrites
// it (beta = 0) and the fill goes. A fill of another value, of another
// buffer, or not right before the op stays, and the call accumulates.
// CHECK-LABEL: func.func @zero_filled_outputs
// CHECK-SAME: (%[[A:.*]]: memref<64x64xf32>, %[[X:.*]]: memref<64xf32>, %[[Y:.*]]: memref<64xf32>, %[[B:.*]]: memref<128x64xf32>, %[[C:.*]]: memref<128x64xf32>)
// CHECK-NOT: linalg.fill
// CHECK: call @scanjit_blas_matvec_overwrite_f32
// CHECK-NOT: linalg.fill
// CHECK: call @scanjit_blas_matmul_overwrite_f32
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[Y]] : memref<64xf32>)
// CHECK: call @scanjit_blas_vecmat_f32
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[Y]] : memref<64xf32>)
// CHECK: memref.store
// CHECK: call @scanjit_blas_matvec_f32
// CHECK: return
func.func @zero_filled_outputs(%A: memref<64x64xf32>, %x: memref<64xf32>,
                               %y: memref<64xf32>, %B: memref<128x64xf32>,
                               %C: memref<128x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  linalg.fill ins(%zero : f32) outs(%y : memref<64xf32>)
  linalg.matvec ins(%A, %x : memref<64x64xf32>, memref<64xf32>) outs(%y : memref<64xf32>)
  linalg.fill ins(%zero : f32) outs(%C : memref<128x64xf32>)
  linalg.matmul ins(%B, %A : memref<128x64xf32>, memref<64x64xf32>) outs(%C : memref<128x64xf32>)
  linalg.fill ins(%one : f32) outs(%y : memref<64xf32>)
  linalg.vecmat ins(%x, %A : memref<64xf32>, memref<64x64xf32>) outs(%y : memref<64xf32>)
  linalg.fill ins(%zero : f32) outs(%y : memref<64xf32>)
  memref.store %one, %y[%c0] : memref<64xf32>
  linalg.matvec ins(%A, %x : memref<64x64xf32>, memref<64xf32>) outs(%y : memref<64xf32>)
  return
}

// -----

// A matmul whose maps read an operand transposed passes that operand as a
// transposed view (the glue hands BLAS its column-major layout with
// CblasTrans); maps that broadcast stay loops.
// CHECK-LABEL: func.func @transposed_operands
// CHECK-SAME: (%[[P:.*]]: memref<128x64xf32>, %[[Q:.*]]: memref<128x64xf32>, %[[R:.*]]: memref<64x64xf32>, %[[V:.*]]: memref<64xf32>)
// CHECK: %[[PT:.*]] = memref.transpose %[[P]] (d0, d1) -> (d1, d0) : memref<128x64xf32> to memref<64x128xf32, strided<[1, 64]>>
// CHECK: %[[PTC:.*]] = memref.cast %[[PT]] : memref<64x128xf32, strided<[1, 64]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[QC:.*]] = memref.cast %[[Q]]
// CHECK: call @scanjit_blas_matmul_f32(%[[PTC]], %[[QC]], %{{.*}})
// CHECK: %[[RC:.*]] = memref.cast %[[R]]
// CHECK: %[[QT:.*]] = memref.transpose %[[Q]] (d0, d1) -> (d1, d0)
// CHECK: %[[QTC:.*]] = memref.cast %[[QT]]
// CHECK: call @scanjit_blas_matmul_f32(%[[RC]], %[[QTC]], %{{.*}})
// CHECK: linalg.matmul indexing_maps
// CHECK: return
func.func @transposed_operands(%P: memref<128x64xf32>, %Q: memref<128x64xf32>,
                               %R: memref<64x64xf32>, %V: memref<64xf32>) {
  linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>,
                                 affine_map<(d0, d1, d2) -> (d2, d1)>,
                                 affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%P, %Q : memref<128x64xf32>, memref<128x64xf32>) outs(%R : memref<64x64xf32>)
  %out = memref.alloc() : memref<64x128xf32>
  linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                 affine_map<(d0, d1, d2) -> (d1, d2)>,
                                 affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%R, %Q : memref<64x64xf32>, memref<128x64xf32>) outs(%out : memref<64x128xf32>)
  linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>,
                                 affine_map<(d0, d1, d2) -> (d2, d1)>,
                                 affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%V, %R : memref<64xf32>, memref<64x64xf32>) outs(%R : memref<64x64xf32>)
  memref.dealloc %out : memref<64x128xf32>
  return
}
