// RUN: scan-opt %s --scan-save-mem --split-input-file | FileCheck %s
// RUN: scan-opt %s --scan-save-mem --convert-scan-to-scf --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=LOWER

// Seed A**k: only result[-1] is used, so the output keeps one step and lowers
// to a one-row ring whatever k is: the same row holds the tap the step reads
// and the step it writes, and is the result.
// CHECK-LABEL: func.func @power_last
// CHECK: outputs(%{{.*}} : tensor<1x10xf64> -> tensor<?x10xf64> last 1)
// LOWER-LABEL: func.func @power_last
// LOWER-SAME: (%[[A:.*]]: tensor<10xf64>, %[[ONES:.*]]: tensor<1x10xf64>, %[[K:.*]]: index)
// LOWER: %[[RING:.*]] = scf.for %{{.*}} = %c0 to %[[STEPS:.*]] step %c1 iter_args(%[[R:.*]] = %[[ONES]]) -> (tensor<1x10xf64>)
// LOWER:   %[[PRIOR:.*]] = tensor.extract_slice %[[R]][0, 0] [1, 10] [1, 1] : tensor<1x10xf64> to tensor<10xf64>
// LOWER:   %[[P:.*]] = arith.mulf %[[PRIOR]], %[[A]]
// LOWER:   tensor.insert_slice %[[P]] into %[[R]][0, 0] [1, 10] [1, 1] : tensor<10xf64> into tensor<1x10xf64>
// LOWER-NOT: tensor.empty
// LOWER: %[[ROWS:.*]] = arith.minsi %[[STEPS]], %c1 : index
// LOWER: tensor.extract_slice %[[RING]][0, 0] [%[[ROWS]], 10] [1, 1] : tensor<1x10xf64> to tensor<?x10xf64>
func.func @power_last(%A: tensor<10xf64>, %ones: tensor<1x10xf64>, %k: index) -> tensor<10xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scan.scan n_steps(%k : index)
      outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64>)
      non_sequences(%A : tensor<10xf64>) {
  ^bb0(%prior: tensor<10xf64>, %a: tensor<10xf64>):
    %p = arith.mulf %prior, %a : tensor<10xf64>
    scan.yield %p : tensor<10xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x10xf64>
  %i = arith.subi %n, %c1 : index
  %last = tensor.extract_slice %r[%i, 0] [1, 10] [1, 1] : tensor<?x10xf64> to tensor<10xf64>
  return %last : tensor<10xf64>
}

// -----

// result[-3] and result[-2:] keep three steps; the lowering rotates the
// three-row ring into chronological order after the loop.
// CHECK-LABEL: func.func @last_three
// CHECK: outputs(none -> tensor<?xf32> last 3)
// LOWER: #[[MOD3:.*]] = affine_map<(d0) -> (d0 mod 3)>
// LOWER-LABEL: func.func @last_three
// LOWER: %[[RING:.*]] = scf.for %[[T:[a-z0-9]+]] =
// LOWER: %[[SLOT:.*]] = affine.apply #[[MOD3]](%[[T]])
// LOWER: tensor.insert_slice %{{.*}} into %{{.*}}[%[[SLOT]]] [1] [1]
// LOWER: %[[OLDEST:.*]] = arith.remui %{{.*}}, %c3
// LOWER: %[[HEAD:.*]] = arith.minsi
// LOWER: %[[TAIL:.*]] = arith.subi %{{.*}}, %[[HEAD]]
// LOWER: %[[OLD:.*]] = tensor.extract_slice %[[RING]][%[[OLDEST]]] [%[[HEAD]]] [1]
// LOWER: %[[PART:.*]] = tensor.insert_slice %[[OLD]] into %{{.*}}[0] [%[[HEAD]]] [1]
// LOWER: %[[NEW:.*]] = tensor.extract_slice %[[RING]][0] [%[[TAIL]]] [1]
// LOWER: tensor.insert_slice %[[NEW]] into %[[PART]][%[[HEAD]]] [%[[TAIL]]] [1]
func.func @last_three(%s: tensor<?xf32>) -> (f32, tensor<2xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    %d = arith.addf %a, %a : tensor<f32>
    scan.yield %d : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %i3 = arith.subi %n, %c3 : index
  %x = tensor.extract %r[%i3] : tensor<?xf32>
  %i2 = arith.subi %n, %c2 : index
  %tail = tensor.extract_slice %r[%i2] [2] [1] : tensor<?xf32> to tensor<2xf32>
  return %x, %tail : f32, tensor<2xf32>
}

// -----

// A consumer of the whole history keeps every step.
// CHECK-LABEL: func.func @full_history
// CHECK: outputs(none -> tensor<?xf32>)
// CHECK-NOT: last
func.func @full_history(%s: tensor<?xf32>) -> (tensor<?xf32>, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %i = arith.subi %n, %c1 : index
  %x = tensor.extract %r[%i] : tensor<?xf32>
  return %r, %x : tensor<?xf32>, f32
}

// -----

// Reading from the front (result[0]) or using the length itself needs the
// whole history too.
// CHECK-LABEL: func.func @front_and_length
// CHECK: outputs(none -> tensor<?xf32>)
// CHECK-NOT: last
// CHECK: outputs(none -> tensor<?xf32>)
// CHECK-NOT: last
func.func @front_and_length(%s: tensor<?xf32>) -> (f32, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %first = tensor.extract %r[%c0] : tensor<?xf32>
  %q = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %n = tensor.dim %q, %c0 : tensor<?xf32>
  %i = arith.subi %n, %c1 : index
  %x = tensor.extract %q[%i] : tensor<?xf32>
  %twice = arith.addi %n, %n : index
  return %first, %twice : f32, index
}

