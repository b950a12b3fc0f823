// RUN: scan-opt %s --scan-push-out-sequences --split-input-file | FileCheck %s

// U x_t for every t is one matrix product before the loop; the body reads
// its row as a new sequence with the sequence's taps.
// CHECK-LABEL: func.func @matvec_of_a_sequence
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[H0:.*]]: tensor<1x3xf32>, %[[U:.*]]: tensor<3x4xf32>)
// CHECK: %[[UT:.*]] = linalg.transpose ins(%[[U]] : tensor<3x4xf32>)
// CHECK: %[[UX:.*]] = linalg.matmul ins(%[[X]], %[[UT]] : tensor<?x4xf32>, tensor<4x3xf32>)
// CHECK: scan.scan
// CHECK-NEXT: sequences(%[[X]] : tensor<?x4xf32>, %[[UX]] : tensor<?x3xf32>)
// CHECK: ^bb0(%{{.*}}: tensor<4xf32>, %[[UXT:.*]]: tensor<3xf32>, %[[H:.*]]: tensor<3xf32>, %{{.*}}: tensor<3x4xf32>):
// CHECK-NOT: linalg.matvec
// CHECK: %[[S:.*]] = arith.addf %[[UXT]], %[[H]]
func.func @matvec_of_a_sequence(%X: tensor<?x4xf32>, %h0: tensor<1x3xf32>,
                                %U: tensor<3x4xf32>) -> tensor<?x3xf32> {
  %r = scan.scan sequences(%X : tensor<?x4xf32>)
      outputs(%h0 : tensor<1x3xf32> -> tensor<?x3xf32>)
      non_sequences(%U : tensor<3x4xf32>) {
  ^bb0(%x: tensor<4xf32>, %h: tensor<3xf32>, %u: tensor<3x4xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<3xf32>
    %zeros = linalg.fill ins(%zero : f32) outs(%e : tensor<3xf32>) -> tensor<3xf32>
    %ux = linalg.matvec ins(%u, %x : tensor<3x4xf32>, tensor<4xf32>) outs(%zeros : tensor<3xf32>) -> tensor<3xf32>
    %s = arith.addf %ux, %h : tensor<3xf32>
    %t = math.tanh %s : tensor<3xf32>
    scan.yield %t : tensor<3xf32>
  }
  return %r : tensor<?x3xf32>
}

// -----

// A batch X_t U ([T, 2, 4] times [4, 3]): the [2T, 4] rows of one product,
// reshaped back to [T, 2, 3].
// CHECK-LABEL: func.func @batched_matmul
// CHECK: %[[ROWS:.*]] = tensor.reshape %{{.*}}(%{{.*}}) : (tensor<?x2x4xf32>, tensor<2xindex>) -> tensor<?x4xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[ROWS]], %{{.*}} : tensor<?x4xf32>, tensor<4x3xf32>)
// CHECK: %[[XU:.*]] = tensor.reshape %[[P]](%{{.*}}) : (tensor<?x3xf32>, tensor<3xindex>) -> tensor<?x2x3xf32>
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x2x4xf32>, %[[XU]] : tensor<?x2x3xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: scan.yield
func.func @batched_matmul(%X: tensor<?x2x4xf32>, %U: tensor<4x3xf32>) -> tensor<?x2x3xf32> {
  %r = scan.scan sequences(%X : tensor<?x2x4xf32>)
      outputs(none -> tensor<?x2x3xf32>)
      non_sequences(%U : tensor<4x3xf32>) {
  ^bb0(%x: tensor<2x4xf32>, %u: tensor<4x3xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x3xf32>
    %zeros = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
    %xu = linalg.matmul ins(%x, %u : tensor<2x4xf32>, tensor<4x3xf32>) outs(%zeros : tensor<2x3xf32>) -> tensor<2x3xf32>
    %t = math.tanh %xu : tensor<2x3xf32>
    scan.yield %t : tensor<2x3xf32>
  }
  return %r : tensor<?x2x3xf32>
}

// -----

// The matrix varies with the step (a recurrent output): nothing moves.
// CHECK-LABEL: func.func @step_dependent_matrix
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x2xf32>)
// CHECK: linalg.matvec
func.func @step_dependent_matrix(%X: tensor<?x2xf32>, %m0: tensor<1x2x2xf32>) -> tensor<?x2x2xf32> {
  %r = scan.scan sequences(%X : tensor<?x2xf32>)
      outputs(%m0 : tensor<1x2x2xf32> -> tensor<?x2x2xf32>) {
  ^bb0(%x: tensor<2xf32>, %m: tensor<2x2xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2xf32>
    %zeros = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
    %mx = linalg.matvec ins(%m, %x : tensor<2x2xf32>, tensor<2xf32>) outs(%zeros : tensor<2xf32>) -> tensor<2xf32>
    %e2 = tensor.empty() : tensor<2x2xf32>
    %next = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>],
                            iterator_types = ["parallel", "parallel"]}
        ins(%mx : tensor<2xf32>) outs(%e2 : tensor<2x2xf32>) {
    ^bb0(%a: f32, %o: f32):
      linalg.yield %a : f32
    } -> tensor<2x2xf32>
    scan.yield %next : tensor<2x2xf32>
  }
  return %r : tensor<?x2x2xf32>
}

