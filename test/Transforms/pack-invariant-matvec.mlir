// RUN: scan-opt %s --split-input-file \
// RUN:   --pass-pipeline='builtin.module(func.func(scan-pack-invariant-matvec{vector-bytes=16 block-vectors=2 max-elements=200}),canonicalize)' \
// RUN:   | FileCheck %s

// A matvec with a loop-invariant 20x6 f32 matrix: 4 lanes, blocks of 2
// vectors (8 outputs), so 2 whole blocks and a tail of 4. The matrix is
// packed before the loop into the blocks' panels [2, 6, 8] and the tail's
// [6, 4]; each step runs the blocks in a loop and then the tail, whose one
// vector gets two partial sums. The bias is the accumulator's start; the
// add and the tanh that consume the product run on it before its one store.
// CHECK-DAG: #[[BLOCKS:.*]] = affine_map<(d0, d1, d2) -> (d0 * 8 + d2, d1)>
// CHECK-DAG: #[[TAIL:.*]] = affine_map<(d0, d1) -> (d1 + 16, d0)>
// CHECK-LABEL: func.func @matvec_epilogue
// CHECK-SAME: (%[[W:.*]]: tensor<20x6xf32>, %{{.*}}: tensor<6x20xf32>, %[[B:.*]]: tensor<20xf32>
// CHECK: %[[PANELS:.*]] = linalg.generic {indexing_maps = [#[[BLOCKS]], {{.*}}]{{.*}} ins(%[[W]] : tensor<20x6xf32>) outs(%{{.*}} : tensor<2x6x8xf32>)
// CHECK: %[[TAILS:.*]] = linalg.generic {indexing_maps = [#[[TAIL]], {{.*}}]{{.*}} ins(%[[W]] : tensor<20x6xf32>) outs(%{{.*}} : tensor<6x4xf32>)
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<20xf32>)
// CHECK:   %[[H:.*]] = tensor.extract_slice
// CHECK:   %[[OUT:.*]] = tensor.empty() : tensor<20xf32>
// CHECK:   %[[FULL:.*]] = scf.for %[[BLOCK:.*]] = %{{.*}} to %c2 step %c1 iter_args(%[[DEST:.*]] = %[[OUT]])
// CHECK:     %[[OFFSET:.*]] = arith.muli %[[BLOCK]], %c8
// CHECK:     %[[INIT:.*]] = vector.transfer_read %[[B]][%[[OFFSET]]]{{.*}} vector<8xf32>
// CHECK:     %[[SUM:.*]] = scf.for %[[I:.*]] = %c0 to %c6 step %c1 iter_args(%[[S:.*]] = %[[INIT]]) -> (vector<8xf32>)
// CHECK:       %[[ROW:.*]] = vector.transfer_read %[[PANELS]][%[[BLOCK]], %[[I]], %c0]{{.*}} vector<8xf32>
// CHECK:       %[[X:.*]] = tensor.extract %[[H]][%[[I]]]
// CHECK:       %[[XS:.*]] = vector.broadcast %[[X]] : f32 to vector<8xf32>
// CHECK:       vector.fma %[[ROW]], %[[XS]], %[[S]] : vector<8xf32>
// CHECK:     %[[OTHER:.*]] = vector.transfer_read %[[ACC]][%[[OFFSET]]]
// CHECK:     %[[ADD:.*]] = arith.addf %[[SUM]], %[[OTHER]] : vector<8xf32>
// CHECK:     %[[TANH:.*]] = math.tanh %[[ADD]] : vector<8xf32>
// CHECK:     vector.transfer_write %[[TANH]], %[[DEST]][%[[OFFSET]]]
// CHECK:   vector.transfer_read %[[B]][%c16]{{.*}} vector<4xf32>
// CHECK:   %[[PARTS:.*]]:2 = scf.for %{{.*}} = %c0 to %c6 step %c2 {{.*}} -> (vector<4xf32>, vector<4xf32>)
// CHECK:     vector.transfer_read %[[TAILS]]
// CHECK:     vector.fma
// CHECK:     vector.fma
// CHECK:   arith.addf %[[PARTS]]#0, %[[PARTS]]#1 : vector<4xf32>
// CHECK:   math.tanh %{{.*}} : vector<4xf32>
// CHECK:   %[[RESULT:.*]] = vector.transfer_write %{{.*}}, %[[FULL]][%c16]
// CHECK:   scf.yield %[[RESULT]]
// CHECK-NOT: linalg.matvec
func.func @matvec_epilogue(%W: tensor<20x6xf32>, %hs: tensor<6x20xf32>,
                           %b: tensor<20xf32>, %n: index) -> tensor<20xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %init = tensor.empty() : tensor<20xf32>
  %r = scf.for %t = %c0 to %n step %c1 iter_args(%acc = %init) -> (tensor<20xf32>) {
    %h = tensor.extract_slice %hs[%t, 0] [1, 6] [1, 1] : tensor<6x20xf32> to tensor<6xf32>
    %y = linalg.matvec ins(%W, %h : tensor<20x6xf32>, tensor<6xf32>)
        outs(%b : tensor<20xf32>) -> tensor<20xf32>
    %s = arith.addf %y, %acc : tensor<20xf32>
    %a = math.tanh %s : tensor<20xf32>
    scf.yield %a : tensor<20xf32>
  }
  return %r : tensor<20xf32>
}

