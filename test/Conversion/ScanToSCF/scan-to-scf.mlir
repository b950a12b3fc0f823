// RUN: scan-opt %s --convert-scan-to-scf --canonicalize --cse --split-input-file | FileCheck %s

// The seed RNN's taps: sequence taps [-4, 0] read rows t and t + 4 of the
// sequence in place; output taps [-3, -1] read a 3-row ring buffer at
// t mod 3 and (t + 2) mod 3 (affine.apply), and step t writes row t mod 3
// after the reads. Default taps [-1] need a 1-row ring, always row 0.
// CHECK-DAG: #[[PLUS4:.*]] = affine_map<(d0) -> (d0 + 4)>
// CHECK-DAG: #[[MOD3:.*]] = affine_map<(d0) -> (d0 mod 3)>
// CHECK-DAG: #[[PLUS2MOD3:.*]] = affine_map<(d0) -> (d0 - ((d0 + 2) floordiv 3) * 3 + 2)>
// CHECK-LABEL: func.func @rnn_taps
// CHECK-SAME: (%[[U:.*]]: tensor<9x2xf64>, %[[X0:.*]]: tensor<3x2xf64>, %[[Y0:.*]]: tensor<1x2xf64>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// Each full history is an allocation of its own (two tensor.empty ops would
// be merged by CSE, and bufferization let the loop share one buffer).
// CHECK: %[[HISTX:.*]] = bufferization.alloc_tensor() : tensor<5x2xf64>
// CHECK: %[[HISTY:.*]] = bufferization.alloc_tensor() : tensor<5x2xf64>
// CHECK: %[[R:.*]]:4 = scf.for %[[T:.*]] = %[[C0]] to %[[C5]] step %[[C1]]
// CHECK-SAME: iter_args(%[[HX:.*]] = %[[HISTX]], %[[HY:.*]] = %[[HISTY]], %[[RX:.*]] = %[[X0]], %[[RY:.*]] = %[[Y0]])
// CHECK-SAME: -> (tensor<5x2xf64>, tensor<5x2xf64>, tensor<3x2xf64>, tensor<1x2xf64>)
// CHECK: %[[UTM4:.*]] = tensor.extract_slice %[[U]][%[[T]], 0] [1, 2] [1, 1] : tensor<9x2xf64> to tensor<2xf64>
// CHECK: %[[ROW4:.*]] = affine.apply #[[PLUS4]](%[[T]])
// CHECK: %[[UT:.*]] = tensor.extract_slice %[[U]][%[[ROW4]], 0] [1, 2] [1, 1]
// CHECK: %[[SLOT3:.*]] = affine.apply #[[MOD3]](%[[T]])
// CHECK: %[[XTM3:.*]] = tensor.extract_slice %[[RX]][%[[SLOT3]], 0] [1, 2] [1, 1] : tensor<3x2xf64> to tensor<2xf64>
// CHECK: %[[SLOT1:.*]] = affine.apply #[[PLUS2MOD3]](%[[T]])
// CHECK: %[[XTM1:.*]] = tensor.extract_slice %[[RX]][%[[SLOT1]], 0] [1, 2] [1, 1]
// CHECK: %[[YTM1:.*]] = tensor.extract_slice %[[RY]][0, 0] [1, 2] [1, 1] : tensor<1x2xf64> to tensor<2xf64>
// CHECK: %[[A:.*]] = arith.addf %[[UT]], %[[XTM1]]
// CHECK: %[[B:.*]] = arith.addf %[[A]], %[[UTM4]]
// CHECK: %[[XT:.*]] = arith.addf %[[B]], %[[YTM1]]
// CHECK: %[[HX2:.*]] = tensor.insert_slice %[[XT]] into %[[HX]][%[[T]], 0] [1, 2] [1, 1]
// CHECK: %[[RX2:.*]] = tensor.insert_slice %[[XT]] into %[[RX]][%[[SLOT3]], 0] [1, 2] [1, 1]
// CHECK: %[[HY2:.*]] = tensor.insert_slice %[[XTM3]] into %[[HY]][%[[T]], 0] [1, 2] [1, 1]
// CHECK: %[[RY2:.*]] = tensor.insert_slice %[[XTM3]] into %[[RY]][0, 0] [1, 2] [1, 1]
// CHECK: scf.yield %[[HX2]], %[[HY2]], %[[RX2]], %[[RY2]]
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @rnn_taps(%u: tensor<9x2xf64>, %x0: tensor<3x2xf64>, %y0: tensor<1x2xf64>) -> (tensor<5x2xf64>, tensor<5x2xf64>) {
  %x, %y = scan.scan
      sequences(%u taps [-4, 0] : tensor<9x2xf64>)
      outputs(%x0 taps [-3, -1] : tensor<3x2xf64> -> tensor<5x2xf64>,
              %y0 : tensor<1x2xf64> -> tensor<5x2xf64>) {
  ^bb0(%u_tm4: tensor<2xf64>, %u_t: tensor<2xf64>, %x_tm3: tensor<2xf64>, %x_tm1: tensor<2xf64>, %y_tm1: tensor<2xf64>):
    %a = arith.addf %u_t, %x_tm1 : tensor<2xf64>
    %b = arith.addf %a, %u_tm4 : tensor<2xf64>
    %c = arith.addf %b, %y_tm1 : tensor<2xf64>
    scan.yield %c, %x_tm3 : tensor<2xf64>, tensor<2xf64>
  }
  return %x, %y : tensor<5x2xf64>, tensor<5x2xf64>
}

