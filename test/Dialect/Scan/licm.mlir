// RUN: scan-opt %s --loop-invariant-code-motion | FileCheck %s

// scan.scan is a LoopLikeOpInterface: work that depends only on
// non-sequences moves out of the body (Theano's "push out" of invariants).
// CHECK-LABEL: func.func @hoist_invariant
// CHECK-SAME: (%[[S:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<f32>)
// CHECK: %[[SQ:.*]] = arith.mulf %[[W]], %[[W]]
// CHECK: scan.scan
// CHECK: ^bb0(%[[A:.*]]: tensor<f32>, %{{.*}}: tensor<f32>):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[SQ]]
// CHECK-NEXT: scan.yield %[[P]]
func.func @hoist_invariant(%s: tensor<4xf32>, %w: tensor<f32>) -> tensor<4xf32> {
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<4xf32>)
      non_sequences(%w : tensor<f32>) {
  ^bb0(%a: tensor<f32>, %ww: tensor<f32>):
    %sq = arith.mulf %w, %w : tensor<f32>
    %p = arith.mulf %a, %sq : tensor<f32>
    scan.yield %p : tensor<f32>
  }
  return %r : tensor<4xf32>
}