// -----

// A product that accumulates into another value (the W3 RNN as written in
// MLIR: U x_t into W h + b) becomes that value plus the pushed-out row.
// CHECK-LABEL: func.func @accumulating_matvec
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[H0:.*]]: tensor<1x3xf32>, %[[W:.*]]: tensor<3x3xf32>, %[[U:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[UT:.*]] = linalg.transpose ins(%[[U]] : tensor<3x4xf32>)
// CHECK: %[[UX:.*]] = linalg.matmul ins(%[[X]], %[[UT]] : tensor<?x4xf32>, tensor<4x3xf32>)
// CHECK: scan.scan
// CHECK-NEXT: sequences(%[[X]] : tensor<?x4xf32>, %[[UX]] : tensor<?x3xf32>)
// CHECK: ^bb0(%{{.*}}: tensor<4xf32>, %[[UXT:.*]]: tensor<3xf32>, %[[H:.*]]: tensor<3xf32>, %[[WA:.*]]: tensor<3x3xf32>, %{{.*}}: tensor<3x4xf32>, %[[BA:.*]]: tensor<3xf32>):
// CHECK: %[[WH:.*]] = linalg.matvec ins(%[[WA]], %[[H]] : tensor<3x3xf32>, tensor<3xf32>) outs(%[[BA]] : tensor<3xf32>)
// CHECK: %[[S:.*]] = arith.addf %[[WH]], %[[UXT]] : tensor<3xf32>
// CHECK: math.tanh %[[S]]
func.func @accumulating_matvec(%X: tensor<?x4xf32>, %h0: tensor<1x3xf32>,
                               %W: tensor<3x3xf32>, %U: tensor<3x4xf32>,
                               %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %r = scan.scan sequences(%X : tensor<?x4xf32>)
      outputs(%h0 : tensor<1x3xf32> -> tensor<?x3xf32>)
      non_sequences(%W : tensor<3x3xf32>, %U : tensor<3x4xf32>, %b : tensor<3xf32>) {
  ^bb0(%x: tensor<4xf32>, %h: tensor<3xf32>, %w: tensor<3x3xf32>,
       %u: tensor<3x4xf32>, %bb: tensor<3xf32>):
    %wh = linalg.matvec ins(%w, %h : tensor<3x3xf32>, tensor<3xf32>) outs(%bb : tensor<3xf32>) -> tensor<3xf32>
    %y = linalg.matvec ins(%u, %x : tensor<3x4xf32>, tensor<4xf32>) outs(%wh : tensor<3xf32>) -> tensor<3xf32>
    %t = math.tanh %y : tensor<3xf32>
    scan.yield %t : tensor<3xf32>
  }
  return %r : tensor<?x3xf32>
}

// -----

// An integer product into a value that is not zero stays in the loop.
// CHECK-LABEL: func.func @accumulating_integer_matvec
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x2xi32>)
// CHECK: linalg.matvec
func.func @accumulating_integer_matvec(%X: tensor<?x2xi32>, %U: tensor<2x2xi32>,
                                       %c: tensor<2xi32>) -> tensor<?x2xi32> {
  %r = scan.scan sequences(%X : tensor<?x2xi32>)
      outputs(none -> tensor<?x2xi32>)
      non_sequences(%U : tensor<2x2xi32>, %c : tensor<2xi32>) {
  ^bb0(%x: tensor<2xi32>, %u: tensor<2x2xi32>, %cc: tensor<2xi32>):
    %y = linalg.matvec ins(%u, %x : tensor<2x2xi32>, tensor<2xi32>) outs(%cc : tensor<2xi32>) -> tensor<2xi32>
    scan.yield %y : tensor<2xi32>
  }
  return %r : tensor<?x2xi32>
}
