// RUN: scan-opt %s --scan-differentiate --canonicalize --cse --split-input-file | FileCheck %s

// The reverse-mode rule of scan.scan: a backward scan (go_backwards, over the
// m = min(n, truncate_gradient) differentiated steps) that reads the cut
// forward sequences, each recurrent output's history [init; result] at the
// output's taps (and at tap 0: the step's own value, which the rules read
// instead of recomputing it) and the results' adjoints; recomputes what
// else the step's rules need; and yields
// the sequence taps' adjoints, the pending adjoints of each recurrent output
// (one per row of its initial value) and the non-sequences' running sums.
// Each cost is the sum of the scan's result, whose adjoint is all ones.

// s[t] = tanh(s[t-1] * w + u[t]): a sequence, a sit-sot output and a
// non-sequence.
// CHECK-LABEL: func.func @sit_sot
// CHECK-SAME: (%[[U:.*]]: tensor<?xf64>, %[[S0:.*]]: tensor<1xf64>, %[[W:.*]]: tensor<f64>)
// CHECK: %[[R:.*]] = scan.scan
// CHECK: %[[N:.*]] = tensor.dim %[[R]], %{{.*}} : tensor<?xf64>
// CHECK: %[[UCUT:.*]] = tensor.extract_slice %[[U]][0] [%[[N]]] [1]
// CHECK: %[[ROWS:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[ROWS]]) : tensor<?xf64>
// CHECK: %[[H1:.*]] = tensor.insert_slice %[[S0]] into %[[EMPTY]][0] [1] [1]
// CHECK: %[[H2:.*]] = tensor.insert_slice %[[R]] into %[[H1]][1] [%[[N]]] [1]
// CHECK: %[[HIST:.*]] = tensor.extract_slice %[[H2]][0] [%[[ROWS]]] [1]
// The result's adjoint is all ones: its rows are equal, so the backward
// scan reads the row from above instead of a sequence (canonicalization).
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1xf64>
// CHECK: %[[B:.*]]:3 = scan.scan n_steps(%[[N]] : index) go_backwards
// CHECK-NEXT: sequences(%[[UCUT]] : tensor<?xf64>, %[[HIST]] taps [-1, 0] : tensor<?xf64>)
// CHECK-NEXT: outputs(none -> tensor<?xf64>, %[[ZERO]] : tensor<1xf64> -> tensor<?xf64>, %[[ZERO]] : tensor<1xf64> -> tensor<?xf64>)
// CHECK-NEXT: non_sequences(%[[W]] : tensor<f64>) {
// CHECK-NEXT: ^bb0(%[[UT:.*]]: tensor<f64>, %[[STM1:.*]]: tensor<f64>, %[[ST:.*]]: tensor<f64>, %[[PENDING:.*]]: tensor<f64>, %[[SUM:.*]]: tensor<f64>, %[[WW:.*]]: tensor<f64>):
// The step's tanh is read from the history (tap 0), not recomputed.
// CHECK-NOT: math.tanh
// CHECK: %[[DT:.*]] = arith.addf %[[PENDING]], %{{.*}} : tensor<f64>
// CHECK: %[[DTT:.*]] = arith.mulf %[[DT]], %[[ST]] : tensor<f64>
// CHECK: %[[DB:.*]] = arith.subf %[[DT]], %{{.*}} : tensor<f64>
// CHECK: %[[DS:.*]] = arith.mulf %[[DB]], %[[WW]] : tensor<f64>
// CHECK: %[[DW:.*]] = arith.mulf %[[DB]], %[[STM1]] : tensor<f64>
// CHECK: %[[NEXTSUM:.*]] = arith.addf %[[SUM]], %[[DW]] : tensor<f64>
// CHECK: scan.yield %[[DB]], %[[DS]], %[[NEXTSUM]] : tensor<f64>, tensor<f64>, tensor<f64>
// CHECK: %[[DUSTEPS:.*]] = scan.scan go_backwards
// CHECK-NEXT: sequences(%[[B]]#0 : tensor<?xf64>)
// CHECK: %[[DU:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0] [%{{.*}}] [1] : tensor<?xf64> into tensor<?xf64>
// CHECK: tensor.extract_slice %[[B]]#1[
// CHECK: %[[DS0:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0] [1] [1] : tensor<f64> into tensor<1xf64>
// CHECK: %[[DWLAST:.*]] = scf.if
// CHECK: tensor.extract_slice %[[B]]#2[
// CHECK: return %[[DU]], %[[DS0]], %[[DWLAST]]
func.func @sit_sot(%u: tensor<?xf64>, %s0: tensor<1xf64>, %w: tensor<f64>)
    -> (tensor<?xf64>, tensor<1xf64>, tensor<f64>) {
  %r = scan.scan
      sequences(%u : tensor<?xf64>)
      outputs(%s0 : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%w : tensor<f64>) {
  ^bb0(%ut: tensor<f64>, %s: tensor<f64>, %ww: tensor<f64>):
    %a = arith.mulf %s, %ww : tensor<f64>
    %b = arith.addf %a, %ut : tensor<f64>
    %t = math.tanh %b : tensor<f64>
    scan.yield %t : tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %gu, %gs0, %gw = scan.grad %c wrt(%u, %s0, %w)
      : tensor<f64> wrt(tensor<?xf64>, tensor<1xf64>, tensor<f64>)
      -> (tensor<?xf64>, tensor<1xf64>, tensor<f64>)
  return %gu, %gs0, %gw : tensor<?xf64>, tensor<1xf64>, tensor<f64>
}

// -----

// x[t] = x[t-3] * x[t-1]: the backward scan carries three pending adjoints
// W0, W1, W2 (for x[t], x[t-1], x[t-2]); tap -1 adds to W0's successor
// (W1 + dx[t-1]), tap -3 starts W2. After the last step they are the
// adjoints of the initial rows 2, 1 and 0.
// CHECK-LABEL: func.func @output_taps
// CHECK-SAME: (%[[S0:.*]]: tensor<3xf64>, %{{.*}}: index)
// CHECK: %[[R:.*]] = scan.scan
// CHECK: %[[N:.*]] = tensor.dim %[[R]]
// CHECK: %[[ROWS:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK: %[[H1:.*]] = tensor.insert_slice %[[S0]] into %{{.*}}[0] [3] [1]
// CHECK: %[[H2:.*]] = tensor.insert_slice %[[R]] into %[[H1]][3] [%[[N]]] [1]
// CHECK: %[[HIST:.*]] = tensor.extract_slice %[[H2]][0] [%[[ROWS]]] [1]
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1xf64>
// CHECK: %[[B:.*]]:3 = scan.scan n_steps(%[[N]] : index) go_backwards
// CHECK-NEXT: sequences(%[[HIST]] taps [-3, -1, 0] : tensor<?xf64>)
// CHECK-NEXT: outputs(%[[ZERO]] : tensor<1xf64> -> tensor<?xf64>, %[[ZERO]] : tensor<1xf64> -> tensor<?xf64>, %[[ZERO]] : tensor<1xf64> -> tensor<?xf64>) {
// CHECK-NEXT: ^bb0(%[[XTM3:.*]]: tensor<f64>, %[[XTM1:.*]]: tensor<f64>, %[[XT:.*]]: tensor<f64>, %[[W0:.*]]: tensor<f64>, %[[W1:.*]]: tensor<f64>, %[[W2:.*]]: tensor<f64>):
// CHECK-NEXT: %[[DX:.*]] = arith.addf %[[W0]], %{{.*}}
// CHECK-NEXT: %[[DXTM3:.*]] = arith.mulf %[[DX]], %[[XTM1]]
// CHECK-NEXT: %[[DXTM1:.*]] = arith.mulf %[[DX]], %[[XTM3]]
// CHECK-NEXT: %[[NEXTW0:.*]] = arith.addf %[[W1]], %[[DXTM1]]
// CHECK-NEXT: scan.yield %[[NEXTW0]], %[[W2]], %[[DXTM3]]
// CHECK: tensor.extract_slice %[[B]]#0[
// CHECK: %[[D2:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[2] [1] [1] : tensor<f64> into tensor<3xf64>
// CHECK: tensor.extract_slice %[[B]]#1[
// CHECK: %[[D1:.*]] = tensor.insert_slice %{{.*}} into %[[D2]][1] [1] [1]
// CHECK: tensor.extract_slice %[[B]]#2[
// CHECK: %[[D0:.*]] = tensor.insert_slice %{{.*}} into %[[D1]][0] [1] [1]
// CHECK: return %[[D0]]
func.func @output_taps(%s0: tensor<3xf64>, %n: index) -> tensor<3xf64> {
  %r = scan.scan n_steps(%n : index)
      outputs(%s0 taps [-3, -1] : tensor<3xf64> -> tensor<?xf64>) {
  ^bb0(%s3: tensor<f64>, %s1: tensor<f64>):
    %a = arith.mulf %s3, %s1 : tensor<f64>
    scan.yield %a : tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %g = scan.grad %c wrt(%s0) : tensor<f64> wrt(tensor<3xf64>) -> (tensor<3xf64>)
  return %g : tensor<3xf64>
}

// -----

// Sequence taps [-1, 1]: the backward scan reads n + 2 rows of u and yields
// one adjoint per tap; reversed into step order, tap -1's are added at rows
// [0, n) and tap 1's at rows [2, n + 2).
// CHECK-LABEL: func.func @sequence_taps
// CHECK-SAME: (%[[U:.*]]: tensor<?xf64>)
// CHECK: %[[R:.*]] = scan.scan
// CHECK: %[[N:.*]] = tensor.dim %[[R]]
// CHECK: %[[ROWS:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK: %[[UCUT:.*]] = tensor.extract_slice %[[U]][0] [%[[ROWS]]] [1]
// CHECK: %[[B:.*]]:2 = scan.scan n_steps(%[[N]] : index) go_backwards
// CHECK-NEXT: sequences(%[[UCUT]] taps [-1, 1] : tensor<?xf64>, %{{.*}} : tensor<?xf64>)
// CHECK-NEXT: outputs(none -> tensor<?xf64>, none -> tensor<?xf64>) {
// CHECK-NEXT: ^bb0(%[[UTM1:.*]]: tensor<f64>, %[[UTP1:.*]]: tensor<f64>, %[[RT:.*]]: tensor<f64>):
// (the result's adjoint is 1: the tap slices' adjoints are the other slice)
// CHECK-NEXT: scan.yield %[[UTP1]], %[[UTM1]]
// CHECK: %[[REV0:.*]] = scan.scan go_backwards
// CHECK-NEXT: sequences(%[[B]]#0 : tensor<?xf64>)
// CHECK: %[[AT0:.*]] = tensor.extract_slice %[[ZEROS:.*]][0] [%[[N]]] [1]
// CHECK: %[[SUM0:.*]] = arith.addf %[[AT0]], %[[REV0]]
// CHECK: %[[DU0:.*]] = tensor.insert_slice %[[SUM0]] into %[[ZEROS]][0]
// CHECK: %[[REV1:.*]] = scan.scan go_backwards
// CHECK-NEXT: sequences(%[[B]]#1 : tensor<?xf64>)
// CHECK: %[[AT2:.*]] = tensor.extract_slice %[[DU0]][2] [%[[N]]] [1]
// CHECK: %[[SUM1:.*]] = arith.addf %[[AT2]], %[[REV1]]
// CHECK: %[[DU1:.*]] = tensor.insert_slice %[[SUM1]] into %[[DU0]][2]
// CHECK: return %[[DU1]]
func.func @sequence_taps(%u: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan
      sequences(%u taps [-1, 1] : tensor<?xf64>)
      outputs(none -> tensor<?xf64>) {
  ^bb0(%um: tensor<f64>, %up: tensor<f64>):
    %a = arith.mulf %um, %up : tensor<f64>
    scan.yield %a : tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %g = scan.grad %c wrt(%u) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

// go_backwards: the rule first reverses the sequence (a copying go_backwards
// scan), differentiates the equivalent forward scan, and reverses the
// sequence's adjoint back.
// CHECK-LABEL: func.func @go_backwards
// CHECK-SAME: (%[[U:.*]]: tensor<?xf64>, %{{.*}}: tensor<1xf64>)
// CHECK: %[[R:.*]] = scan.scan go_backwards
// CHECK: %[[N:.*]] = tensor.dim %[[R]]
// CHECK: %[[UREV:.*]] = scan.scan go_backwards
// CHECK-NEXT: sequences(%[[U]] : tensor<?xf64>)
// CHECK-NEXT: outputs(none -> tensor<?xf64>) {
// CHECK: %[[UCUT:.*]] = tensor.extract_slice %[[UREV]][0] [%[[N]]] [1]
// CHECK: %[[B:.*]]:2 = scan.scan n_steps(%[[N]] : index) go_backwards
// CHECK-NEXT: sequences(%[[UCUT]] : tensor<?xf64>, %{{.*}} taps [-1, 0] : tensor<?xf64>)
// CHECK: %[[DUREV:.*]] = tensor.insert_slice
// CHECK: %[[DU:.*]] = scan.scan go_backwards
// CHECK-NEXT: sequences(%[[DUREV]] : tensor<?xf64>)
// CHECK: return %[[DU]]
func.func @go_backwards(%u: tensor<?xf64>, %s0: tensor<1xf64>) -> tensor<?xf64> {
  %r = scan.scan go_backwards
      sequences(%u : tensor<?xf64>)
      outputs(%s0 : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%ut: tensor<f64>, %s: tensor<f64>):
    %a = arith.mulf %s, %ut : tensor<f64>
    scan.yield %a : tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %g = scan.grad %c wrt(%u) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

// truncate_gradient(4): m = min(n, 4) backward steps over the last m rows
// (from n - m on); the initial value's adjoint is zero unless they reach
// step 0.
// CHECK-LABEL: func.func @truncate_gradient
// CHECK-SAME: (%[[S0:.*]]: tensor<1xf64>, %[[W:.*]]: tensor<f64>, %{{.*}}: index)
// CHECK-DAG: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : tensor<1xf64>
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[R:.*]] = scan.scan n_steps(%{{.*}} : index) truncate_gradient(4)
// CHECK: %[[N:.*]] = tensor.dim %[[R]]
// CHECK: %[[M:.*]] = arith.minui %[[N]], %[[C4]] : index
// CHECK: %[[FIRST:.*]] = arith.subi %[[N]], %[[M]] : index
// CHECK: %[[HROWS:.*]] = arith.addi %[[M]], %{{.*}} : index
// CHECK: %[[HIST:.*]] = tensor.extract_slice %{{.*}}[%[[FIRST]]] [%[[HROWS]]] [1]
// CHECK: %[[B:.*]]:2 = scan.scan n_steps(%[[M]] : index) go_backwards
// CHECK-NEXT: sequences(%[[HIST]] taps [-1, 0] : tensor<?xf64>)
// CHECK: %[[LAST:.*]] = tensor.insert_slice %{{.*}} into %[[ZEROS]][0] [1] [1]
// CHECK: %[[REACHED:.*]] = arith.cmpi eq, %[[FIRST]], %{{.*}} : index
// CHECK: %[[DS0:.*]] = arith.select %[[REACHED]], %[[LAST]], %[[ZEROS]] : tensor<1xf64>
// CHECK: return %[[DS0]]
func.func @truncate_gradient(%s0: tensor<1xf64>, %w: tensor<f64>, %n: index)
    -> (tensor<1xf64>, tensor<f64>) {
  %r = scan.scan n_steps(%n : index) truncate_gradient(4)
      outputs(%s0 : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%w : tensor<f64>) {
  ^bb0(%s: tensor<f64>, %ww: tensor<f64>):
    %a = arith.mulf %s, %ww : tensor<f64>
    scan.yield %a : tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %g0, %gw = scan.grad %c wrt(%s0, %w)
      : tensor<f64> wrt(tensor<1xf64>, tensor<f64>) -> (tensor<1xf64>, tensor<f64>)
  return %g0, %gw : tensor<1xf64>, tensor<f64>
}

// -----

// A scan ended by `until`: the backward scan runs over the steps that ran
// (the result's length) and recomputes the step without the condition.
// CHECK-LABEL: func.func @until
// CHECK: %[[R:.*]] = scan.scan n_steps(
// CHECK: scan.yield %{{.*}} : tensor<f64> until %{{.*}} : i1
// CHECK: %[[N:.*]] = tensor.dim %[[R]]
// CHECK: %[[B:.*]]:2 = scan.scan n_steps(%[[N]] : index) go_backwards
// CHECK-NOT: until
// CHECK: scan.yield %{{.*}}, %{{.*}} : tensor<f64>, tensor<f64>
// CHECK: tensor.extract_slice %[[B]]#1[
func.func @until(%one: tensor<1xf64>, %max: tensor<f64>, %w: tensor<f64>) -> tensor<f64> {
  %c1024 = arith.constant 1024 : index
  %r = scan.scan n_steps(%c1024 : index)
      outputs(%one : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%max : tensor<f64>, %w : tensor<f64>) {
  ^bb0(%prev: tensor<f64>, %m: tensor<f64>, %ww: tensor<f64>):
    %next = arith.mulf %prev, %ww : tensor<f64>
    %gt = arith.cmpf ogt, %next, %m : tensor<f64>
    %stop = tensor.extract %gt[] : tensor<i1>
    scan.yield %next : tensor<f64> until %stop : i1
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %g = scan.grad %c wrt(%w) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
  return %g : tensor<f64>
}

// -----

// A checkpoint scan (scan_checkpoints' outer scan): the backward recomputes
// the step's non-recurrent output (here a copy of the state, standing for a
// chunk's states) instead of reading it from the forward's result, which
// nothing else reads and canonicalization drops; the step count comes from
// the recurrent output, which the backward reads anyway. The same scan
// without `checkpoint` keeps both outputs and reads the first.
// CHECK-LABEL: func.func @checkpoint
// CHECK: %[[R:.*]] = scan.scan checkpoint
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xf64>)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1xf64> -> tensor<?xf64>)
// CHECK: tensor.dim %[[R]], %{{.*}} : tensor<?xf64>
// CHECK: scan.scan n_steps(%{{.*}} : index) go_backwards
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xf64>, %{{.*}} taps [-1, 0] : tensor<?xf64>)
// CHECK-LABEL: func.func @no_checkpoint
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xf64>)
// CHECK-NEXT: outputs(none -> tensor<?xf64>, %{{.*}} : tensor<1xf64> -> tensor<?xf64>)
// CHECK: %[[READ:.*]] = tensor.extract_slice %[[R]]#0
// CHECK: scan.scan n_steps(%{{.*}} : index) go_backwards
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xf64>, %{{.*}} taps [-1, 0] : tensor<?xf64>, %[[READ]] : tensor<?xf64>)
func.func @checkpoint(%u: tensor<?xf64>, %s0: tensor<1xf64>, %w: tensor<f64>)
    -> tensor<f64> {
  %r:2 = scan.scan checkpoint
      sequences(%u : tensor<?xf64>)
      outputs(none -> tensor<?xf64>, %s0 : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%w : tensor<f64>) {
  ^bb0(%ut: tensor<f64>, %s: tensor<f64>, %ww: tensor<f64>):
    %a = arith.mulf %s, %ww : tensor<f64>
    %b = arith.addf %a, %ut : tensor<f64>
    %t = math.tanh %b : tensor<f64>
    scan.yield %t, %t : tensor<f64>, tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r#1 : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %gw = scan.grad %c wrt(%w) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
  return %gw : tensor<f64>
}
func.func @no_checkpoint(%u: tensor<?xf64>, %s0: tensor<1xf64>, %w: tensor<f64>)
    -> tensor<f64> {
  %r:2 = scan.scan
      sequences(%u : tensor<?xf64>)
      outputs(none -> tensor<?xf64>, %s0 : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%w : tensor<f64>) {
  ^bb0(%ut: tensor<f64>, %s: tensor<f64>, %ww: tensor<f64>):
    %a = arith.mulf %s, %ww : tensor<f64>
    %b = arith.addf %a, %ut : tensor<f64>
    %t = math.tanh %b : tensor<f64>
    scan.yield %t, %t : tensor<f64>, tensor<f64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %c = linalg.reduce ins(%r#1 : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%x: f64, %y: f64) {
      %z = arith.addf %x, %y : f64
      linalg.yield %z : f64
    }
  %gw = scan.grad %c wrt(%w) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
  return %gw : tensor<f64>
}
