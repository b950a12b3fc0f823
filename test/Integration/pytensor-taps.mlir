// Sequence taps, go_backwards with taps and long initial values as PyTensor's
// scan (pytensor/scan/basic.py) has them: a sequence's span always includes
// tap 0 (lo = min(min(taps), 0), hi = max(max(taps), 0)); going backwards,
// each tap's slice is cut first and then reversed; an initial value longer
// than the taps need gives its FIRST |min tap| rows. Expected values are
// PyTensor's (issue 8), derived by hand in the comments.

// Taps [-2, -1] over [1, 2, 3, 4, 5]: span [-2, 0], 3 steps, step t reads
// u[t] (tap -2) and u[t + 1] (tap -1).
// RUN: scan-run %s -f negative_taps --arg '[1,2,3,4,5]:f64' | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: result #0: f64[3]
// NEGATIVE-NEXT: [1. 2. 3.]
// NEGATIVE-NEXT: result #1: f64[3]
// NEGATIVE-NEXT: [2. 3. 4.]
func.func @negative_taps(%u: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %a, %b = scan.scan sequences(%u taps [-2, -1] : tensor<?xf64>)
      outputs(none -> tensor<?xf64>, none -> tensor<?xf64>) {
  ^bb0(%u_tm2: tensor<f64>, %u_tm1: tensor<f64>):
    scan.yield %u_tm2, %u_tm1 : tensor<f64>, tensor<f64>
  }
  return %a, %b : tensor<?xf64>, tensor<?xf64>
}

// Taps [-1] over arange(5): span [-1, 0], 4 steps reading u[0..3].
// RUN: scan-run %s -f previous_only --arg '[0,1,2,3,4]:f64' | FileCheck %s --check-prefix=PREVIOUS
// PREVIOUS: result #0: f64[4]
// PREVIOUS-NEXT: [0. 1. 2. 3.]
func.func @previous_only(%u: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%u taps [-1] : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%u_tm1: tensor<f64>):
    scan.yield %u_tm1 : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// Taps [2] with n_steps = 1 over arange(20) (i32): step 0 reads u[2].
// RUN: scan-run %s -f future_only --arg '[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]:i32' | FileCheck %s --check-prefix=FUTURE
// FUTURE: result #0: i32[1]
// FUTURE-NEXT: [2]
func.func @future_only(%u: tensor<?xi32>) -> tensor<?xi32> {
  %one = arith.constant 1 : index
  %r = scan.scan n_steps(%one : index) sequences(%u taps [2] : tensor<?xi32>)
      outputs(none -> tensor<?xi32>) {
  ^bb0(%u_tp2: tensor<i32>):
    scan.yield %u_tp2 : tensor<i32>
  }
  return %r : tensor<?xi32>
}

// go_backwards with taps [-1, 0, 1] over arange(7): the slices u[0:5],
// u[1:6], u[2:7] reversed, step t reads u[4-t], u[5-t], u[6-t]; the body
// yields a + 10 b + 100 c: 4 + 50 + 600 = 654, ...
// RUN: scan-run %s -f backwards_taps --arg '[0,1,2,3,4,5,6]:i64' | FileCheck %s --check-prefix=BACKTAPS
// BACKTAPS: result #0: i64[5]
// BACKTAPS-NEXT: [654 543 432 321 210]
func.func @backwards_taps(%u: tensor<?xi64>) -> tensor<?xi64> {
  %r = scan.scan go_backwards sequences(%u taps [-1, 0, 1] : tensor<?xi64>)
      outputs(none -> tensor<?xi64>) {
  ^bb0(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>):
    %ten = arith.constant dense<10> : tensor<i64>
    %hundred = arith.constant dense<100> : tensor<i64>
    %b10 = arith.muli %b, %ten : tensor<i64>
    %c100 = arith.muli %c, %hundred : tensor<i64>
    %s = arith.addi %a, %b10 : tensor<i64>
    %t = arith.addi %s, %c100 : tensor<i64>
    scan.yield %t : tensor<i64>
  }
  return %r : tensor<?xi64>
}

