// RUN: scan-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(convert-elementwise-to-linalg,scan-fuse-elementwise{max-payload-ops=4}))' | FileCheck %s --check-prefix=BOUND
// RUN: scan-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(convert-elementwise-to-linalg,scan-fuse-elementwise))' | FileCheck %s --check-prefix=ALL

// A chain of four elementwise ops. Under a bound of 4 payload ops (the yield
// included), tanh, mulf and addf fuse (4 ops) and the last tanh stays apart,
// reading the fused generic's result. Under the default bound all four fuse.
// BOUND-LABEL: func.func @chain
// BOUND-SAME: (%[[X:.*]]: tensor<8xf64>)
// BOUND: %[[D:.*]] = linalg.generic
// BOUND-SAME: ins(%[[X]] : tensor<8xf64>)
// BOUND: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// BOUND-NEXT: %[[T:.*]] = math.tanh %[[IN]] : f64
// BOUND-NEXT: %[[M:.*]] = arith.mulf %[[T]], %{{.*}} : f64
// BOUND-NEXT: %[[S:.*]] = arith.addf %[[M]], %[[IN]] : f64
// BOUND-NEXT: linalg.yield %[[S]] : f64
// BOUND: %[[E:.*]] = linalg.generic
// BOUND-SAME: ins(%[[D]] : tensor<8xf64>)
// BOUND: math.tanh
// BOUND-NEXT: linalg.yield
// BOUND: return %[[E]]

// ALL-LABEL: func.func @chain
// ALL: linalg.generic
// ALL: math.tanh
// ALL-NEXT: arith.mulf
// ALL-NEXT: arith.addf
// ALL-NEXT: math.tanh
// ALL-NEXT: linalg.yield
// ALL-NOT: linalg.generic
// ALL: return
func.func @chain(%x: tensor<8xf64>) -> tensor<8xf64> {
  %c = arith.constant dense<0.5> : tensor<8xf64>
  %a = math.tanh %x : tensor<8xf64>
  %b = arith.mulf %a, %c : tensor<8xf64>
  %d = arith.addf %b, %x : tensor<8xf64>
  %e = math.tanh %d : tensor<8xf64>
  return %e : tensor<8xf64>
}

// -----

// A producer with another use does not fuse, as upstream's fusion does not.
// BOUND-LABEL: func.func @two_uses
// BOUND: %[[A:.*]] = linalg.generic
// BOUND: math.tanh
// BOUND: %[[B:.*]] = linalg.generic
// BOUND-SAME: ins(%[[A]] : tensor<8xf64>)
// BOUND: return %[[A]], %[[B]]
func.func @two_uses(%x: tensor<8xf64>) -> (tensor<8xf64>, tensor<8xf64>) {
  %a = math.tanh %x : tensor<8xf64>
  %b = math.exp %a : tensor<8xf64>
  return %a, %b : tensor<8xf64>, tensor<8xf64>
}
