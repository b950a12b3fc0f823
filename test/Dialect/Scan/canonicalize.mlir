// RUN: scan-opt %s --canonicalize --split-input-file | FileCheck %s

// Non-sequences the body never reads are dropped with their block arguments.
// CHECK-LABEL: func.func @unused_non_sequence
// CHECK-SAME: (%[[S:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<f32>, %[[UNUSED:.*]]: tensor<8xf32>)
// CHECK: scan.scan
// CHECK-NEXT: sequences(%[[S]] : tensor<4xf32>)
// CHECK-NEXT: outputs(none -> tensor<4xf32>)
// CHECK-NEXT: non_sequences(%[[W]] : tensor<f32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<f32>, %[[WA:.*]]: tensor<f32>):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[WA]]
// CHECK-NEXT: scan.yield %[[M]]
func.func @unused_non_sequence(%s: tensor<4xf32>, %w: tensor<f32>, %unused: tensor<8xf32>) -> tensor<4xf32> {
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<4xf32>)
      non_sequences(%unused : tensor<8xf32>, %w : tensor<f32>) {
  ^bb0(%a: tensor<f32>, %u: tensor<8xf32>, %ww: tensor<f32>):
    %m = arith.mulf %a, %ww : tensor<f32>
    scan.yield %m : tensor<f32>
  }
  return %r : tensor<4xf32>
}

// -----

// A non-sequence passed twice becomes one.
// CHECK-LABEL: func.func @duplicate_non_sequence
// CHECK: non_sequences(%{{.*}} : tensor<f32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<f32>, %[[W:.*]]: tensor<f32>):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[W]]
// CHECK-NEXT: %[[N:.*]] = arith.addf %[[M]], %[[W]]
func.func @duplicate_non_sequence(%s: tensor<4xf32>, %w: tensor<f32>) -> tensor<4xf32> {
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<4xf32>)
      non_sequences(%w : tensor<f32>, %w : tensor<f32>) {
  ^bb0(%a: tensor<f32>, %w1: tensor<f32>, %w2: tensor<f32>):
    %m = arith.mulf %a, %w1 : tensor<f32>
    %n = arith.addf %m, %w2 : tensor<f32>
    scan.yield %n : tensor<f32>
  }
  return %r : tensor<4xf32>
}

// -----

// An unused non-recurrent output is dropped; the used one stays, and so does
// the recurrent output whose past values the body reads.
// CHECK-LABEL: func.func @unused_outputs
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1xf32> -> tensor<4xf32>, none -> tensor<4xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<f32>, %[[ACC:.*]]: tensor<f32>):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[A]]
// CHECK-NEXT: %[[SQ:.*]] = arith.mulf %[[A]], %[[A]]
// CHECK-NEXT: scan.yield %[[SUM]], %[[SQ]] : tensor<f32>, tensor<f32>
// CHECK: return %[[R]]#1
func.func @unused_outputs(%s: tensor<4xf32>, %z: tensor<1xf32>) -> tensor<4xf32> {
  %acc, %neg, %sq = scan.scan sequences(%s : tensor<4xf32>)
      outputs(%z : tensor<1xf32> -> tensor<4xf32>, none -> tensor<4xf32>, none -> tensor<4xf32>) {
  ^bb0(%a: tensor<f32>, %prev: tensor<f32>):
    %sum = arith.addf %prev, %a : tensor<f32>
    %n = arith.negf %a : tensor<f32>
    %q = arith.mulf %a, %a : tensor<f32>
    scan.yield %sum, %n, %q : tensor<f32>, tensor<f32>, tensor<f32>
  }
  return %sq : tensor<4xf32>
}

// -----

// A recurrent output whose result is unused and whose past values the body
// never reads is dropped with its initial value.
// CHECK-LABEL: func.func @dead_recurrent_output
// CHECK: %[[R:.*]] = scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT: outputs(none -> tensor<4xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<f32>):
// CHECK-NOT: tensor<1xf32>
// CHECK: return %[[R]]
func.func @dead_recurrent_output(%s: tensor<4xf32>, %z: tensor<1xf32>) -> tensor<4xf32> {
  %dead, %live = scan.scan sequences(%s : tensor<4xf32>)
      outputs(%z : tensor<1xf32> -> tensor<4xf32>, none -> tensor<4xf32>) {
  ^bb0(%a: tensor<f32>, %prev: tensor<f32>):
    %n = arith.negf %a : tensor<f32>
    scan.yield %a, %n : tensor<f32>, tensor<f32>
  }
  return %live : tensor<4xf32>
}

// -----

