// A recurrent output whose step shape is dynamic: a step that the body
// yields with a size other than that of the initial value's steps is a
// run-time error naming the output, the axis and both sizes (the check of
// convert-scan-to-scf). scan-run specializes the arguments' shapes, and the
// mismatch is still the run-time check's message, not a failure to compile.

// RUN: not scan-run %s --arg '[[0,0]]:f64' --arg '[1,2,3]:f64' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: scan-run: error: @main: scan: output #0: fn returns a step of size 3 on axis 0, but the initial value's steps have size 2 there

// RUN: scan-run %s --arg '[[0,0]]:f64' --arg '[1,2]:f64' \
// RUN:   | FileCheck %s --check-prefix=FITS
// FITS: result #0: f64[2, 2]

func.func @main(%h0: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?x?xf64> {
  %c2 = arith.constant 2 : index
  %r = scan.scan n_steps(%c2 : index)
      outputs(%h0 : tensor<?x?xf64> -> tensor<?x?xf64>)
      non_sequences(%v : tensor<?xf64>) {
  ^bb0(%prev: tensor<?xf64>, %w: tensor<?xf64>):
    scan.yield %w : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}
