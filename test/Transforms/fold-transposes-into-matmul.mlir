// RUN: scan-opt %s --split-input-file \
// RUN:   --pass-pipeline='builtin.module(func.func(scan-fold-transposes-into-matmul))' \
// RUN:   | FileCheck %s

// transpose(P) Q and R transpose(S): each matmul reads the transpose's input
// through a swapped map, and the copies go.
// CHECK-DAG: #[[MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[KN:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @both_sides
// CHECK-SAME: (%[[P:.*]]: tensor<8x4xf32>, %[[Q:.*]]: tensor<8x5xf32>, %[[R:.*]]: tensor<4x8xf32>, %[[S:.*]]: tensor<5x8xf32>
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul indexing_maps = [#[[KM]], #[[KN]], #[[MN]]] ins(%[[P]], %[[Q]] : tensor<8x4xf32>, tensor<8x5xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[MK]], #[[NK]], #[[MN]]] ins(%[[R]], %[[S]] : tensor<4x8xf32>, tensor<5x8xf32>)
func.func @both_sides(%P: tensor<8x4xf32>, %Q: tensor<8x5xf32>,
                      %R: tensor<4x8xf32>, %S: tensor<5x8xf32>,
                      %Z: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %pt = linalg.transpose ins(%P : tensor<8x4xf32>) outs(%e : tensor<4x8xf32>) permutation = [1, 0]
  %a = linalg.matmul ins(%pt, %Q : tensor<4x8xf32>, tensor<8x5xf32>)
      outs(%Z : tensor<4x5xf32>) -> tensor<4x5xf32>
  %e2 = tensor.empty() : tensor<8x5xf32>
  %st = linalg.transpose ins(%S : tensor<5x8xf32>) outs(%e2 : tensor<8x5xf32>) permutation = [1, 0]
  %b = linalg.matmul ins(%R, %st : tensor<4x8xf32>, tensor<8x5xf32>)
      outs(%Z : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %a, %b : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// Both operands transposed: both maps swap. A transpose that something else
// reads too stays (for that reader).
// CHECK: #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-NEXT: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-NEXT: #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @shared_transpose
// CHECK-SAME: (%[[P:.*]]: tensor<8x4xf32>, %[[S:.*]]: tensor<5x8xf32>
// CHECK: %[[PT:.*]] = linalg.transpose ins(%[[P]]
// CHECK: linalg.matmul indexing_maps = [#[[KM]], #[[NK]], #[[MN]]] ins(%[[P]], %[[S]] : tensor<8x4xf32>, tensor<5x8xf32>)
// CHECK: return %{{.*}}, %[[PT]]
func.func @shared_transpose(%P: tensor<8x4xf32>, %S: tensor<5x8xf32>,
                            %Z: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %pt = linalg.transpose ins(%P : tensor<8x4xf32>) outs(%e : tensor<4x8xf32>) permutation = [1, 0]
  %e2 = tensor.empty() : tensor<8x5xf32>
  %st = linalg.transpose ins(%S : tensor<5x8xf32>) outs(%e2 : tensor<8x5xf32>) permutation = [1, 0]
  %a = linalg.matmul ins(%pt, %st : tensor<4x8xf32>, tensor<8x5xf32>)
      outs(%Z : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %a, %pt : tensor<4x5xf32>, tensor<4x8xf32>
}

// -----

// Left alone: a matmul whose map broadcasts an operand, and a matmul on
// buffers.
// CHECK-LABEL: func.func @kept
// CHECK: %[[ST:.*]] = linalg.transpose
// CHECK: linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%{{.*}}, %[[ST]] : tensor<8xf32>, tensor<8x5xf32>)
// CHECK: linalg.transpose
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x8xf32>, memref<8x5xf32>)
func.func @kept(%v: tensor<8xf32>, %S: tensor<5x8xf32>, %Z: tensor<4x5xf32>,
                %M: memref<8x4xf32>, %N: memref<8x5xf32>, %O: memref<4x5xf32>)
    -> tensor<4x5xf32> {
  %e = tensor.empty() : tensor<8x5xf32>
  %st = linalg.transpose ins(%S : tensor<5x8xf32>) outs(%e : tensor<8x5xf32>) permutation = [1, 0]
  %a = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>,
                                      affine_map<(d0, d1, d2) -> (d2, d1)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%v, %st : tensor<8xf32>, tensor<8x5xf32>)
      outs(%Z : tensor<4x5xf32>) -> tensor<4x5xf32>
  %mt = memref.alloc() : memref<4x8xf32>
  linalg.transpose ins(%M : memref<8x4xf32>) outs(%mt : memref<4x8xf32>) permutation = [1, 0]
  linalg.matmul ins(%mt, %N : memref<4x8xf32>, memref<8x5xf32>) outs(%O : memref<4x5xf32>)
  memref.dealloc %mt : memref<4x8xf32>
  return %a : tensor<4x5xf32>
}