// -----

// result[-1] with a bounds check: the check and the size it reports keep
// their meaning when only the last step is kept.
// CHECK-LABEL: func.func @checked_last
// CHECK: outputs(%{{.*}} : tensor<1x?xf64> -> tensor<?x?xf64> last 1)
func.func @checked_last(%A: tensor<?xf64>, %ones: tensor<1x?xf64>, %k: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %minus1 = arith.constant -1 : i64
  %zero = arith.constant 0 : i64
  %true = arith.constant true
  %r = scan.scan n_steps(%k : index)
      outputs(%ones : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%A : tensor<?xf64>) {
  ^bb0(%prior: tensor<?xf64>, %a: tensor<?xf64>):
    %p = arith.mulf %prior, %a : tensor<?xf64>
    scan.yield %p : tensor<?xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x?xf64>
  %i = arith.subi %n, %c1 : index
  %past = arith.cmpi sge, %i, %n : index
  %before = arith.cmpi slt, %i, %c0 : index
  %outside = arith.ori %before, %past : i1
  %inside = arith.xori %outside, %true : i1
  %size = arith.index_cast %n : index to i64
  scan.check %inside, code 6(%minus1, %size, %zero : i64, i64, i64)
  %width = tensor.dim %r, %c1 : tensor<?x?xf64>
  %last = scf.if %outside -> (tensor<?xf64>) {
    %e = tensor.empty(%width) : tensor<?xf64>
    scf.yield %e : tensor<?xf64>
  } else {
    %s = tensor.extract_slice %r[%i, 0] [1, %width] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
    scf.yield %s : tensor<?xf64>
  }
  return %last : tensor<?xf64>
}

// -----

// The same reads written differently: the offsets are related to the length
// by value bounds, not matched by their spelling.
// CHECK-LABEL: func.func @written_differently
// CHECK: outputs(none -> tensor<?xf32> last 2)
func.func @written_differently(%s: tensor<?xf32>) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %cm2 = arith.constant -2 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %last = affine.apply affine_map<(d0) -> (d0 - 1)>(%n)
  %x = tensor.extract %r[%last] : tensor<?xf32>
  %before = arith.addi %n, %cm2 : index
  %y = tensor.extract %r[%before] : tensor<?xf32>
  %empty = arith.cmpi sle, %n, %c0 : index
  %ok = arith.cmpi sgt, %n, %c0 : index
  scan.check %ok, code 6
  return %x, %y : f32, f32
}

// -----

// The length indexing another tensor is not a read of the result's tail.
// CHECK-LABEL: func.func @length_indexes_another
// CHECK: outputs(none -> tensor<?xf32>)
// CHECK-NOT: last
func.func @length_indexes_another(%s: tensor<?xf32>, %other: tensor<?xf32>) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %i = arith.subi %n, %c1 : index
  %x = tensor.extract %r[%i] : tensor<?xf32>
  %y = tensor.extract %other[%i] : tensor<?xf32>
  return %x, %y : f32, f32
}

// -----

// An offset whose relation to the length value bounds cannot tell (a
// select), or a comparison whose answer depends on more than k steps, needs
// the whole history.
// CHECK-LABEL: func.func @unknown_offset
// CHECK: outputs(none -> tensor<?xf32>)
// CHECK-NOT: last
func.func @unknown_offset(%s: tensor<?xf32>, %flag: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scan.scan sequences(%s : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %i = arith.subi %n, %c1 : index
  %j = arith.select %flag, %i, %c0 : index
  %x = tensor.extract %r[%j] : tensor<?xf32>
  return %x : f32
}

// -----

// Any other use of the step count needs the whole history.
// CHECK-LABEL: func.func @count_used
// CHECK: outputs(%{{.*}} : tensor<1x?xf64> -> tensor<?x?xf64>)
// CHECK-NOT: last
func.func @count_used(%A: tensor<?xf64>, %ones: tensor<1x?xf64>, %k: index) -> i1 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scan.scan n_steps(%k : index)
      outputs(%ones : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%A : tensor<?xf64>) {
  ^bb0(%prior: tensor<?xf64>, %a: tensor<?xf64>):
    %p = arith.mulf %prior, %a : tensor<?xf64>
    scan.yield %p : tensor<?xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x?xf64>
  %i = arith.subi %n, %c1 : index
  %big = arith.cmpi sge, %i, %c5 : index
  return %big : i1
}

// -----

// An output whose result nothing reads still feeds the loop (the second
// output reads its past values): it keeps one row, not a row per step.
// CHECK-LABEL: func.func @unused_recurrent_output
// CHECK: outputs(%{{.*}} : tensor<1xf64> -> tensor<?xf64> last 1, %{{.*}} : tensor<1xf64> -> tensor<?xf64>)
// LOWER-LABEL: func.func @unused_recurrent_output
func.func @unused_recurrent_output(%x0: tensor<1xf64>, %k: index) -> tensor<?xf64> {
  %p, %q = scan.scan n_steps(%k : index)
      outputs(%x0 : tensor<1xf64> -> tensor<?xf64>,
              %x0 : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%pp: tensor<f64>, %qp: tensor<f64>):
    %pn = arith.addf %pp, %pp : tensor<f64>
    %qn = arith.addf %qp, %pp : tensor<f64>
    scan.yield %pn, %qn : tensor<f64>, tensor<f64>
  }
  return %q : tensor<?xf64>
}