// go_backwards over sequences of unequal length: each reversed, then cut to
// the shortest, so they line up at their ends: 5 + 30, 4 + 20, 3 + 10.
// RUN: scan-run %s -f backwards_unequal --arg '[1,2,3,4,5]:f64' --arg '[10,20,30]:f64' | FileCheck %s --check-prefix=BACKUNEQUAL
// BACKUNEQUAL: result #0: f64[3]
// BACKUNEQUAL-NEXT: [35. 24. 13.]
func.func @backwards_unequal(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan go_backwards sequences(%a : tensor<?xf64>, %b : tensor<?xf64>)
      outputs(none -> tensor<?xf64>) {
  ^bb0(%x: tensor<f64>, %y: tensor<f64>):
    %s = arith.addf %x, %y : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// go_backwards with a past tap and a second, shorter sequence: the first's
// slices u[0:5] (tap -1) and u[1:6] (tap 0) reversed, cut to 3 steps:
// step t reads u[4-t], u[5-t] and v[2-t]: 4 + 10*5 + 100*300, ...
// RUN: scan-run %s -f backwards_taps_unequal --arg '[0,1,2,3,4,5]:f64' --arg '[100,200,300]:f64' | FileCheck %s --check-prefix=BACKMIXED
// BACKMIXED: result #0: f64[3]
// BACKMIXED-NEXT: [354. 243. 132.]
func.func @backwards_taps_unequal(%u: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  %r = scan.scan go_backwards sequences(%u taps [-1, 0] : tensor<?xf64>, %v : tensor<?xf64>)
      outputs(none -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %c: tensor<f64>):
    %ten = arith.constant dense<10.0> : tensor<f64>
    %b10 = arith.mulf %b, %ten : tensor<f64>
    %s = arith.addf %a, %b10 : tensor<f64>
    %t = arith.addf %s, %c : tensor<f64>
    scan.yield %t : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// A 5-row initial value [1, 2, 3, 4, 5] with taps [-4, -1]: x[-4..-1] are
// its first 4 rows, 1, 2, 3, 4 (the 5 is never read). x_t = x_{t-4} +
// 10 x_{t-1}: 1 + 40 = 41, then 2 + 410 = 412, then 3 + 4120 = 4123.
// RUN: scan-run %s -f long_initial --arg '[1,2,3,4,5]:f64' --arg '3:i32' | FileCheck %s --check-prefix=LONGINIT
// LONGINIT: result #0: f64[3]
// LONGINIT-NEXT: [  41.  412. 4123.]
func.func @long_initial(%x0: tensor<?xf64>, %n: i32) -> tensor<?xf64> {
  %r = scan.scan n_steps(%n : i32) outputs(%x0 taps [-4, -1] : tensor<?xf64> -> tensor<?xf64>) {
  ^bb0(%x_tm4: tensor<f64>, %x_tm1: tensor<f64>):
    %ten = arith.constant dense<10.0> : tensor<f64>
    %x10 = arith.mulf %x_tm1, %ten : tensor<f64>
    %s = arith.addf %x_tm4, %x10 : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// The same with a static initial value and the last step only (scan-save-mem
// shares one ring between the taps and the result).
// RUN: scan-run %s -f long_initial_last --arg '3:i32' | FileCheck %s --check-prefix=LONGLAST
// LONGLAST: result #0: f64[1]
// LONGLAST-NEXT: [4123.]
func.func @long_initial_last(%n: i32) -> tensor<1xf64> {
  %x0 = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<5xf64>
  %r = scan.scan n_steps(%n : i32) outputs(%x0 taps [-4, -1] : tensor<5xf64> -> tensor<?xf64>) {
  ^bb0(%x_tm4: tensor<f64>, %x_tm1: tensor<f64>):
    %ten = arith.constant dense<10.0> : tensor<f64>
    %x10 = arith.mulf %x_tm1, %ten : tensor<f64>
    %s = arith.addf %x_tm4, %x10 : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d = tensor.dim %r, %c0 : tensor<?xf64>
  %lastIndex = arith.subi %d, %c1 : index
  %last = tensor.extract_slice %r[%lastIndex] [1] [1] : tensor<?xf64> to tensor<1xf64>
  return %last : tensor<1xf64>
}
