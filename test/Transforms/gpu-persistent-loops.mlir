// RUN: scan-opt %s --split-input-file --scan-gpu-persistent-loops="threads-per-block=128" --canonicalize | FileCheck %s
// RUN: scan-opt %s --split-input-file --scan-gpu-persistent-loops="only-small=true max-elements=64" \
// RUN:   | FileCheck %s --check-prefix=SMALL

// A step loop of elementwise work and a matrix-vector product: one launch
// of one block runs it; each op's iterations are spread over the threads,
// a barrier after each; the per-step buffer is allocated around the loop.
// CHECK-LABEL: func.func @step_loop(
// CHECK:         %[[TMP:.*]] = memref.alloc() : memref<256xf32>
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%[[NT:.*]] = %c128
// CHECK:           scf.for %[[T:.*]] = %c0 to %{{.*}} step %c1 {
// CHECK:             scf.for %[[I:.*]] = %[[TX]] to %c256{{.*}} step %[[NT]] {
// CHECK:               memref.load %{{.*}}[%[[I]]]
// CHECK:               memref.store %{{.*}}, %[[TMP]][%[[I]]]
// CHECK:             gpu.barrier
// The f32 matrix-vector product: a warp per row, lanes over its columns,
// a butterfly of shuffles, lane 0 updates the row's result.
// CHECK:             %[[LANE:.*]] = arith.remui %[[TX]], %c32
// CHECK:             %[[WARP:.*]] = arith.divui %[[TX]], %c32
// CHECK:             %[[WARPS:.*]] = arith.divui %[[NT]], %c32
// CHECK:             scf.for %[[ROW:.*]] = %[[WARP]] to %c256 step %[[WARPS]] {
// CHECK:               %[[PARTIAL:.*]] = scf.for %[[CHUNK:.*]] = %c0 to %c256 step %c32 iter_args
// CHECK:                 %[[COLUMN:.*]] = arith.addi %[[CHUNK]], %[[LANE]]
// CHECK:                 arith.cmpi ult, %[[COLUMN]], %c256
// CHECK:                 arith.mulf
// CHECK:               gpu.shuffle  xor %[[PARTIAL]], %c16_i32, %c32_i32 : f32
// CHECK-COUNT-4:       gpu.shuffle  xor
// CHECK:               %[[LANE0:.*]] = arith.cmpi eq, %[[LANE]], %c0
// CHECK:               scf.if %[[LANE0]] {
// CHECK:                 memref.store %{{.*}}, %{{.*}}[%[[ROW]]]
// CHECK:             gpu.barrier
// CHECK:           gpu.terminator
// CHECK:         memref.dealloc %[[TMP]]
// CHECK:         return

// SMALL-LABEL: func.func @step_loop(
// SMALL-NOT:     gpu.launch
func.func @step_loop(%n: index, %w: memref<256x256xf32>, %h: memref<256xf32>,
                     %b: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %n step %c1 {
    %tmp = memref.alloc() : memref<256xf32>
    linalg.copy ins(%b : memref<256xf32>) outs(%tmp : memref<256xf32>)
    linalg.matvec ins(%w, %tmp : memref<256x256xf32>, memref<256xf32>)
        outs(%h : memref<256xf32>)
    memref.dealloc %tmp : memref<256xf32>
  }
  return
}

// -----

// A store outside the ops' loops is thread 0's, then a barrier.
// CHECK-LABEL: func.func @scalar_store(
// CHECK:         gpu.launch
// CHECK:           %[[FIRST:.*]] = arith.cmpi eq, %{{.*}}, %c0
// CHECK:           scf.if %[[FIRST]] {
// CHECK-NEXT:        memref.store
// CHECK:           gpu.barrier
// SMALL-LABEL: func.func @scalar_store(
// SMALL:         gpu.launch
func.func @scalar_store(%n: index, %x: memref<4xf32>, %s: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.for %t = %c0 to %n step %c1 {
    memref.store %one, %s[] : memref<f32>
    linalg.copy ins(%x : memref<4xf32>) outs(%x : memref<4xf32>)
  }
  return
}

// -----

// A loop that calls the runtime (a run-time check) stays on the host.
// CHECK-LABEL: func.func @calls(
// CHECK-NOT:     gpu.launch
func.func private @scanjit_rt_error(i32, i64, i64, i64)
func.func @calls(%n: index, %x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i64
  %code = arith.constant 6 : i32
  scf.for %t = %c0 to %n step %c1 {
    linalg.copy ins(%x : memref<4xf32>) outs(%x : memref<4xf32>)
    func.call @scanjit_rt_error(%code, %z, %z, %z) : (i32, i64, i64, i64) -> ()
  }
  return
}

// -----

// Parallel dimensions after a reduction: the inner parallel loop is one
// thread's, sequential (no scf.parallel is left for GPU mapping).
// CHECK-LABEL: func.func @parallel_after_reduction(
// CHECK:         gpu.launch
// CHECK-NOT:       scf.parallel
// CHECK:           gpu.terminator
#pr = affine_map<(d0, d1, d2) -> (d1, d2)>
#po = affine_map<(d0, d1, d2) -> (d0, d2)>
func.func @parallel_after_reduction(%n: index, %x: memref<4x16xf32>, %y: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %n step %c1 {
    linalg.generic {indexing_maps = [#pr, #po],
                    iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%x : memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    }
  }
  return
}

// -----

// Sizes whose product overflows int64 are not small (only-small): the loop
// stays on the host.
// SMALL-LABEL: func.func @huge(
// SMALL-NOT:     gpu.launch
// CHECK-LABEL: func.func @huge(
func.func @huge(%n: index, %x: memref<4294967296x4294967296xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %n step %c1 {
    linalg.copy ins(%x : memref<4294967296x4294967296xf32>)
        outs(%x : memref<4294967296x4294967296xf32>)
  }
  return
}
