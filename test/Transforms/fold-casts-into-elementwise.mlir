// RUN: scan-opt %s --scan-fold-casts-into-elementwise --split-input-file | FileCheck %s

// Operands that all erase the same static shape: the op computes on it.
// CHECK-LABEL: func.func @same_static_shape
// CHECK-SAME: (%[[X:.*]]: tensor<10xf64>, %[[Y:.*]]: tensor<10xf64>)
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : tensor<10xf64>
// CHECK: %[[C:.*]] = tensor.cast %[[P]] : tensor<10xf64> to tensor<?xf64>
// CHECK: return %[[C]]
func.func @same_static_shape(%x: tensor<10xf64>, %y: tensor<10xf64>) -> tensor<?xf64> {
  %a = tensor.cast %x : tensor<10xf64> to tensor<?xf64>
  %b = tensor.cast %y : tensor<10xf64> to tensor<?xf64>
  %p = arith.mulf %a, %b : tensor<?xf64>
  return %p : tensor<?xf64>
}

// -----

// A comparison keeps its own element type.
// CHECK-LABEL: func.func @comparison
// CHECK: %[[L:.*]] = arith.cmpf olt, %{{.*}}, %{{.*}} : tensor<2x3xf32>
// CHECK: tensor.cast %[[L]] : tensor<2x3xi1> to tensor<?x3xi1>
func.func @comparison(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<?x3xi1> {
  %a = tensor.cast %x : tensor<2x3xf32> to tensor<?x3xf32>
  %b = tensor.cast %y : tensor<2x3xf32> to tensor<?x3xf32>
  %l = arith.cmpf olt, %a, %b : tensor<?x3xf32>
  return %l : tensor<?x3xi1>
}

// -----

// Different static shapes, or an operand that is not a cast: left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK: arith.addf %{{.*}}, %{{.*}} : tensor<?xf64>
// CHECK: math.tanh %{{.*}} : tensor<?xf64>
func.func @left_alone(%x: tensor<2xf64>, %y: tensor<3xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %a = tensor.cast %x : tensor<2xf64> to tensor<?xf64>
  %b = tensor.cast %y : tensor<3xf64> to tensor<?xf64>
  %s = arith.addf %a, %b : tensor<?xf64>
  %t = math.tanh %z : tensor<?xf64>
  return %s, %t : tensor<?xf64>, tensor<?xf64>
}