// Used outputs and shared values whose past values feed the body stay.
// CHECK-LABEL: func.func @nothing_to_remove
// CHECK: scan.scan n_steps
// CHECK-NEXT: outputs(%{{.*}} : tensor<1xf32> -> tensor<?xf32>)
// CHECK-NEXT: shared(%{{.*}} : tensor<i64>) {
func.func @nothing_to_remove(%z: tensor<1xf32>, %k: tensor<i64>, %n: index) -> (tensor<?xf32>, tensor<i64>) {
  %acc, %kf = scan.scan n_steps(%n : index)
      outputs(%z : tensor<1xf32> -> tensor<?xf32>) shared(%k : tensor<i64>) {
  ^bb0(%prev: tensor<f32>, %kk: tensor<i64>):
    %one = arith.constant dense<1> : tensor<i64>
    %k2 = arith.addi %kk, %one : tensor<i64>
    %p = arith.addf %prev, %prev : tensor<f32>
    scan.yield %p, %k2 : tensor<f32>, tensor<i64>
  }
  return %acc, %kf : tensor<?xf32>, tensor<i64>
}

// -----

// A scan whose results are all unused and whose body has no side effects
// disappears.
// CHECK-LABEL: func.func @dead_scan
// CHECK-NOT: scan.scan
// CHECK: return
func.func @dead_scan(%s: tensor<4xf32>) {
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<4xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

// A cast that only erases static sizes folds into the sequence and the
// non-sequence it feeds: the body's arguments become static, and linalg's own
// canonicalization then infers the static size of the rest. A sequence's
// length stays dynamic, so that its checks stay run-time errors.
// CHECK-LABEL: func.func @fold_casts_into_inputs
// CHECK-SAME: (%[[X:.*]]: tensor<9x2xf64>, %[[W:.*]]: tensor<2x2xf64>, %[[H0:.*]]: tensor<1x?xf64>)
// CHECK: %[[XS:.*]] = tensor.cast %[[X]] : tensor<9x2xf64> to tensor<?x2xf64>
// CHECK: scan.scan
// CHECK-NEXT: sequences(%[[XS]] : tensor<?x2xf64>)
// CHECK-NEXT: outputs(%[[H0]] : tensor<1x?xf64> -> tensor<?x?xf64>)
// CHECK-NEXT: non_sequences(%[[W]] : tensor<2x2xf64>) {
// CHECK-NEXT: ^bb0(%[[XT:.*]]: tensor<2xf64>, %[[H:.*]]: tensor<?xf64>, %[[WA:.*]]: tensor<2x2xf64>):
// CHECK-NEXT: %[[HS:.*]] = tensor.cast %[[H]] : tensor<?xf64> to tensor<2xf64>
// CHECK-NEXT: linalg.matvec ins(%[[WA]], %[[HS]] : tensor<2x2xf64>, tensor<2xf64>) outs(%[[XT]] : tensor<2xf64>)
func.func @fold_casts_into_inputs(%x: tensor<9x2xf64>, %w: tensor<2x2xf64>, %h0: tensor<1x?xf64>) -> tensor<?x?xf64> {
  %xd = tensor.cast %x : tensor<9x2xf64> to tensor<?x?xf64>
  %wd = tensor.cast %w : tensor<2x2xf64> to tensor<?x?xf64>
  %r = scan.scan sequences(%xd : tensor<?x?xf64>)
      outputs(%h0 : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%wd : tensor<?x?xf64>) {
  ^bb0(%xt: tensor<?xf64>, %h: tensor<?xf64>, %ww: tensor<?x?xf64>):
    %y = linalg.matvec ins(%ww, %h : tensor<?x?xf64>, tensor<?xf64>)
        outs(%xt : tensor<?xf64>) -> tensor<?xf64>
    scan.yield %y : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// -----

// A non-recurrent output takes the static step sizes its body yields; a cast
// after the scan gives its users the old type.
// CHECK-LABEL: func.func @refine_non_recurrent_output
// CHECK: %[[R:.*]] = scan.scan
// CHECK: outputs(none -> tensor<?x2xf64>)
// CHECK: scan.yield %{{.*}} : tensor<2xf64>
// CHECK: %[[C:.*]] = tensor.cast %[[R]] : tensor<?x2xf64> to tensor<?x?xf64>
// CHECK: return %[[C]]
func.func @refine_non_recurrent_output(%x: tensor<?x2xf64>) -> tensor<?x?xf64> {
  %r = scan.scan sequences(%x : tensor<?x2xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%xt: tensor<2xf64>):
    %y = arith.addf %xt, %xt : tensor<2xf64>
    %c = tensor.cast %y : tensor<2xf64> to tensor<?xf64>
    scan.yield %c : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// -----

// A check whose condition is the constant true never fails and goes; one
// that may fail stays.
// CHECK-LABEL: func.func @checks
// CHECK-SAME: (%[[OK:.*]]: i1)
// CHECK-NEXT: scan.check %[[OK]], code 9 message "may fail"
// CHECK-NEXT: return
func.func @checks(%ok: i1) {
  %true = arith.constant true
  scan.check %true, code 9 message "holds"
  scan.check %ok, code 9 message "may fail"
  return
}

// -----

// A recurrent output whose initial value is static behind a cast takes the
// static step: the body reads static past values, and what it yields is
// checked against the static sizes at every step (zeros stand in when they
// differ) before it is written.
// CHECK-LABEL: func.func @refine_recurrent
// CHECK-SAME: (%[[H0:.*]]: tensor<1x4xf32>, %[[N:.*]]: index)
// CHECK: %[[R:.*]] = scan.scan n_steps(%[[N]] : index)
// CHECK-NEXT: outputs(%[[H0]] : tensor<1x4xf32> -> tensor<?x4xf32>)
// CHECK: ^bb0(%[[H:.*]]: tensor<4xf32>):
// CHECK: %[[D:.*]] = tensor.dim
// CHECK: %[[FITS:.*]] = arith.cmpi eq, %[[D]], %{{.*}} : index
// CHECK: scan.check %[[FITS]], code 10(
// CHECK: %[[STEP:.*]] = scf.if %[[FITS]] -> (tensor<4xf32>)
// CHECK: scan.yield %[[STEP]] : tensor<4xf32>
// CHECK: tensor.cast %[[R]] : tensor<?x4xf32> to tensor<?x?xf32>
func.func @refine_recurrent(%h0: tensor<1x4xf32>, %n: index) -> tensor<?x?xf32> {
  %init = tensor.cast %h0 : tensor<1x4xf32> to tensor<1x?xf32>
  %r = scan.scan n_steps(%n : index) outputs(%init : tensor<1x?xf32> -> tensor<?x?xf32>) {
  ^bb0(%h: tensor<?xf32>):
    %t = math.tanh %h : tensor<?xf32>
    scan.yield %t : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}

// -----

// A sequence whose rows are all equal (the adjoint of a sum, all ones,
// broadcast from a scalar and cut to the steps) becomes that row: the scan
// no longer reads it. n_steps is given and the sequence provides exactly
// that many steps, so the step count stays the same.
// CHECK-LABEL: func.func @equal_rows
// CHECK-SAME: (%[[U:.*]]: tensor<?x3xf64>, %[[N:.*]]: index)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3xf64>
// CHECK: %[[ROW:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%{{.*}} : tensor<f64>) outs(%[[E]] : tensor<3xf64>)
// CHECK: scan.scan n_steps(%[[N]] : index)
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x3xf64>)
// CHECK-NEXT: outputs(none -> tensor<?x3xf64>) {
// CHECK-NEXT: ^bb0(%[[UT:.*]]: tensor<3xf64>):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[UT]], %[[ROW]]
#scalar = affine_map<(d0, d1) -> ()>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @equal_rows(%u: tensor<?x3xf64>, %n: index) -> tensor<?x3xf64> {
  %one = arith.constant dense<1.0> : tensor<f64>
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %ones = linalg.generic {indexing_maps = [#scalar, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%one : tensor<f64>) outs(%e : tensor<?x3xf64>) {
  ^bb0(%x: f64, %o: f64):
    linalg.yield %x : f64
  } -> tensor<?x3xf64>
  %cut = tensor.extract_slice %ones[0, 0] [%n, 3] [1, 1] : tensor<?x3xf64> to tensor<?x3xf64>
  %ucut = tensor.extract_slice %u[0, 0] [%n, 3] [1, 1] : tensor<?x3xf64> to tensor<?x3xf64>
  %r = scan.scan n_steps(%n : index)
      sequences(%ucut : tensor<?x3xf64>, %cut : tensor<?x3xf64>)
      outputs(none -> tensor<?x3xf64>) {
  ^bb0(%ut: tensor<3xf64>, %g: tensor<3xf64>):
    %p = arith.mulf %ut, %g : tensor<3xf64>
    scan.yield %p : tensor<3xf64>
  }
  return %r : tensor<?x3xf64>
}

// -----

// Without n_steps the sequence decides the step count: it stays.
// CHECK-LABEL: func.func @equal_rows_decide_the_steps
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x3xf64>)
// CHECK-NEXT: outputs(none -> tensor<?x3xf64>) {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<3xf64>):
func.func @equal_rows_decide_the_steps(%n: index) -> tensor<?x3xf64> {
  %c = arith.constant 1.0 : f64
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %ones = linalg.fill ins(%c : f64) outs(%e : tensor<?x3xf64>) -> tensor<?x3xf64>
  %r = scan.scan sequences(%ones : tensor<?x3xf64>)
      outputs(none -> tensor<?x3xf64>) {
  ^bb0(%g: tensor<3xf64>):
    %p = arith.addf %g, %g : tensor<3xf64>
    scan.yield %p : tensor<3xf64>
  }
  return %r : tensor<?x3xf64>
}
