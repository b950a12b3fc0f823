// RUN: scan-opt %s --scan-hoist-invariants --split-input-file | FileCheck %s

// transpose(W) reads only a non-sequence: it runs once, before the loop,
// with the empty tensor it writes into; the product with the step's value
// stays.
// CHECK-LABEL: func.func @transpose_of_weight
// CHECK-SAME: (%[[G:.*]]: tensor<?x4xf64>, %[[W:.*]]: tensor<4x4xf64>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x4xf64>
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<4x4xf64>) outs(%[[E]] : tensor<4x4xf64>) permutation = [1, 0]
// CHECK: scan.scan
// CHECK: ^bb0(%[[GT:.*]]: tensor<4xf64>, %{{.*}}: tensor<4x4xf64>):
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matvec ins(%[[WT]], %[[GT]] : tensor<4x4xf64>, tensor<4xf64>)
func.func @transpose_of_weight(%g: tensor<?x4xf64>, %W: tensor<4x4xf64>) -> tensor<?x4xf64> {
  %r = scan.scan sequences(%g : tensor<?x4xf64>)
      outputs(none -> tensor<?x4xf64>)
      non_sequences(%W : tensor<4x4xf64>) {
  ^bb0(%gt: tensor<4xf64>, %w: tensor<4x4xf64>):
    %e = tensor.empty() : tensor<4x4xf64>
    %wt = linalg.transpose ins(%w : tensor<4x4xf64>) outs(%e : tensor<4x4xf64>) permutation = [1, 0]
    %zero = arith.constant dense<0.0> : tensor<4xf64>
    %p = linalg.matvec ins(%wt, %gt : tensor<4x4xf64>, tensor<4xf64>) outs(%zero : tensor<4xf64>) -> tensor<4xf64>
    scan.yield %p : tensor<4xf64>
  }
  return %r : tensor<?x4xf64>
}

// -----

// A run-time check has an effect and stays; so does what reads the step.
// Empty tensors and fills no moved op writes into stay too.
// CHECK-LABEL: func.func @effects_and_step_values_stay
// CHECK: scan.scan
// CHECK: tensor.empty
// CHECK: linalg.fill
// CHECK: arith.addf
// CHECK: scan.check
func.func @effects_and_step_values_stay(%u: tensor<?xf64>, %ok: i1) -> tensor<?xf64> {
  %r = scan.scan sequences(%u : tensor<?xf64>)
      outputs(none -> tensor<?xf64>) {
  ^bb0(%ut: tensor<f64>):
    %e = tensor.empty() : tensor<f64>
    %c = arith.constant 1.0 : f64
    %one = linalg.fill ins(%c : f64) outs(%e : tensor<f64>) -> tensor<f64>
    %s = arith.addf %ut, %one : tensor<f64>
    scan.check %ok, code 9 message "never"
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}
