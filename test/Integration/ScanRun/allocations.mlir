// Buffers too large for the heap, sizes whose byte count overflows and
// negative sizes are run-time errors (scan-guard-allocations and the
// runtime's heap), not writes through a null pointer or a wrapped size.

// RUN: scan-run %s -f zeros --arg 3 | FileCheck %s --check-prefix=OK
// OK:      result #0: f64[3]
// OK-NEXT: [0. 0. 0.]

// 8e12 bytes: more than the machine has.
// RUN: not scan-run %s -f zeros --arg 1000000000000 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HUGE
// HUGE: scan-run: error: @zeros: cannot allocate 8000000000000 bytes: out of memory

// 2^61 elements of 8 bytes: the byte count wraps to 0.
// RUN: not scan-run %s -f zeros --arg 2305843009213693952 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WRAP
// WRAP: scan-run: error: @zeros: cannot allocate an array of shape (2305843009213693952,) with 8-byte elements: its size in bytes overflows

// RUN: not scan-run %s -f zeros --arg=-5 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: scan-run: error: @zeros: cannot allocate an array of shape (-5,): negative dimensions are not allowed

// RUN: not scan-run %s -f matrix --arg 1099511627776 --arg 1099511627776 \
// RUN:   2>&1 | FileCheck %s --check-prefix=MATRIX
// MATRIX: scan-run: error: @matrix: cannot allocate an array of shape (1099511627776,1099511627776) with 8-byte elements: its size in bytes overflows

// An allocation that fails after others: the function returns at once.
// RUN: not scan-run %s -f two --arg 4 --arg 1000000000000 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWO
// TWO: scan-run: error: @two: cannot allocate 8000000000000 bytes: out of memory

func.func @zeros(%n: index) -> tensor<?xf64> {
  %c0 = arith.constant 0.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %f = linalg.fill ins(%c0 : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  return %f : tensor<?xf64>
}

func.func @matrix(%n: index, %m: index) -> tensor<?x?xf64> {
  %c0 = arith.constant 0.0 : f64
  %e = tensor.empty(%n, %m) : tensor<?x?xf64>
  %f = linalg.fill ins(%c0 : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %f : tensor<?x?xf64>
}

func.func @two(%n: index, %m: index) -> (tensor<?xf64>, tensor<?xf64>) {
  %c1 = arith.constant 1.0 : f64
  %a = tensor.empty(%n) : tensor<?xf64>
  %fa = linalg.fill ins(%c1 : f64) outs(%a : tensor<?xf64>) -> tensor<?xf64>
  %b = tensor.empty(%m) : tensor<?xf64>
  %fb = linalg.fill ins(%c1 : f64) outs(%b : tensor<?xf64>) -> tensor<?xf64>
  return %fa, %fb : tensor<?xf64>, tensor<?xf64>
}
