//===- ScanDialect.td - The scan dialect ------------------*- tablegen -*-===//
//
// Part of ScanJIT. The `scan` dialect: Theano's scan loop on tensors.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_TD
#define SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_TD

include "mlir/IR/OpBase.td"

def Scan_Dialect : Dialect {
  let name = "scan";
  let cppNamespace = "::scanjit::scan";
  let summary = "Theano-style loops with taps over tensors";
  let description = [{
    The `scan` dialect adds to the upstream tensor-level dialects (`tensor`,
    `linalg`, `arith`, `math`) the one construct they lack: Theano's `scan`, a
    loop over the leading dimension of its sequences whose body sees several
    past values ("taps") of its recurrent outputs and several slices of its
    sequences at once, and whose results are the stacked per-step values.

    The body of a `scan.scan` is an ordinary region of tensor operations; the
    dialect adds only the loop, its terminator (with shared-variable updates
    and the optional `until` condition), and, in later stages, gradient markers
    and random streams.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

class Scan_Op<string mnemonic, list<Trait> traits = []>
    : Op<Scan_Dialect, mnemonic, traits>;

#endif // SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_TD
