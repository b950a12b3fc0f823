// The edge cases of scan.scan's semantics (ARCHITECTURE.md), run through the
// whole CPU pipeline. Expected values are derived by hand in the comments.

// RUN: scan-run %s -f future_taps --arg '[0,1,2,3,4,5,6,7,8,9]:f64' | FileCheck %s --check-prefix=TAPS
// Taps [-2, 0, 3] span 5 rows: 10 - 5 = 5 steps; step t reads u[t], u[t+2]
// and u[t+5] and yields u[t] + 10 u[t+2] + 100 u[t+5]: 0 + 20 + 500 = 520, ...
// TAPS: result #0: f64[5]
// TAPS-NEXT: [520. 631. 742. 853. 964.]
func.func @future_taps(%u: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%u taps [-2, 0, 3] : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %c: tensor<f64>):
    %ten = arith.constant dense<10.0> : tensor<f64>
    %hundred = arith.constant dense<100.0> : tensor<f64>
    %b10 = arith.mulf %b, %ten : tensor<f64>
    %c100 = arith.mulf %c, %hundred : tensor<f64>
    %s = arith.addf %a, %b10 : tensor<f64>
    %t = arith.addf %s, %c100 : tensor<f64>
    scan.yield %t : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// A cumulative sum over a sequence, with n_steps.
// RUN: scan-run %s -f cumsum_n --arg '[1,2,3,4,5]:f64' --arg '3:i32' | FileCheck %s --check-prefix=FEWER
// FEWER: result #0: f64[3]
// FEWER-NEXT: [1. 3. 6.]
// RUN: scan-run %s -f cumsum_n --arg '[1,2,3,4,5]:f64' --arg '0:i32' | FileCheck %s --check-prefix=ZERO
// ZERO: result #0: f64[0]
// ZERO-NEXT: []
// RUN: not scan-run %s -f cumsum_n --arg '[1,2,3,4,5]:f64' --arg '-2:i32' 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: scan-run: error: {{.*}}n_steps{{.*}}-2
// RUN: not scan-run %s -f cumsum_n --arg '[1,2,3,4,5]:f64' --arg '6:i32' 2>&1 | FileCheck %s --check-prefix=EXCEEDS
// EXCEEDS: scan-run: error: {{.*}}n_steps (6){{.*}}5
func.func @cumsum_n(%x: tensor<?xf64>, %n: i32) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan n_steps(%n : i32) sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// go_backwards iterates from the end; results stay in iteration order.
// RUN: scan-run %s -f cumsum_backwards --arg '[1,2,3,4]:f64' | FileCheck %s --check-prefix=BACKWARDS
// BACKWARDS: result #0: f64[4]
// BACKWARDS-NEXT: [ 4.  7.  9. 10.]
func.func @cumsum_backwards(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan go_backwards sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// Unequal sequences: the shortest wins.
// RUN: scan-run %s -f add_sequences --arg '[1,2,3,4,5]:f64' --arg '[10,20,30]:f64' | FileCheck %s --check-prefix=UNEQUAL
// UNEQUAL: result #0: f64[3]
// UNEQUAL-NEXT: [11. 22. 33.]
func.func @add_sequences(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%a : tensor<?xf64>, %b : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%x: tensor<f64>, %y: tensor<f64>):
    %s = arith.addf %x, %y : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// A sequence shorter than the span of its taps, and an initial value with
// fewer rows than the deepest tap, are run-time errors.
// RUN: not scan-run %s -f span_too_long --arg '[1,2,3]:f64' 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: scan-run: error: {{.*}}sequence #0{{.*}}3{{.*}}5
func.func @span_too_long(%u: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%u taps [-4, 0] : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    scan.yield %a : tensor<f64>
  }
  return %r : tensor<?xf64>
}
// RUN: not scan-run %s -f deep_taps --arg '[1,2]:f64' --arg '4:i32' 2>&1 | FileCheck %s --check-prefix=INIT
// INIT: scan-run: error: {{.*}}output #0{{.*}}2{{.*}}3
// RUN: scan-run %s -f deep_taps --arg '[1,2,3]:f64' --arg '4:i32' | FileCheck %s --check-prefix=DEEP
// x(t) = x(t-3) + x(t-1) from x[-3..-1] = 1, 2, 3: 4, 6, 9, 13.
// DEEP: result #0: f64[4]
// DEEP-NEXT: [ 4.  6.  9. 13.]
func.func @deep_taps(%x0: tensor<?xf64>, %n: i32) -> tensor<?xf64> {
  %r = scan.scan n_steps(%n : i32) outputs(%x0 taps [-3, -1] : tensor<?xf64> -> tensor<?xf64>) {
  ^bb0(%x_tm3: tensor<f64>, %x_tm1: tensor<f64>):
    %s = arith.addf %x_tm3, %x_tm1 : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// `until` on the first step: one step runs.
// RUN: scan-run %s -f until_first --arg '[5,6,7]:f64' | FileCheck %s --check-prefix=FIRST
// FIRST: result #0: f64[1]
// FIRST-NEXT: [5.]
func.func @until_first(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%x : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>):
    %true = arith.constant true
    scan.yield %a : tensor<f64> until %true : i1
  }
  return %r : tensor<?xf64>
}

