// --dump-stages prints the IR after each stage of the CPU pipeline to
// stderr (the module as compiled for the arguments: their shapes are
// static); --time N prints the mean time of N more calls.

// RUN: scan-run %s --arg '[1,2]:f64' --dump-stages 2>&1 >/dev/null \
// RUN:   | FileCheck %s --check-prefix=STAGES
// STAGES:      // -----// IR after stage scan-lower-loops //----- //
// STAGES:      func.func @neg(%[[A:.*]]: tensor<2xf64>
// STAGES:      %[[N:.*]] = arith.negf %[[A]] : tensor<2xf64>
// STAGES:      tensor.cast %[[N]] : tensor<2xf64> to tensor<?xf64>
// STAGES:      // -----// IR after stage scan-bufferize //----- //
// STAGES:      func.func @neg(%{{.*}}: memref<2xf64>
// STAGES:      // -----// IR after stage scan-lower-to-llvm //----- //
// STAGES:      llvm.func @_mlir_ciface_neg(

// RUN: scan-run %s --arg '[1,2]:f64' --time 3 | FileCheck %s --check-prefix=TIME \
// RUN:   --strict-whitespace --match-full-lines
// TIME:result #0: f64[2]
// TIME-NEXT:[-1. -2.]
// TIME-NEXT:time: {{[0-9]+\.[0-9]+}} us per call (mean of 3 calls)

func.func @neg(%a: tensor<?xf64>) -> tensor<?xf64> {
  %r = arith.negf %a : tensor<?xf64>
  return %r : tensor<?xf64>
}
