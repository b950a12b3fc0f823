// RUN: scan-opt %s --scan-push-out-accumulations --split-input-file | FileCheck %s

// acc_t = acc_{t-1} + p_t q_t^T, only the last step read: the stacks of p
// and q leave the loop and one matrix product sums them.
// CHECK-LABEL: func.func @outer_products
// CHECK-SAME: (%[[P:.*]]: tensor<?x4xf64>, %[[Q:.*]]: tensor<?x3xf64>, %[[INIT:.*]]: tensor<1x4x3xf64>)
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK-NEXT: sequences(%[[P]] : tensor<?x4xf64>, %[[Q]] : tensor<?x3xf64>)
// CHECK-NEXT: outputs(none -> tensor<?x4xf64>, none -> tensor<?x3xf64>) {
// CHECK: ^bb0(%[[PT:.*]]: tensor<4xf64>, %[[QT:.*]]: tensor<3xf64>):
// CHECK: %[[TWICE:.*]] = arith.addf %[[PT]], %[[PT]]
// CHECK-NOT: arith.addf
// CHECK: scan.yield %[[TWICE]], %[[QT]] : tensor<4xf64>, tensor<3xf64>
// CHECK: %[[FIRST:.*]] = tensor.extract_slice %[[INIT]][0, 0, 0] [1, 4, 3] [1, 1, 1] : tensor<1x4x3xf64> to tensor<4x3xf64>
// CHECK: %[[PS:.*]] = linalg.transpose ins(%[[R]]#0 : tensor<?x4xf64>)
// CHECK: %[[SUM:.*]] = linalg.matmul ins(%[[PS]], %[[R]]#1 : tensor<4x?xf64>, tensor<?x3xf64>) outs(%[[FIRST]] : tensor<4x3xf64>)
// CHECK: %[[ROW:.*]] = tensor.insert_slice %[[SUM]]
// CHECK: %[[LAST:.*]] = tensor.extract_slice %[[ROW]]
// CHECK: return %[[LAST]]
#outer_lhs = affine_map<(i, j) -> (i)>
#outer_rhs = affine_map<(i, j) -> (j)>
#outer_out = affine_map<(i, j) -> (i, j)>
func.func @outer_products(%p: tensor<?x4xf64>, %q: tensor<?x3xf64>,
                          %init: tensor<1x4x3xf64>) -> tensor<?x4x3xf64> {
  %acc = scan.scan sequences(%p : tensor<?x4xf64>, %q : tensor<?x3xf64>)
      outputs(%init : tensor<1x4x3xf64> -> tensor<?x4x3xf64> last 1) {
  ^bb0(%pt: tensor<4xf64>, %qt: tensor<3xf64>, %a: tensor<4x3xf64>):
    %twice = arith.addf %pt, %pt : tensor<4xf64>
    %empty = tensor.empty() : tensor<4x3xf64>
    %outer = linalg.generic {indexing_maps = [#outer_lhs, #outer_rhs, #outer_out],
                             iterator_types = ["parallel", "parallel"]}
        ins(%twice, %qt : tensor<4xf64>, tensor<3xf64>) outs(%empty : tensor<4x3xf64>) {
    ^bb0(%x: f64, %y: f64, %o: f64):
      %m = arith.mulf %x, %y : f64
      linalg.yield %m : f64
    } -> tensor<4x3xf64>
    %next = arith.addf %a, %outer : tensor<4x3xf64>
    scan.yield %next : tensor<4x3xf64>
  }
  return %acc : tensor<?x4x3xf64>
}

// -----

// The whole history is read: every partial sum is needed, nothing moves.
// CHECK-LABEL: func.func @full_history
// CHECK: outputs(%{{.*}} : tensor<1x4x3xf64> -> tensor<?x4x3xf64>)
// CHECK: arith.addf
// CHECK-NOT: linalg.matmul
#outer_lhs = affine_map<(i, j) -> (i)>
#outer_rhs = affine_map<(i, j) -> (j)>
#outer_out = affine_map<(i, j) -> (i, j)>
func.func @full_history(%p: tensor<?x4xf64>, %q: tensor<?x3xf64>,
                        %init: tensor<1x4x3xf64>) -> tensor<?x4x3xf64> {
  %acc = scan.scan sequences(%p : tensor<?x4xf64>, %q : tensor<?x3xf64>)
      outputs(%init : tensor<1x4x3xf64> -> tensor<?x4x3xf64>) {
  ^bb0(%pt: tensor<4xf64>, %qt: tensor<3xf64>, %a: tensor<4x3xf64>):
    %empty = tensor.empty() : tensor<4x3xf64>
    %outer = linalg.generic {indexing_maps = [#outer_lhs, #outer_rhs, #outer_out],
                             iterator_types = ["parallel", "parallel"]}
        ins(%pt, %qt : tensor<4xf64>, tensor<3xf64>) outs(%empty : tensor<4x3xf64>) {
    ^bb0(%x: f64, %y: f64, %o: f64):
      %m = arith.mulf %x, %y : f64
      linalg.yield %m : f64
    } -> tensor<4x3xf64>
    %next = arith.addf %a, %outer : tensor<4x3xf64>
    scan.yield %next : tensor<4x3xf64>
  }
  return %acc : tensor<?x4x3xf64>
}

// -----

// The step reads the accumulator for something else: nothing moves.
// CHECK-LABEL: func.func @accumulator_read
// CHECK: outputs(%{{.*}} : tensor<1x4x3xf64> -> tensor<?x4x3xf64> last 1)
// CHECK-NOT: linalg.matmul
#outer_lhs = affine_map<(i, j) -> (i)>
#outer_rhs = affine_map<(i, j) -> (j)>
#outer_out = affine_map<(i, j) -> (i, j)>
func.func @accumulator_read(%p: tensor<?x4xf64>, %q: tensor<?x3xf64>,
                            %init: tensor<1x4x3xf64>) -> tensor<?x4x3xf64> {
  %acc = scan.scan sequences(%p : tensor<?x4xf64>, %q : tensor<?x3xf64>)
      outputs(%init : tensor<1x4x3xf64> -> tensor<?x4x3xf64> last 1) {
  ^bb0(%pt: tensor<4xf64>, %qt: tensor<3xf64>, %a: tensor<4x3xf64>):
    %empty = tensor.empty() : tensor<4x3xf64>
    %outer = linalg.generic {indexing_maps = [#outer_lhs, #outer_rhs, #outer_out],
                             iterator_types = ["parallel", "parallel"]}
        ins(%pt, %qt : tensor<4xf64>, tensor<3xf64>) outs(%empty : tensor<4x3xf64>) {
    ^bb0(%x: f64, %y: f64, %o: f64):
      %m = arith.mulf %x, %y : f64
      linalg.yield %m : f64
    } -> tensor<4x3xf64>
    %scaled = arith.mulf %a, %outer : tensor<4x3xf64>
    %next = arith.addf %a, %scaled : tensor<4x3xf64>
    scan.yield %next : tensor<4x3xf64>
  }
  return %acc : tensor<?x4x3xf64>
}

// -----

// A result of static length read only at its last row (scan-save-mem does
// not shrink static lengths): the sum goes into that row.
// CHECK-LABEL: func.func @static_length
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK: %[[SUM:.*]] = linalg.matmul
// CHECK: %[[FULL:.*]] = tensor.empty() : tensor<5x4x3xf64>
// CHECK: %[[WITH:.*]] = tensor.insert_slice %[[SUM]] into %[[FULL]][4, 0, 0] [1, 4, 3] [1, 1, 1] : tensor<4x3xf64> into tensor<5x4x3xf64>
// CHECK: tensor.extract_slice %[[WITH]][4, 0, 0] [1, 4, 3] [1, 1, 1]
#outer_lhs = affine_map<(i, j) -> (i)>
#outer_rhs = affine_map<(i, j) -> (j)>
#outer_out = affine_map<(i, j) -> (i, j)>
func.func @static_length(%p: tensor<5x4xf64>, %q: tensor<5x3xf64>,
                         %init: tensor<1x4x3xf64>) -> tensor<4x3xf64> {
  %acc = scan.scan sequences(%p : tensor<5x4xf64>, %q : tensor<5x3xf64>)
      outputs(%init : tensor<1x4x3xf64> -> tensor<5x4x3xf64>) {
  ^bb0(%pt: tensor<4xf64>, %qt: tensor<3xf64>, %a: tensor<4x3xf64>):
    %empty = tensor.empty() : tensor<4x3xf64>
    %outer = linalg.generic {indexing_maps = [#outer_lhs, #outer_rhs, #outer_out],
                             iterator_types = ["parallel", "parallel"]}
        ins(%pt, %qt : tensor<4xf64>, tensor<3xf64>) outs(%empty : tensor<4x3xf64>) {
    ^bb0(%x: f64, %y: f64, %o: f64):
      %m = arith.mulf %x, %y : f64
      linalg.yield %m : f64
    } -> tensor<4x3xf64>
    %next = arith.addf %a, %outer : tensor<4x3xf64>
    scan.yield %next : tensor<4x3xf64>
  }
  %last = tensor.extract_slice %acc[4, 0, 0] [1, 4, 3] [1, 1, 1] : tensor<5x4x3xf64> to tensor<4x3xf64>
  return %last : tensor<4x3xf64>
}

// -----

// A batch: acc_t = acc_{t-1} + transpose(X_t) G_t. The [T, 2, 4] and
// [T, 2, 3] stacks are the [2T, 4] and [2T, 3] rows of one product.
// CHECK-LABEL: func.func @batched_products
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK-NEXT: sequences(
// CHECK-NEXT: outputs(none -> tensor<?x2x4xf64>, none -> tensor<?x2x3xf64>) {
// CHECK: scan.yield %{{.*}}, %{{.*}} : tensor<2x4xf64>, tensor<2x3xf64>
// CHECK: %[[XS:.*]] = tensor.reshape %[[R]]#0(%{{.*}}) : (tensor<?x2x4xf64>, tensor<2xindex>) -> tensor<?x4xf64>
// CHECK: %[[GS:.*]] = tensor.reshape %[[R]]#1(%{{.*}}) : (tensor<?x2x3xf64>, tensor<2xindex>) -> tensor<?x3xf64>
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[XS]] : tensor<?x4xf64>)
// CHECK: linalg.matmul ins(%[[XT]], %[[GS]] : tensor<4x?xf64>, tensor<?x3xf64>)
func.func @batched_products(%x: tensor<?x2x4xf64>, %g: tensor<?x2x3xf64>,
                            %init: tensor<1x4x3xf64>) -> tensor<?x4x3xf64> {
  %acc = scan.scan sequences(%x : tensor<?x2x4xf64>, %g : tensor<?x2x3xf64>)
      outputs(%init : tensor<1x4x3xf64> -> tensor<?x4x3xf64> last 1) {
  ^bb0(%xt: tensor<2x4xf64>, %gt: tensor<2x3xf64>, %a: tensor<4x3xf64>):
    %e = tensor.empty() : tensor<4x2xf64>
    %t = linalg.transpose ins(%xt : tensor<2x4xf64>) outs(%e : tensor<4x2xf64>) permutation = [1, 0]
    %zero = arith.constant 0.0 : f64
    %z = tensor.empty() : tensor<4x3xf64>
    %zeros = linalg.fill ins(%zero : f64) outs(%z : tensor<4x3xf64>) -> tensor<4x3xf64>
    %p = linalg.matmul ins(%t, %gt : tensor<4x2xf64>, tensor<2x3xf64>) outs(%zeros : tensor<4x3xf64>) -> tensor<4x3xf64>
    %next = arith.addf %a, %p : tensor<4x3xf64>
    scan.yield %next : tensor<4x3xf64>
  }
  return %acc : tensor<?x4x3xf64>
}