// -----

// An initial value longer than the taps need: the ring holds its first rows
// (PyTensor's initial[:depth]; rows beyond are never read).
// CHECK-LABEL: func.func @ring_from_first_rows
// CHECK-SAME: (%[[X0:.*]]: tensor<5x3xf32>, %{{.*}}: index)
// CHECK: %[[FIRST:.*]] = tensor.extract_slice %[[X0]][0, 0] [2, 3] [1, 1] : tensor<5x3xf32> to tensor<2x3xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[FIRST]])
func.func @ring_from_first_rows(%x0: tensor<5x3xf32>, %n: index) -> tensor<?x3xf32> {
  %r = scan.scan n_steps(%n : index) outputs(%x0 taps [-2] : tensor<5x3xf32> -> tensor<?x3xf32>) {
  ^bb0(%x_tm2: tensor<3xf32>):
    scan.yield %x_tm2 : tensor<3xf32>
  }
  return %r : tensor<?x3xf32>
}

// -----

// Run-time checks: a sequence shorter than its taps span, a negative n_steps
// and an n_steps beyond the sequence are scan.check ops (a target lowers
// them) and make the loop run zero steps. go_backwards cuts each tap's slice
// u[tap - lo : len - (hi - tap)] and reverses it: row len - 1 - (hi - tap) -
// t, here lo = -2 and hi = 3: tap -2 reads len - 6 - t and tap 3 len - 1 - t.
// CHECK-DAG: #[[FROM_END:.*]] = affine_map<(d0)[s0] -> (-d0 + s0 - 1)>
// CHECK-DAG: #[[FROM_END5:.*]] = affine_map<(d0)[s0] -> (-d0 + s0 - 6)>
// CHECK-LABEL: func.func @backwards_checked
// CHECK-SAME: (%[[U:.*]]: tensor<?xf64>, %[[N:.*]]: i32)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[LEN:.*]] = tensor.dim %[[U]], %[[C0]]
// CHECK: %[[AVAIL:.*]] = arith.subi %[[LEN]], %[[C5]]
// CHECK: %[[LONG_ENOUGH:.*]] = arith.cmpi sge, %[[AVAIL]], %[[C0]]
// CHECK: scan.check %[[LONG_ENOUGH]], code 3(
// CHECK: %[[PROVIDED:.*]] = arith.maxsi %[[AVAIL]], %[[C0]]
// CHECK: %[[NS:.*]] = arith.index_cast %[[N]] : i32 to index
// CHECK: %[[NOT_NEG:.*]] = arith.cmpi sge, %[[NS]], %[[C0]]
// CHECK: scan.check %[[NOT_NEG]], code 1(
// CHECK: %[[FITS:.*]] = arith.cmpi sle, %[[NS]], %[[PROVIDED]]
// CHECK: scan.check %[[FITS]], code 2(
// CHECK: %[[STEPS:.*]] = arith.select %{{.*}}, %[[C0]], %[[NS]] : index
// CHECK: scf.for %[[T:.*]] = %[[C0]] to %[[STEPS]] step %[[C1]]
// CHECK: %[[ROWM2:.*]] = affine.apply #[[FROM_END5]](%[[T]])[%[[LEN]]]
// CHECK: tensor.extract_slice %[[U]][%[[ROWM2]]] [1] [1] : tensor<?xf64> to tensor<f64>
// CHECK: %[[ROW3:.*]] = affine.apply #[[FROM_END]](%[[T]])[%[[LEN]]]
// CHECK: tensor.extract_slice %[[U]][%[[ROW3]]] [1] [1]
func.func @backwards_checked(%u: tensor<?xf64>, %n: i32) -> tensor<?xf64> {
  %r = scan.scan n_steps(%n : i32) go_backwards
      sequences(%u taps [-2, 0, 3] : tensor<?xf64>)
      outputs(none -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %c: tensor<f64>):
    %s = arith.addf %a, %c : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// `until` becomes an scf.while that stops after the step whose condition
// holds; the result keeps the steps that ran.
// CHECK-LABEL: func.func @until
// CHECK-DAG: %[[TRUE:.*]] = arith.constant true
// CHECK-DAG: %[[C1024:.*]] = arith.constant 1024 : index
// CHECK: %[[W:.*]]:3 = scf.while (%[[T:.*]] = %{{.*}}, %[[GO:.*]] = %[[TRUE]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[T]], %[[C1024]]
// CHECK: %[[CONT:.*]] = arith.andi %[[IN]], %[[GO]]
// CHECK: scf.condition(%[[CONT]])
// CHECK: } do {
// CHECK: %[[STOP:.*]] = tensor.extract %{{.*}}[] : tensor<i1>
// CHECK: %[[NOTSTOP:.*]] = arith.xori %[[STOP]], %[[TRUE]]
// CHECK: scf.yield %{{.*}}, %[[NOTSTOP]],
// CHECK: %[[RAN:.*]] = tensor.extract_slice %[[W]]#1[0] [%[[W]]#0] [1]
// CHECK: return %[[RAN]]
func.func @until(%one: tensor<1xf64>, %max: tensor<f64>) -> tensor<?xf64> {
  %c1024 = arith.constant 1024 : index
  %r = scan.scan n_steps(%c1024 : index)
      outputs(%one : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%max : tensor<f64>) {
  ^bb0(%prev: tensor<f64>, %m: tensor<f64>):
    %two = arith.constant dense<2.0> : tensor<f64>
    %next = arith.mulf %prev, %two : tensor<f64>
    %gt = arith.cmpf ogt, %next, %m : tensor<f64>
    %stop = tensor.extract %gt[] : tensor<i1>
    scan.yield %next : tensor<f64> until %stop : i1
  }
  return %r : tensor<?xf64>
}

// -----

// A non-recurrent output with a dynamic step shape learns it from a run of
// the body at step 0; a later step of another shape is reported instead of
// written out of bounds.
// CHECK-LABEL: func.func @map_dynamic
// CHECK: %[[HAS:.*]] = arith.cmpi sgt
// CHECK: %[[WIDTH:.*]] = scf.if %[[HAS]] -> (index) {
// CHECK: %[[FIRST:.*]] = math.tanh
// CHECK: %[[D:.*]] = tensor.dim %[[FIRST]]
// CHECK: scf.yield %[[D]] : index
// CHECK: } else {
// CHECK: %[[HIST:.*]] = bufferization.alloc_tensor(%{{.*}}, %[[WIDTH]]) : tensor<?x?xf64>
// CHECK: scf.for
// CHECK: %[[Y:.*]] = math.tanh
// CHECK: %[[DY:.*]] = tensor.dim %[[Y]]
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[DY]], %[[WIDTH]]
// CHECK: scf.if %[[SAME]] -> (tensor<?x?xf64>) {
// CHECK: tensor.insert_slice %[[Y]]
// CHECK: } else {
// CHECK: scan.check %false, code 5(
func.func @map_dynamic(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %r = scan.scan sequences(%x : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %t = math.tanh %row : tensor<?xf64>
    scan.yield %t : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// -----

// Shared values are loop-carried and updated in place (the next value is
// materialized in the current one's buffer); the loop starts from a copy of
// the caller's value (a read-only argument, which a loop of one step,
// folded away, would otherwise write); the op's shared result is the final
// value.
// CHECK-LABEL: func.func @shared
// CHECK-SAME: (%[[K:.*]]: tensor<i64>, %{{.*}}: i32)
// CHECK: %[[COPY:.*]] = bufferization.alloc_tensor() copy(%[[K]]) : tensor<i64>
// CHECK: %[[F:.*]] = scf.for {{.*}} iter_args(%[[KA:.*]] = %[[COPY]]) -> (tensor<i64>)
// CHECK: %[[NEXT:.*]] = arith.addi %[[KA]]
// CHECK: %[[INPLACE:.*]] = bufferization.materialize_in_destination %[[NEXT]] in %[[KA]]
// CHECK: scf.yield %[[INPLACE]]
// CHECK: return %[[F]]
func.func @shared(%k: tensor<i64>, %n: i32) -> tensor<i64> {
  %final = scan.scan n_steps(%n : i32) shared(%k : tensor<i64>) {
  ^bb0(%kk: tensor<i64>):
    %one = arith.constant dense<1> : tensor<i64>
    %next = arith.addi %kk, %one : tensor<i64>
    scan.yield %next : tensor<i64>
  }
  return %final : tensor<i64>
}

// -----

// A shared value the body does not update is carried as it is.
// CHECK-LABEL: func.func @shared_unchanged
// CHECK-SAME: (%[[K:.*]]: tensor<i64>, %{{.*}}: i32)
// CHECK-NOT: alloc_tensor
// CHECK: return %[[K]]
func.func @shared_unchanged(%k: tensor<i64>, %n: i32) -> tensor<i64> {
  %final = scan.scan n_steps(%n : i32) shared(%k : tensor<i64>) {
  ^bb0(%kk: tensor<i64>):
    scan.yield %kk : tensor<i64>
  }
  return %final : tensor<i64>
}

// -----

// Nested scans lower to nested loops.
// CHECK-LABEL: func.func @nested
// CHECK-NOT: scan.scan
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scan.scan
func.func @nested(%batch: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %r = scan.scan sequences(%batch : tensor<4x3xf32>) outputs(none -> tensor<4x3xf32>) {
  ^bb0(%m: tensor<3xf32>):
    %inner = scan.scan sequences(%m : tensor<3xf32>) outputs(none -> tensor<3xf32>) {
    ^bb0(%e: tensor<f32>):
      %d = arith.addf %e, %e : tensor<f32>
      scan.yield %d : tensor<f32>
    }
    scan.yield %inner : tensor<3xf32>
  }
  return %r : tensor<4x3xf32>
}

// -----

// A nested scan whose outer step has a dynamic size: the outer lowering
// clones its body (with the inner scan) into an scf.if that learns the step
// shape, and lowers the cloned scan as well as the one in the loop (the
// clone only feeds a tensor.dim; canonicalization folds it away).
// CHECK-LABEL: func.func @nested_dynamic_step
// CHECK-NOT: scan.scan
// CHECK: scf.if
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scan.scan
// CHECK: return
func.func @nested_dynamic_step(%M: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %two = arith.constant dense<2.0> : tensor<f64>
  %r = scan.scan sequences(%M : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %in = scan.scan sequences(%row : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
    ^bb0(%a: tensor<f64>):
      %m = arith.mulf %a, %two : tensor<f64>
      scan.yield %m : tensor<f64>
    }
    scan.yield %in : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}