// Only the last three steps are read: scan-save-mem keeps a 3-row ring, and
// the result is rotated back into order (7 steps: the ring's oldest row is
// row 7 mod 3 = 1). cumsum(1..7) = 1 3 6 10 15 21 28.
// RUN: scan-run %s -f last_three --arg '[1,2,3,4,5,6,7]:f64' | FileCheck %s --check-prefix=LAST
// LAST: result #0: f64[3]
// LAST-NEXT: [15. 21. 28.]
// RUN: scan-run %s -f last_three --arg '[1,2,3]:f64' | FileCheck %s --check-prefix=LASTSHORT
// LASTSHORT: result #0: f64[3]
// LASTSHORT-NEXT: [1. 3. 6.]
func.func @last_three(%x: tensor<?xf64>) -> tensor<3xf64> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan sequences(%x : tensor<?xf64>) outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf64>
  %first = arith.subi %n, %c3 : index
  %tail = tensor.extract_slice %r[%first] [3] [1] : tensor<?xf64> to tensor<3xf64>
  return %tail : tensor<3xf64>
}

// A recurrent output with taps [-2, -1] whose last two steps alone are read,
// with `until`: one ring of 2 rows holds the taps and the result, rotated
// into order after the steps that ran. Fibonacci from 1, 1 until a value
// above the bound: 2 3 5 8 13 21 34 55 89 (stops at 55 > 50).
// RUN: scan-run %s -f fibonacci_tail --arg '50:f64' | FileCheck %s --check-prefix=FIBTAIL
// FIBTAIL: result #0: f64[2]
// FIBTAIL-NEXT: [34. 55.]
// With bound 2 exactly two steps run (2, then 3 > 2): the ring is read
// from its first row.
// RUN: scan-run %s -f fibonacci_tail --arg '2:f64' | FileCheck %s --check-prefix=FIBTWO
// FIBTWO: result #0: f64[2]
// FIBTWO-NEXT: [2. 3.]
func.func @fibonacci_tail(%bound: tensor<f64>) -> tensor<2xf64> {
  %c100 = arith.constant 100 : index
  %init = arith.constant dense<[1.0, 1.0]> : tensor<2xf64>
  %r = scan.scan n_steps(%c100 : index)
      outputs(%init taps [-2, -1] : tensor<2xf64> -> tensor<?xf64>)
      non_sequences(%bound : tensor<f64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %m: tensor<f64>):
    %next = arith.addf %a, %b : tensor<f64>
    %gt = arith.cmpf ogt, %next, %m : tensor<f64>
    %stop = tensor.extract %gt[] : tensor<i1>
    scan.yield %next : tensor<f64> until %stop : i1
  }
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %n = tensor.dim %r, %c0 : tensor<?xf64>
  %first = arith.subi %n, %c2 : index
  %tail = tensor.extract_slice %r[%first] [2] [1] : tensor<?xf64> to tensor<2xf64>
  return %tail : tensor<2xf64>
}
