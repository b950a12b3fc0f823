// Integer division and remainder by zero, on tensors and scalars, are
// run-time errors (scan-guard-integer-division), not SIGFPE; INT_MIN / -1
// gives NumPy's wrapped result.

// RUN: scan-run %s -f tensors --arg '[7,-7,9]' --arg '[2,2,-3]' \
// RUN:   | FileCheck %s --check-prefix=OK
// OK:      result #0: i64[3]
// OK-NEXT: [ 3 -3 -3]
// OK:      result #1: i64[3]
// OK-NEXT: [ 1 -1  0]
// OK:      result #2: i64[3]
// OK-NEXT: [ 3 -4 -3]
// OK:      result #3: i64[3]
// OK-NEXT: [ 4 -3 -3]

// RUN: not scan-run %s -f tensors --arg '[7,-7,9]' --arg '[2,0,3]' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ZERO
// ZERO: scan-run: error: @tensors: integer division or modulo by zero

// RUN: scan-run %s -f tensors --arg '[-9223372036854775808,1,1]' \
// RUN:   --arg '[-1,1,1]' | FileCheck %s --check-prefix=MIN
// MIN:      result #0: i64[3]
// MIN-NEXT: [-9223372036854775808                    1                    1]
// MIN:      result #1: i64[3]
// MIN-NEXT: [0 0 0]

// RUN: not scan-run %s -f scalars --arg 7:i32 --arg 0:i32 --arg 5 --arg 2 \
// RUN:   2>&1 | FileCheck %s --check-prefix=SCALAR
// RUN: not scan-run %s -f scalars --arg 7:i32 --arg 2:i32 --arg 5 --arg 0 \
// RUN:   2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: scan-run: error: @scalars: integer division or modulo by zero

// RUN: scan-run %s -f scalars --arg 7:i32 --arg 2:i32 --arg 5 --arg 2 \
// RUN:   | FileCheck %s --check-prefix=SCALAR-OK
// SCALAR-OK: result #0: i32[]
// SCALAR-OK-NEXT: 3
// SCALAR-OK: result #1: i64[]
// SCALAR-OK-NEXT: 3

func.func @tensors(%a: tensor<3xi64>, %b: tensor<3xi64>)
    -> (tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) {
  %0 = arith.divsi %a, %b : tensor<3xi64>
  %1 = arith.remsi %a, %b : tensor<3xi64>
  %2 = arith.floordivsi %a, %b : tensor<3xi64>
  %3 = arith.ceildivsi %a, %b : tensor<3xi64>
  return %0, %1, %2, %3 : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>
}

func.func @scalars(%a: i32, %b: i32, %i: index, %j: index) -> (i32, index) {
  %0 = arith.divui %a, %b : i32
  %1 = arith.ceildivui %i, %j : index
  return %0, %1 : i32, index
}
