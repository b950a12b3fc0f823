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

def ScanPushOutAccumulationsPass : Pass<"scan-push-out-accumulations"> {
  let summary = "Sum per-step outer products after the loop, as one matrix product";
  let description = [{
    PyTensor's `scan_pushout_dot1`. A recurrent output with taps `[-1]`
    whose consumers read only its last step (`last 1`, set by
    `scan-save-mem`, or, for a result of static length, reads of its last
    row only) and whose body only adds a per-step outer product to
    its past value, `acc_t = acc_{t-1} + p_t q_t^T` (a `linalg.generic`
    multiplying two vectors), is replaced by two non-recurrent outputs, the
    stacks `P` and `Q` of `p_t` and `q_t`, and one `linalg.matmul` after the
    loop: `acc = initial[0] + P^T Q`. The reverse scans of BPTT accumulate
    weight adjoints this way (`dW = sum_t delta_t h_{t-1}^T`); the product
    then runs once, in BLAS, instead of a rank-1 update of the whole matrix
    at every step. The memory of the stacks (a vector per step) replaces
    none: the forward history of `h` is kept for the gradient anyway.

    Example:

    ```mlir
    // before
    %acc = scan.scan ... outputs(%zero : tensor<1x4x3xf64> -> tensor<?x4x3xf64> last 1) {
    ^bb0(%p_in: tensor<4xf64>, %q_in: tensor<3xf64>, %a: tensor<4x3xf64>):
      %outer = linalg.generic ... ins(%p, %q) ... arith.mulf ...
      %next = arith.addf %a, %outer : tensor<4x3xf64>
      scan.yield %next : tensor<4x3xf64>
    }
    // after
    %P, %Q = scan.scan ... outputs(none -> tensor<?x4xf64>, none -> tensor<?x3xf64>) {
      ...
      scan.yield %p, %q : tensor<4xf64>, tensor<3xf64>
    }
    %Pt = linalg.transpose ins(%P ...) permutation = [1, 0]
    %sum = linalg.matmul ins(%Pt, %Q ...) outs(%initial_row ...)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def ScanHoistInvariantsPass : Pass<"scan-hoist-invariants"> {
  let summary = "Move work that is the same at every step before the scan";
  let description = [{
    PyTensor's `scan_pushout_non_seqs_ops`. An op of a `scan.scan` body that
    reads only non-sequences and values defined outside the scan computes
    the same value at every step: it moves before the scan, reading the
    non-sequences' operands, and the body reads its result from above (a
    scan body may use values defined above it). Upstream LICM cannot do
    this: non-sequences reach the body as block arguments, defined inside
    the loop. Only ops free of memory effects and speculatable move (the
    scan may run no step, so what moves must be safe to run anyway); the
    empty tensors, fills and constants a moved op writes into are cloned
    before the scan, and otherwise stay. Innermost scans go first. The
    backward scans of gradients are where this pays: `transpose(W)` for
    the adjoint of a product with a weight matrix runs once.

    Example:

    ```mlir
    // before
    %r = scan.scan ... non_sequences(%W : tensor<4x4xf64>) {
    ^bb0(%g: tensor<4xf64>, %w: tensor<4x4xf64>):
      %e = tensor.empty() : tensor<4x4xf64>
      %wt = linalg.transpose ins(%w : tensor<4x4xf64>) outs(%e : tensor<4x4xf64>) permutation = [1, 0]
      ...
    // after
    %e = tensor.empty() : tensor<4x4xf64>
    %wt = linalg.transpose ins(%W : tensor<4x4xf64>) outs(%e : tensor<4x4xf64>) permutation = [1, 0]
    %r = scan.scan ... non_sequences(%W : tensor<4x4xf64>) {
    ^bb0(%g: tensor<4xf64>, %w: tensor<4x4xf64>):
      ... uses %wt ...
    ```
  }];
}

def ScanPushOutSequencesPass : Pass<"scan-push-out-sequences"> {
  let summary = "Products of sequence slices with fixed matrices, for all rows at once";
  let description = [{
    PyTensor's `scan_pushout_seqs_ops`, for contractions. A `linalg.matvec`,
    `linalg.vecmat` or `linalg.matmul` (into zeros) of a sequence's tap
    slice with a matrix that is the same at every step (a non-sequence or a
    value from above) is computed for every row of the sequence before the
    loop, as one `linalg.matmul` (a batch `[T, B, K]` as its `[T * B, K]`
    rows), and the body reads its row of that product as a new sequence
    with the same taps: `U x_t` for every t is one large product (BLAS)
    instead of a matrix-vector product per step. A float product that
    accumulates into another value (`W h + U x_t` written as one `matvec`
    into the other's result) becomes that value plus the row. Rows follow the sequence,
    so the scan's direction does not matter; rows no step reads are
    computed too (a product is pure and cannot fail). Static sizes only.

    Example:

    ```mlir
    // before
    %h = scan.scan sequences(%X : tensor<?x4xf32>) ... non_sequences(%U : tensor<3x4xf32>) {
    ^bb0(%x: tensor<4xf32>, ..., %u: tensor<3x4xf32>):
      %ux = linalg.matvec ins(%u, %x : ...) outs(%zeros : tensor<3xf32>) -> tensor<3xf32>
    // after
    %Ut = linalg.transpose ins(%U ...) permutation = [1, 0]
    %UX = linalg.matmul ins(%X, %Ut : tensor<?x4xf32>, tensor<4x3xf32>) ...
    %h = scan.scan sequences(%X : tensor<?x4xf32>, %UX : tensor<?x3xf32>) ... {
    ^bb0(%x: tensor<4xf32>, %ux: tensor<3xf32>, ...):
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_TD
