//===- Passes.td - Transformations of the scan dialect ----*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
#define SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

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
    offsets keep their meaning. An output whose rows no consumer reads (its
    result is unused, or only its length is) keeps one row: a recurrent
    output that only feeds the loop, such as a backward scan's pending
    adjoint, needs no history. An output read any other way keeps its full
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

def ScanDifferentiatePass : Pass<"scan-differentiate"> {
  let summary = "Expand each scan.grad into its backward program (reverse mode)";
  let description = [{
    Replaces every `scan.grad` with the adjoint of the ops between its `wrt`
    values and its cost, built at the request by each op's reverse-mode rule
    (`AdjointOpInterface`; the rules of arith, math, linalg, tensor, scf and
    scan ops are external models, scanjit/Dialect/Scan/Transforms/Adjoints).
    The adjoint of a `scan.scan` is a reverse `scan.scan` over the forward
    inputs and the stored forward states (backpropagation through time).
    Requests are expanded innermost first and, within a block, in program
    order, so a gradient may be taken inside a scan body and a gradient may be
    differentiated again. A `wrt` value the cost does not depend on gets zeros.
    `scan.stop_gradient` ops are removed at the end. An op on the way that has
    no rule is an error at that op.

    Example:

    ```mlir
    // before
    %y = arith.mulf %x, %x : f64
    %g = scan.grad %y wrt(%x) : f64 wrt(f64) -> (f64)
    // after (the product rule; canonicalize merges the two terms' inputs)
    %y = arith.mulf %x, %x : f64
    %a = arith.mulf %one, %x : f64
    %b = arith.mulf %one, %x : f64
    %g = arith.addf %a, %b : f64
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