// -----

// A vecmat's matrix keeps its orientation (only its layout into panels
// changes); a zero-filled init starts the accumulator as a broadcast, read
// from no memory.
// CHECK-DAG: #[[BLOCKS:.*]] = affine_map<(d0, d1, d2) -> (d1, d0 * 4 + d2)>
// CHECK-DAG: #[[TAIL:.*]] = affine_map<(d0, d1) -> (d0, d1 + 4)>
// CHECK-LABEL: func.func @vecmat_fill
// CHECK-DAG: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : vector<4xf64>
// CHECK: linalg.generic {indexing_maps = [#[[BLOCKS]], {{.*}}outs(%{{.*}} : tensor<1x3x4xf64>)
// CHECK: linalg.generic {indexing_maps = [#[[TAIL]], {{.*}}outs(%{{.*}} : tensor<3x1xf64>)
// CHECK: scf.for
// CHECK:   scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[ZEROS]]) -> (vector<4xf64>)
// CHECK-NOT: linalg.vecmat
// CHECK-NOT: linalg.fill
func.func @vecmat_fill(%W: tensor<3x5xf64>, %h0: tensor<5xf64>, %n: index) -> tensor<5xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %r = scf.for %t = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<5xf64>) {
    %x = tensor.extract_slice %h[0] [3] [1] : tensor<5xf64> to tensor<3xf64>
    %e = tensor.empty() : tensor<5xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<5xf64>) -> tensor<5xf64>
    %y = linalg.vecmat ins(%x, %W : tensor<3xf64>, tensor<3x5xf64>)
        outs(%z : tensor<5xf64>) -> tensor<5xf64>
    scf.yield %y : tensor<5xf64>
  }
  return %r : tensor<5xf64>
}

// -----

// The matrix is packed before the outermost loop that does not define it,
// once for the two products that read it.
// CHECK-LABEL: func.func @nested
// CHECK: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: linalg.generic
// CHECK-COUNT-2: vector.fma
// CHECK-NOT: linalg.matvec
func.func @nested(%W: tensor<4x4xf32>, %h0: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %s = %c0 to %n step %c1 iter_args(%g = %h0) -> (tensor<4xf32>) {
    %q = scf.for %t = %c0 to %n step %c1 iter_args(%h = %g) -> (tensor<4xf32>) {
      %y = linalg.matvec ins(%W, %h : tensor<4x4xf32>, tensor<4xf32>)
          outs(%h : tensor<4xf32>) -> tensor<4xf32>
      %y2 = linalg.matvec ins(%W, %y : tensor<4x4xf32>, tensor<4xf32>)
          outs(%h : tensor<4xf32>) -> tensor<4xf32>
      scf.yield %y2 : tensor<4xf32>
    }
    scf.yield %q : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Left alone: a matrix that the loop computes, a product outside any loop,
// dynamic sizes, integers, and a matrix larger than max-elements (16 x 16 =
// 256 > 200), which stays for convert-linalg-to-blas.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-5: linalg.matvec
// CHECK-NOT: vector.
func.func @kept(%W: tensor<4x4xf32>, %h0: tensor<4xf32>, %D: tensor<?x?xf32>,
                %d0: tensor<?xf32>, %I: tensor<4x4xi32>, %i0: tensor<4xi32>,
                %B: tensor<16x16xf32>, %b0: tensor<16xf32>, %n: index)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<?xf32>, tensor<4xi32>, tensor<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %t = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<4xf32>) {
    %m = arith.addf %W, %W : tensor<4x4xf32>
    %y = linalg.matvec ins(%m, %h : tensor<4x4xf32>, tensor<4xf32>)
        outs(%h : tensor<4xf32>) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  }
  %once = linalg.matvec ins(%W, %h0 : tensor<4x4xf32>, tensor<4xf32>)
      outs(%h0 : tensor<4xf32>) -> tensor<4xf32>
  %d = scf.for %t = %c0 to %n step %c1 iter_args(%h = %d0) -> (tensor<?xf32>) {
    %y = linalg.matvec ins(%D, %h : tensor<?x?xf32>, tensor<?xf32>)
        outs(%h : tensor<?xf32>) -> tensor<?xf32>
    scf.yield %y : tensor<?xf32>
  }
  %i = scf.for %t = %c0 to %n step %c1 iter_args(%h = %i0) -> (tensor<4xi32>) {
    %y = linalg.matvec ins(%I, %h : tensor<4x4xi32>, tensor<4xi32>)
        outs(%h : tensor<4xi32>) -> tensor<4xi32>
    scf.yield %y : tensor<4xi32>
  }
  %big = scf.for %t = %c0 to %n step %c1 iter_args(%h = %b0) -> (tensor<16xf32>) {
    %y = linalg.matvec ins(%B, %h : tensor<16x16xf32>, tensor<16xf32>)
        outs(%h : tensor<16xf32>) -> tensor<16xf32>
    scf.yield %y : tensor<16xf32>
  }
  return %r, %once, %d, %i, %big : tensor<4xf32>, tensor<4xf32>, tensor<?xf32>, tensor<4xi32>, tensor<16xf32>
}

