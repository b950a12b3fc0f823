// RUN: scan-opt %S/../Dialect/Scan/ops.mlir --scan-to-llvm | FileCheck %s
// RUN: scan-opt %s --scan-lower-loops | FileCheck %s --check-prefix=LOOPS
// RUN: scan-opt %s --scan-lower-loops --scan-bufferize | FileCheck %s --check-prefix=BUFFERS

// Every form of scan.scan in ops.mlir goes through the whole CPU pipeline
// and leaves only the LLVM dialect.
// CHECK-NOT: scan.
// CHECK-NOT: tensor.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: scf.
// CHECK-LABEL: llvm.func @elementwise_tanh
// CHECK-LABEL: llvm.func @rnn_taps
// CHECK-LABEL: llvm.func @two_taps
// CHECK-LABEL: llvm.func @power
// CHECK-LABEL: llvm.func @polynomial
// CHECK-LABEL: llvm.func @powers_of_two_until
// CHECK-LABEL: llvm.func @nested
// CHECK-LABEL: llvm.func @backwards_future_taps
// CHECK-LABEL: llvm.func @shared_accumulator
// CHECK-LABEL: llvm.func @outputs_and_shared
// CHECK-LABEL: llvm.func @keeps_last_steps

// Stage by stage, on the seed's cumulative sum: the loop over tensors, then
// buffers where each step writes its row of the history in place (no
// allocation in the loop) and the one-row ring is a copy of that row; the
// caller's arrays are never written.
// LOOPS-LABEL: func.func @cumsum
// LOOPS-SAME: (%{{.*}}: tensor<?xf64> {bufferization.writable = false}, %{{.*}}: tensor<1xf64> {bufferization.writable = false})
// LOOPS: scf.for
// LOOPS: arith.addf %{{.*}} : tensor<f64>
// BUFFERS-LABEL: func.func @cumsum
// BUFFERS-SAME: (%[[X:.*]]: memref<?xf64>, %[[Z:.*]]: memref<1xf64>) -> memref<?xf64>
// BUFFERS: %[[HIST:.*]] = memref.alloc(%{{.*}}) {{.*}} : memref<?xf64>
// BUFFERS: %[[RING:.*]] = memref.alloc() {{.*}} : memref<1xf64>
// BUFFERS: linalg.copy ins(%[[Z]] : memref<1xf64>) outs(%[[RING]] : memref<1xf64>)
// BUFFERS: scf.for %[[T:[a-z0-9]+]] =
// BUFFERS-NOT: memref.alloc
// BUFFERS-DAG: %[[XT:.*]] = memref.subview %[[X]][%[[T]]] [1] [1]
// BUFFERS-DAG: %[[PREV:.*]] = memref.subview %[[RING]][0] [1] [1]
// BUFFERS-DAG: %[[ROW:.*]] = memref.subview %[[HIST]][%[[T]]] [1] [1]
// BUFFERS: linalg.generic {{.*}} ins(%[[PREV]], %[[XT]] : {{.*}}) outs(%[[ROW]] : {{.*}})
// BUFFERS: linalg.copy ins(%[[ROW]] : {{.*}}) outs(%[[PREV]] : {{.*}})
// BUFFERS: }
// BUFFERS: memref.dealloc %[[RING]]
func.func @cumsum(%x: tensor<?xf64>, %z: tensor<1xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%x : tensor<?xf64>) outputs(%z : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}
