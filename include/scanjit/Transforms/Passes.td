//===- Passes.td - ScanJIT passes tied to no dialect ------*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_TRANSFORMS_PASSES_TD
#define SCANJIT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ScanSpecializeShapesPass
    : Pass<"scan-specialize-shapes", "::mlir::ModuleOp"> {
  let summary = "Give a function's tensor arguments the static shapes of a call";
  let description = [{
    The JIT compiles a function once per signature of its arguments and
    specializes it to their shapes (ARCHITECTURE.md: shapes are specialized
    at JIT time). This pass does the rewrite: a public `func.func` that the
    module never calls and that carries `scan.argument_shapes`, an array with
    one `array<i64: ...>` per argument (the argument's sizes; ignored for
    arguments that are not ranked tensors), takes those sizes as its
    argument types. Each specialized argument is cast back to its old type
    for its uses, so canonicalization then propagates the sizes through the
    body; the attribute is removed. Shapes that do not fit an argument's type
    (another rank or a different static size) are an error.

    Example:

    ```mlir
    // before
    func.func @f(%x: tensor<?x3xf64>) -> tensor<?x3xf64>
        attributes {scan.argument_shapes = [array<i64: 5, 3>]} {
      ... uses of %x ...
    }
    // after
    func.func @f(%arg: tensor<5x3xf64>) -> tensor<?x3xf64> {
      %x = tensor.cast %arg : tensor<5x3xf64> to tensor<?x3xf64>
      ... uses of %x ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

#endif // SCANJIT_TRANSFORMS_PASSES_TD
