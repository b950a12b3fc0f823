// The graph examples/cpp/power.cpp builds with the C++ frontend, printed as
// tensor-level MLIR: scan-opt parses and verifies it, and it holds the
// scan.scan a person would write for A**k (output taps [-1] from ones_like(A),
// A as a non-sequence, n_steps = k), whose last step alone is returned, so
// scan-save-mem (after the canonicalization the pipeline runs first) keeps
// one step.
// RUN: example-power --mlir | scan-opt | FileCheck %s
// RUN: example-power --mlir | scan-opt --canonicalize --cse --scan-save-mem | FileCheck %s --check-prefix=SAVE

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<?xf64>, %[[K:.*]]: tensor<i32>) -> tensor<?xf64>
// CHECK: %[[N:.*]] = tensor.extract %[[K]][] : tensor<i32>
// CHECK: scan.scan n_steps(%[[N]] : i32)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1x?xf64> -> tensor<?x?xf64>)
// CHECK-NEXT: non_sequences(%[[A]] : tensor<?xf64>) {
// CHECK-NEXT: ^bb0(%[[PRIOR:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?xf64>):
// CHECK: arith.mulf %[[PRIOR]], %[[B]] : tensor<?xf64>
// CHECK: scan.yield

// SAVE: outputs(%{{.*}} : tensor<1x?xf64> -> tensor<?x?xf64> last 1)
