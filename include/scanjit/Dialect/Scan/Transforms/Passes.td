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

def ScanSaveMemPass : Pass<"scan-save-mem"> {
  let summary = "Keep only the steps of each scan output that consumers read";
  let description = [{
    Theano's save-mem optimization. For each output of each `scan.scan`
    that keeps its full history, looks at every use of the result: when all
    of them read rows counted from the end, at an offset that value bounds
    (ValueBoundsOpInterface) prove to be `length - c` with a constant
    `c >= 1` (the frontend's `result[-c]`, however the offset is written),
    the output is marked `last k` with `k` the largest such `c`. Every other
    use of the length must keep its meaning when the length becomes
    `min(length, k)`: comparisons whose answer that cannot change, and the
    arguments of `scan.check` (reported only when fewer than k steps ran). The lowering then keeps it in a ring of `k` rows instead of
    `n_steps` rows, so memory no longer grows with the number of steps. The
    result holds the last `min(n_steps, k)` steps in order, so the consumers'
    offsets keep their meaning. An output read any other way keeps its full
    history.

    Example (A**k, only the last power is used):

    ```mlir
    // before
    %r = scan.scan n_steps(%k : index)
        outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64>) ...
    %n = tensor.dim %r, %c0 : tensor<?x10xf64>
    %i = arith.subi %n, %c1 : index
    %last = tensor.extract_slice %r[%i, 0] [1, 10] [1, 1]
        : tensor<?x10xf64> to tensor<10xf64>
    // after
    %r = scan.scan n_steps(%k : index)
        outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64> last 1) ...
    ```
  }];
}

def ScanFoldCastsIntoElementwisePass
    : Pass<"scan-fold-casts-into-elementwise"> {
  let summary = "Let elementwise ops on tensors see through size-erasing casts";
  let description = [{
    A scan body is written for the per-step types of its scan, often with
    dynamic sizes (`tensor<?xf64>`). Once lowered, its arguments are slices
    of buffers whose sizes the JIT made static, cast back to the dynamic
    types. Upstream canonicalization folds such casts into linalg ops but not
    into elementwise `arith`/`math` ops on tensors, so the sizes stop there
    and the lowering keeps a run-time shape check and a copy per step. This
    pass rewrites an elementwise op whose tensor operands are all
    `tensor.cast`s from the same static shape to compute on that shape, and
    casts its results back.

    Example:

    ```mlir
    // before
    %a = tensor.cast %x : tensor<10xf64> to tensor<?xf64>
    %b = tensor.cast %y : tensor<10xf64> to tensor<?xf64>
    %p = arith.mulf %a, %b : tensor<?xf64>
    // after
    %s = arith.mulf %x, %y : tensor<10xf64>
    %p = tensor.cast %s : tensor<10xf64> to tensor<?xf64>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
