//===- Passes.td - Transformations of the scan dialect ----*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
#define SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ScanReadonlyArgumentsPass
    : Pass<"scan-readonly-arguments", "::mlir::ModuleOp"> {
  let summary = "Keep compiled functions from writing into their arguments";
  let description = [{
    Marks every tensor argument of every public function with
    `bufferization.writable = false`. One-shot bufferization then copies an
    argument before any in-place update instead of writing into the caller's
    array, which ScanJIT's calling convention forbids: a compiled function's
    inputs are read-only.

    Example:

    ```mlir
    // before
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32>
    // after
    func.func @f(%x: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
