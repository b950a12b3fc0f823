// RUN: scan-opt %s | scan-opt | FileCheck %s
// RUN: scan-opt %s -mlir-print-op-generic | scan-opt | FileCheck %s

// Every form of scan.scan round-trips through the custom and the generic
// assembly format. The first functions are the seed examples in MLIR.

// Seed: tanh(x(t).dot(W) + b), one sequence with the default tap [0] and one
// non-recurrent output.
// CHECK-LABEL: func.func @elementwise_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf64>, %[[W:.*]]: tensor<2x2xf64>, %[[B:.*]]: tensor<2xf64>)
// CHECK: %[[R:.*]] = scan.scan
// CHECK-NEXT: sequences(%[[X]] : tensor<2x2xf64>)
// CHECK-NEXT: outputs(none -> tensor<2x2xf64>)
// CHECK-NEXT: non_sequences(%[[W]] : tensor<2x2xf64>, %[[B]] : tensor<2xf64>) {
// CHECK-NEXT: ^bb0(%[[V:.*]]: tensor<2xf64>, %[[W2:.*]]: tensor<2x2xf64>, %[[B2:.*]]: tensor<2xf64>):
// CHECK: %[[DOT:.*]] = linalg.vecmat ins(%[[V]], %[[W2]]
// CHECK: %[[SUM:.*]] = arith.addf %[[DOT]], %[[B2]]
// CHECK: %[[T:.*]] = math.tanh %[[SUM]]
// CHECK: scan.yield %[[T]] : tensor<2xf64>
// CHECK: return %[[R]]
func.func @elementwise_tanh(%X: tensor<2x2xf64>, %W: tensor<2x2xf64>, %b: tensor<2xf64>) -> tensor<2x2xf64> {
  %r = scan.scan
      sequences(%X : tensor<2x2xf64>)
      outputs(none -> tensor<2x2xf64>)
      non_sequences(%W : tensor<2x2xf64>, %b : tensor<2xf64>) {
  ^bb0(%v: tensor<2xf64>, %w: tensor<2x2xf64>, %bb: tensor<2xf64>):
    %zero = arith.constant 0.0 : f64
    %empty = tensor.empty() : tensor<2xf64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
    %dot = linalg.vecmat ins(%v, %w : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %sum = arith.addf %dot, %bb : tensor<2xf64>
    %t = math.tanh %sum : tensor<2xf64>
    scan.yield %t : tensor<2xf64>
  }
  return %r : tensor<2x2xf64>
}

// Seed: the RNN of Theano's documentation, sequence taps [-4, 0] and output
// taps [-3, -1] (x) and the default [-1] (y).
//   x(n) = tanh(W x(n-1) + W_in_1 u(n) + W_in_2 u(n-4) + W_feedback y(n-1))
//   y(n) = W_out x(n-3)
// CHECK-LABEL: func.func @rnn_taps
// CHECK: %[[R:.*]]:2 = scan.scan
// CHECK-NEXT: sequences(%{{.*}} taps [-4, 0] : tensor<9x2xf64>)
// CHECK-NEXT: outputs(%{{.*}} taps [-3, -1] : tensor<3x2xf64> -> tensor<5x2xf64>, %{{.*}} : tensor<1x2xf64> -> tensor<5x2xf64>)
// CHECK-NEXT: non_sequences(%{{.*}} : tensor<2x2xf64>, %{{.*}} : tensor<2x2xf64>, %{{.*}} : tensor<2x2xf64>, %{{.*}} : tensor<2x2xf64>, %{{.*}} : tensor<2x2xf64>) {
// CHECK-NEXT: ^bb0(%[[UTM4:.*]]: tensor<2xf64>, %[[UT:.*]]: tensor<2xf64>, %[[XTM3:.*]]: tensor<2xf64>, %[[XTM1:.*]]: tensor<2xf64>, %[[YTM1:.*]]: tensor<2xf64>,
// CHECK: linalg.vecmat ins(%[[XTM1]]
// CHECK: linalg.vecmat ins(%[[UT]]
// CHECK: linalg.vecmat ins(%[[UTM4]]
// CHECK: linalg.vecmat ins(%[[YTM1]]
// CHECK: linalg.vecmat ins(%[[XTM3]]
// CHECK: scan.yield
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @rnn_taps(%u: tensor<9x2xf64>, %x0: tensor<3x2xf64>, %y0: tensor<1x2xf64>,
                    %W: tensor<2x2xf64>, %W_in_1: tensor<2x2xf64>, %W_in_2: tensor<2x2xf64>,
                    %W_feedback: tensor<2x2xf64>, %W_out: tensor<2x2xf64>)
    -> (tensor<5x2xf64>, tensor<5x2xf64>) {
  %x, %y = scan.scan
      sequences(%u taps [-4, 0] : tensor<9x2xf64>)
      outputs(%x0 taps [-3, -1] : tensor<3x2xf64> -> tensor<5x2xf64>,
              %y0 : tensor<1x2xf64> -> tensor<5x2xf64>)
      non_sequences(%W : tensor<2x2xf64>, %W_in_1 : tensor<2x2xf64>, %W_in_2 : tensor<2x2xf64>,
                    %W_feedback : tensor<2x2xf64>, %W_out : tensor<2x2xf64>) {
  ^bb0(%u_tm4: tensor<2xf64>, %u_t: tensor<2xf64>, %x_tm3: tensor<2xf64>, %x_tm1: tensor<2xf64>,
       %y_tm1: tensor<2xf64>, %w: tensor<2x2xf64>, %w_in_1: tensor<2x2xf64>, %w_in_2: tensor<2x2xf64>,
       %w_feedback: tensor<2x2xf64>, %w_out: tensor<2x2xf64>):
    %zero = arith.constant 0.0 : f64
    %empty = tensor.empty() : tensor<2xf64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
    %a = linalg.vecmat ins(%x_tm1, %w : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %b = linalg.vecmat ins(%u_t, %w_in_1 : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %c = linalg.vecmat ins(%u_tm4, %w_in_2 : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %d = linalg.vecmat ins(%y_tm1, %w_feedback : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %ab = arith.addf %a, %b : tensor<2xf64>
    %abc = arith.addf %ab, %c : tensor<2xf64>
    %abcd = arith.addf %abc, %d : tensor<2xf64>
    %x_t = math.tanh %abcd : tensor<2xf64>
    %y_t = linalg.vecmat ins(%x_tm3, %w_out : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    scan.yield %x_t, %y_t : tensor<2xf64>, tensor<2xf64>
  }
  return %x, %y : tensor<5x2xf64>, tensor<5x2xf64>
}

// Seed: x(t) = x(t-2).dot(U) + x(t-1).dot(V) + tanh(x(t-1).dot(W) + b), with
// output taps [-2, -1] and a symbolic n_steps of type i32.
// CHECK-LABEL: func.func @two_taps
// CHECK: scan.scan n_steps(%{{.*}} : i32)
// CHECK-NEXT: outputs(%{{.*}} taps [-2, -1] : tensor<2x2xf64> -> tensor<?x2xf64>)
// CHECK-NEXT: non_sequences(
// CHECK-NEXT: ^bb0(%[[XTM2:.*]]: tensor<2xf64>, %[[XTM1:.*]]: tensor<2xf64>,
// CHECK: linalg.vecmat ins(%[[XTM2]]
// CHECK: linalg.vecmat ins(%[[XTM1]]
func.func @two_taps(%X: tensor<2x2xf64>, %U: tensor<2x2xf64>, %V: tensor<2x2xf64>,
                    %W: tensor<2x2xf64>, %b: tensor<2xf64>, %n: i32) -> tensor<?x2xf64> {
  %r = scan.scan n_steps(%n : i32)
      outputs(%X taps [-2, -1] : tensor<2x2xf64> -> tensor<?x2xf64>)
      non_sequences(%U : tensor<2x2xf64>, %V : tensor<2x2xf64>, %W : tensor<2x2xf64>, %b : tensor<2xf64>) {
  ^bb0(%x_tm2: tensor<2xf64>, %x_tm1: tensor<2xf64>, %u: tensor<2x2xf64>, %v: tensor<2x2xf64>,
       %w: tensor<2x2xf64>, %bb: tensor<2xf64>):
    %zero = arith.constant 0.0 : f64
    %empty = tensor.empty() : tensor<2xf64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
    %p = linalg.vecmat ins(%x_tm2, %u : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %q = linalg.vecmat ins(%x_tm1, %v : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %s = linalg.vecmat ins(%x_tm1, %w : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %sb = arith.addf %s, %bb : tensor<2xf64>
    %t = math.tanh %sb : tensor<2xf64>
    %pq = arith.addf %p, %q : tensor<2xf64>
    %x_t = arith.addf %pq, %t : tensor<2xf64>
    scan.yield %x_t : tensor<2xf64>
  }
  return %r : tensor<?x2xf64>
}

// Seed: A**k elementwise; n_steps of type index, dynamic vector length.
// CHECK-LABEL: func.func @power
// CHECK: %[[R:.*]] = scan.scan n_steps(%{{.*}} : index)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1x?xf64> -> tensor<?x?xf64>)
// CHECK-NEXT: non_sequences(%{{.*}} : tensor<?xf64>) {
// CHECK-NEXT: ^bb0(%[[PRIOR:.*]]: tensor<?xf64>, %[[A:.*]]: tensor<?xf64>):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[PRIOR]], %[[A]] : tensor<?xf64>
// CHECK-NEXT: scan.yield %[[P]] : tensor<?xf64>
func.func @power(%A: tensor<?xf64>, %ones: tensor<1x?xf64>, %k: index) -> tensor<?x?xf64> {
  %r = scan.scan n_steps(%k : index)
      outputs(%ones : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%A : tensor<?xf64>) {
  ^bb0(%prior: tensor<?xf64>, %a: tensor<?xf64>):
    %p = arith.mulf %prior, %a : tensor<?xf64>
    scan.yield %p : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// Seed: the polynomial, two sequences of unequal length (the shortest wins),
// scalar (rank-0) steps, a non-recurrent output and a non-sequence.
// CHECK-LABEL: func.func @polynomial
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xf32>, %{{.*}} : tensor<10000xf32>)
// CHECK-NEXT: outputs(none -> tensor<?xf32>)
// CHECK-NEXT: non_sequences(%{{.*}} : tensor<f32>) {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>):
// CHECK: math.powf
func.func @polynomial(%coeffs: tensor<?xf32>, %range: tensor<10000xf32>, %x: tensor<f32>) -> tensor<?xf32> {
  %r = scan.scan
      sequences(%coeffs : tensor<?xf32>, %range : tensor<10000xf32>)
      outputs(none -> tensor<?xf32>)
      non_sequences(%x : tensor<f32>) {
  ^bb0(%c: tensor<f32>, %p: tensor<f32>, %free: tensor<f32>):
    %pow = math.powf %free, %p : tensor<f32>
    %term = arith.mulf %c, %pow : tensor<f32>
    scan.yield %term : tensor<f32>
  }
  return %r : tensor<?xf32>
}

// Seed: powers of two below a bound, ended early by `until`.
// CHECK-LABEL: func.func @powers_of_two_until
// CHECK: scan.scan n_steps(%{{.*}} : index)
// CHECK: scan.yield %[[NEXT:.*]] : tensor<f64> until %[[STOP:.*]] : i1
func.func @powers_of_two_until(%one: tensor<1xf64>, %max: tensor<f64>) -> tensor<?xf64> {
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

// A scan nested in a scan body: the row sums of each matrix of a batch.
// CHECK-LABEL: func.func @nested
// CHECK: scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<4x3x5xf32>)
// CHECK: ^bb0(%[[M:.*]]: tensor<3x5xf32>):
// CHECK: %[[INNER:.*]] = scan.scan
// CHECK-NEXT: sequences(%[[M]] : tensor<3x5xf32>)
// CHECK: scan.yield %{{.*}} : tensor<f32>
// CHECK: scan.yield %[[INNER]] : tensor<3xf32>
func.func @nested(%batch: tensor<4x3x5xf32>) -> tensor<4x3xf32> {
  %r = scan.scan
      sequences(%batch : tensor<4x3x5xf32>)
      outputs(none -> tensor<4x3xf32>) {
  ^bb0(%m: tensor<3x5xf32>):
    %inner = scan.scan
        sequences(%m : tensor<3x5xf32>)
        outputs(none -> tensor<3xf32>) {
    ^bb0(%row: tensor<5xf32>):
      %zero = arith.constant 0.0 : f32
      %e = tensor.empty() : tensor<f32>
      %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<f32>) -> tensor<f32>
      %s = linalg.reduce ins(%row : tensor<5xf32>) outs(%acc : tensor<f32>) dimensions = [0]
        (%in: f32, %out: f32) {
          %add = arith.addf %in, %out : f32
          linalg.yield %add : f32
        }
      scan.yield %s : tensor<f32>
    }
    scan.yield %inner : tensor<3xf32>
  }
  return %r : tensor<4x3xf32>
}

// go_backwards, truncate_gradient, and sequence taps reaching into the future.
// CHECK-LABEL: func.func @backwards_future_taps
// CHECK: scan.scan go_backwards truncate_gradient(5)
// CHECK-NEXT: sequences(%{{.*}} taps [-2, 0, 3] : tensor<10xf64>)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1xf64> -> tensor<5xf64>)
// CHECK-NEXT: ^bb0(%seq0_tm2: tensor<f64>, %seq0_t: tensor<f64>, %seq0_tp3: tensor<f64>, %out0_tm1: tensor<f64>):
func.func @backwards_future_taps(%u: tensor<10xf64>, %s0: tensor<1xf64>) -> tensor<5xf64> {
  %r = scan.scan go_backwards truncate_gradient(5)
      sequences(%u taps [-2, 0, 3] : tensor<10xf64>)
      outputs(%s0 : tensor<1xf64> -> tensor<5xf64>) {
  ^bb0(%u_tm2: tensor<f64>, %u_t: tensor<f64>, %u_tp3: tensor<f64>, %s: tensor<f64>):
    %a = arith.addf %u_tm2, %u_t : tensor<f64>
    %b = arith.addf %a, %u_tp3 : tensor<f64>
    %c = arith.addf %b, %s : tensor<f64>
    scan.yield %c : tensor<f64>
  }
  return %r : tensor<5xf64>
}

// Seed: a shared accumulator updated once per step (k = k + 1), with no
// outputs and no sequences.
// CHECK-LABEL: func.func @shared_accumulator
// CHECK: %[[K:.*]] = scan.scan n_steps(%{{.*}} : i32)
// CHECK-NEXT: shared(%{{.*}} : tensor<i64>) {
// CHECK-NEXT: ^bb0(%[[KA:.*]]: tensor<i64>):
// CHECK: %[[NEXT:.*]] = arith.addi %[[KA]]
// CHECK-NEXT: scan.yield %[[NEXT]] : tensor<i64>
// CHECK: return %[[K]] : tensor<i64>
func.func @shared_accumulator(%k: tensor<i64>, %n: i32) -> tensor<i64> {
  %final = scan.scan n_steps(%n : i32)
      shared(%k : tensor<i64>) {
  ^bb0(%kk: tensor<i64>):
    %one = arith.constant dense<1> : tensor<i64>
    %next = arith.addi %kk, %one : tensor<i64>
    scan.yield %next : tensor<i64>
  }
  return %final : tensor<i64>
}

// Outputs and shared values together: results are the outputs, then the
// final shared values; discardable attributes print after `attributes`.
// CHECK-LABEL: func.func @outputs_and_shared
// CHECK: %[[R:.*]]:3 = scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?xi32>)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1xi32> -> tensor<?xi32>, none -> tensor<?xi1>)
// CHECK-NEXT: shared(%{{.*}} : tensor<i32>) attributes {name = "triangular"} {
// CHECK-NEXT: ^bb0(%seq0_t: tensor<i32>, %out0_tm1: tensor<i32>, %shared0: tensor<i32>):
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @outputs_and_shared(%seq: tensor<?xi32>, %zero: tensor<1xi32>, %count: tensor<i32>)
    -> (tensor<?xi32>, tensor<?xi1>, tensor<i32>) {
  %sums, %odd, %final = scan.scan
      sequences(%seq : tensor<?xi32>)
      outputs(%zero : tensor<1xi32> -> tensor<?xi32>, none -> tensor<?xi1>)
      shared(%count : tensor<i32>) attributes {name = "triangular"} {
  ^bb0(%v: tensor<i32>, %sum: tensor<i32>, %c: tensor<i32>):
    %next = arith.addi %sum, %v : tensor<i32>
    %one = arith.constant dense<1> : tensor<i32>
    %bit = arith.andi %next, %one : tensor<i32>
    %isodd = arith.cmpi eq, %bit, %one : tensor<i32>
    %c2 = arith.addi %c, %one : tensor<i32>
    scan.yield %next, %isodd, %c2 : tensor<i32>, tensor<i1>, tensor<i32>
  }
  return %sums, %odd, %final : tensor<?xi32>, tensor<?xi1>, tensor<i32>
}

// An output that keeps only its last steps (set by scan-save-mem).
// CHECK-LABEL: func.func @keeps_last_steps
// CHECK: outputs(%{{.*}} : tensor<1x4xf64> -> tensor<?x4xf64> last 1, none -> tensor<?xf64> last 3)
func.func @keeps_last_steps(%x0: tensor<1x4xf64>, %n: index) -> (tensor<?x4xf64>, tensor<?xf64>) {
  %a, %b = scan.scan n_steps(%n : index)
      outputs(%x0 : tensor<1x4xf64> -> tensor<?x4xf64> last 1, none -> tensor<?xf64> last 3) {
  ^bb0(%x: tensor<4xf64>):
    %c = arith.constant dense<1.0> : tensor<f64>
    scan.yield %x, %c : tensor<4xf64>, tensor<f64>
  }
  return %a, %b : tensor<?x4xf64>, tensor<?xf64>
}

// Run-time checks: a code with up to three i64 arguments, or a message.
// CHECK-LABEL: func.func @checks
// CHECK: scan.check %{{.*}}, code 6(%{{.*}}, %{{.*}}, %{{.*}} : i64, i64, i64)
// CHECK: scan.check %{{.*}}, code 9 message "the step must be positive"
func.func @checks(%ok: i1, %i: i64, %n: i64) {
  %c0 = arith.constant 0 : i64
  scan.check %ok, code 6(%i, %c0, %n : i64, i64, i64)
  scan.check %ok, code 9 message "the step must be positive"
  return
}