// -----

// A matmul of 6 rows by a loop-invariant 8x12 matrix: blocks of 4 outputs
// (one vector: a matmul block has half a matvec's registers per row at 4
// rows), each block's panel row shared by 4 rows' accumulators, then by the
// 2 rows left. The zero fill starts the accumulators as constants; the add
// is the epilogue, read and written per row.
// CHECK-LABEL: func.func @matmul_rows
// CHECK: %[[PANELS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x8x4xf32>)
// CHECK: scf.for
// CHECK: scf.for %[[BLOCK:.*]] = %c0 to %c3
// CHECK: %{{.*}}:4 = scf.for %[[K:.*]] = %c0 to %c8 {{.*}} -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK:   %[[ROW:.*]] = vector.transfer_read %[[PANELS]][%[[BLOCK]], %[[K]], %c0]
// CHECK-COUNT-4: vector.fma %[[ROW]]
// CHECK-COUNT-4: vector.transfer_write
// CHECK: %{{.*}}:2 = scf.for %{{.*}} = %c0 to %c8 {{.*}} -> (vector<4xf32>, vector<4xf32>)
// CHECK-COUNT-2: vector.fma
// CHECK-COUNT-2: vector.transfer_write
// CHECK-NOT: linalg.matmul
func.func @matmul_rows(%W: tensor<8x12xf32>, %h0: tensor<6x8xf32>, %n: index) -> tensor<6x12xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x12xf32>
  %r = scf.for %t = %c0 to %n step %c1 iter_args(%acc = %e) -> (tensor<6x12xf32>) {
    %z = linalg.fill ins(%zero : f32) outs(%e : tensor<6x12xf32>) -> tensor<6x12xf32>
    %y = linalg.matmul ins(%h0, %W : tensor<6x8xf32>, tensor<8x12xf32>)
        outs(%z : tensor<6x12xf32>) -> tensor<6x12xf32>
    %s = arith.addf %y, %acc : tensor<6x12xf32>
    scf.yield %s : tensor<6x12xf32>
  }
  return %r : tensor<6x12xf32>
}

// -----

// One matrix read by a vecmat and by a matmul of 4 rows in one loop: their
// blocks differ (8 outputs against 4), so each gets its own packing.
// CHECK-LABEL: func.func @two_blockings
// CHECK-DAG: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x8xf32>)
// CHECK-DAG: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x8x4xf32>)
// CHECK: scf.for
func.func @two_blockings(%W: tensor<8x8xf32>, %v0: tensor<8xf32>,
                         %m0: tensor<4x8xf32>, %n: index)
    -> (tensor<8xf32>, tensor<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.for %t = %c0 to %n step %c1 iter_args(%v = %v0, %m = %m0)
      -> (tensor<8xf32>, tensor<4x8xf32>) {
    %y = linalg.vecmat ins(%v, %W : tensor<8xf32>, tensor<8x8xf32>)
        outs(%v : tensor<8xf32>) -> tensor<8xf32>
    %z = linalg.matmul ins(%m, %W : tensor<4x8xf32>, tensor<8x8xf32>)
        outs(%m : tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.yield %y, %z : tensor<8xf32>, tensor<4x8xf32>
  }
  return %r#0, %r#1 : tensor<8xf32>, tensor<4x8xf32>
}
