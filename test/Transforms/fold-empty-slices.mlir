// RUN: scan-opt %s --scan-fold-empty-slices --split-input-file | FileCheck %s

// A slice of a tensor with a zero-size dimension is an empty tensor of the
// slice's sizes (rank-reducing slices drop their unit dimensions).
// CHECK-LABEL: func.func @extract
// CHECK-SAME: (%[[X:.*]]: tensor<0x2xf64>, %[[I:.*]]: index, %[[N:.*]]: index)
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2xf64>
// CHECK: %[[R:.*]] = tensor.empty() : tensor<2xf64>
// CHECK: return %[[E]], %[[R]]
func.func @extract(%x: tensor<0x2xf64>, %i: index, %n: index)
    -> (tensor<?x2xf64>, tensor<2xf64>) {
  %s = tensor.extract_slice %x[%i, 0] [%n, 2] [1, 1]
      : tensor<0x2xf64> to tensor<?x2xf64>
  %row = tensor.extract_slice %x[%i, 0] [1, 2] [1, 1]
      : tensor<0x2xf64> to tensor<2xf64>
  return %s, %row : tensor<?x2xf64>, tensor<2xf64>
}

// -----

// Inserting into a tensor with no elements gives that tensor; a slice of
// what a cast made from one is empty too.
// CHECK-LABEL: func.func @insert
// CHECK-SAME: (%[[D:.*]]: tensor<0x3xf32>, %{{.*}}: tensor<?x3xf32>, %[[I:.*]]: index, %[[N:.*]]: index)
// CHECK-NOT: tensor.insert_slice
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK: return %[[D]], %[[E]]
func.func @insert(%dest: tensor<0x3xf32>, %part: tensor<?x3xf32>, %i: index,
                  %n: index) -> (tensor<0x3xf32>, tensor<?x3xf32>) {
  %r = tensor.insert_slice %part into %dest[%i, 0] [%n, 3] [1, 1]
      : tensor<?x3xf32> into tensor<0x3xf32>
  %c = tensor.cast %dest : tensor<0x3xf32> to tensor<?x?xf32>
  %s = tensor.extract_slice %c[%i, 0] [%n, 3] [1, 1]
      : tensor<?x?xf32> to tensor<?x3xf32>
  return %r, %s : tensor<0x3xf32>, tensor<?x3xf32>
}

// -----

// Slices of tensors with elements are left alone.
// CHECK-LABEL: func.func @nonempty
// CHECK: tensor.extract_slice
func.func @nonempty(%x: tensor<4x2xf64>, %n: index) -> tensor<?x2xf64> {
  %s = tensor.extract_slice %x[0, 0] [%n, 2] [1, 1]
      : tensor<4x2xf64> to tensor<?x2xf64>
  return %s : tensor<?x2xf64>
}
