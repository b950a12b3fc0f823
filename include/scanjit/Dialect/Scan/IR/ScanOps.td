//===- ScanOps.td - Operations of the scan dialect --------*- tablegen -*-===//
//
// Part of ScanJIT. `scan.scan` (Theano's scan loop) and its terminator.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_SCANOPS_TD
#define SCANJIT_DIALECT_SCAN_IR_SCANOPS_TD

include "scanjit/Dialect/Scan/IR/ScanDialect.td"
include "scanjit/Dialect/Scan/IR/AdjointOpInterface.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/LoopLikeInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Scan_TapsArrayAttr : TypedArrayAttrBase<DenseI64ArrayAttr,
    "array of tap lists (one dense i64 array per sequence or output)">;

//===----------------------------------------------------------------------===//
// ScanOp
//===----------------------------------------------------------------------===//

def Scan_ScanOp : Scan_Op<"scan", [
    AttrSizedOperandSegments,
    AttrSizedResultSegments,
    RecursiveMemoryEffects,
    SingleBlock,
    DeclareOpInterfaceMethods<LoopLikeOpInterface>,
    DeclareOpInterfaceMethods<RegionBranchOpInterface,
                              ["getEntrySuccessorOperands"]>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>,
  ]> {
  let summary = "Theano's scan: a loop with taps over sequences and outputs";
  let description = [{
    `scan.scan` runs its body once per step and stacks what the body yields.
    It follows Theano's `scan` exactly:

    * **Sequences** are tensors iterated over their leading dimension. Each has
      a list of taps (default `[0]`), cut as PyTensor cuts them: the span always
      includes tap 0, `lo = min(min(taps), 0)`, `hi = max(max(taps), 0)`; tap
      `k` reads the slice `u[k - lo : len - (hi - k)]`, so step `t` reads
      `u[t + k - lo]` and the sequence provides `len - (hi - lo)` steps. With
      taps `[-4, 0]` over `u` of length 9, step `t` reads `u[t]` and `u[t + 4]`
      (Theano: "uvals[0] is u[-4]"), 5 steps; taps `[-2, -1]` over length 5
      read `u[t]` and `u[t + 1]`, 3 steps; taps `[2]` read `u[t + 2]`.
    * **Outputs** are recurrent (an initial value and negative, distinct taps,
      default `[-1]`) or non-recurrent (`none`, Theano's `outputs_info=None`).
      The initial value of a recurrent output carries its history on its
      leading dimension: for taps `[-3, -1]` it has at least 3 rows, and
      `x[-3]`...`x[-1]` are its FIRST 3 rows (PyTensor uses
      `initial[:3]`; rows beyond are never read). Its trailing shape and element
      type are exactly those of one step of the output (no implicit
      conversion). Each output result is `[n_steps, step shape...]`.
    * An output marked `last k` (set by `scan-save-mem` when every consumer
      reads only its last k steps) holds only its last `min(n_steps, k)`
      steps, in order; the loop keeps them in a k-row ring buffer.
    * **Non-sequences** are passed unchanged to every step.
    * **Shared** values are state updated in place: the body receives the
      current value and yields the next one; the op returns the final value.
    * The **step count** is the shortest sequence's; `n_steps` may lower it;
      without sequences `n_steps` is required. `go_backwards` iterates the
      sequences from the end: each tap's slice is cut as above and then
      reversed, so step `t` reads `u[len - 1 - (hi - k) - t]`, and sequences
      of unequal length line up at their ends (results stay in iteration
      order). Taps lie within +-2^48.
      `truncate_gradient` (-1: none) bounds backpropagation through time.
    * `checkpoint`: the gradient stores only the recurrent outputs (the
      checkpoints) and recomputes each step's other outputs from them when
      it differentiates the step, instead of reading them from the results
      (`scan_checkpoints` marks its outer scan over chunks, whose other
      outputs are every state of the chunk: recomputing them is the point).

    As a `RegionBranchOpInterface`, control enters the body from the op,
    runs it again or leaves it; no value is forwarded along those edges (the
    body receives slices and ring-buffer rows, and its yields are stacked
    into the results), so analyses treat the body's arguments and the
    results as produced by the op.

    The body's entry block takes, in this order: for each sequence its tap
    slices in tap order; for each recurrent output its past values in tap
    order; the non-sequences; the shared values. Its `scan.yield` yields one
    value per output, then one per shared value, then optionally the `until`
    condition that stops the loop after the current step.

    Example (the RNN of Theano's documentation, sequence taps `[-4, 0]` and
    output taps `[-3, -1]`):

    ```mlir
    %x, %y = scan.scan
        sequences(%u taps [-4, 0] : tensor<9x2xf32>)
        outputs(%x0 taps [-3, -1] : tensor<3x2xf32> -> tensor<5x2xf32>,
                %y0 : tensor<1x2xf32> -> tensor<5x2xf32>)
        non_sequences(%W : tensor<2x2xf32>) {
    ^bb0(%u_tm4: tensor<2xf32>, %u_t: tensor<2xf32>, %x_tm3: tensor<2xf32>,
         %x_tm1: tensor<2xf32>, %y_tm1: tensor<2xf32>, %w: tensor<2x2xf32>):
      ...
      scan.yield %x_t, %y_t : tensor<2xf32>, tensor<2xf32>
    }
    ```

    Powers of two below a bound, stopping with `until`:

    ```mlir
    %p = scan.scan n_steps(%c1024 : index)
        outputs(%one : tensor<1xf64> -> tensor<?xf64>)
        non_sequences(%max : tensor<f64>) {
    ^bb0(%prev: tensor<f64>, %m: tensor<f64>):
      ...
      scan.yield %next : tensor<f64> until %stop : i1
    }
    ```
  }];

  let arguments = (ins
    Variadic<AnyRankedTensor>:$sequences,
    Variadic<AnyRankedTensor>:$initial_values,
    Variadic<AnyType>:$non_sequences,
    Variadic<AnyRankedTensor>:$shared,
    Optional<AnySignlessIntegerOrIndex>:$n_steps,
    Scan_TapsArrayAttr:$sequence_taps,
    Scan_TapsArrayAttr:$output_taps,
    UnitAttr:$go_backwards,
    DefaultValuedAttr<I64Attr, "-1">:$truncate_gradient,
    OptionalAttr<DenseI64ArrayAttr>:$last_steps,
    UnitAttr:$checkpoint
  );
  let results = (outs
    Variadic<AnyRankedTensor>:$outputs,
    Variadic<AnyRankedTensor>:$final_shared
  );
  let regions = (region SizedRegion<1>:$body);

  // Each operand list is a custom directive (ScanOps.cpp): taps are
  // printed beside their operand, the default taps elided.
  let assemblyFormat = [{
    (`n_steps` `(` $n_steps^ `:` type($n_steps) `)`)?
    (`go_backwards` $go_backwards^)?
    (`truncate_gradient` `(` $truncate_gradient^ `)`)?
    (`checkpoint` $checkpoint^)?
    `` custom<Sequences>($sequences, type($sequences), $sequence_taps)
    `` custom<Outputs>($initial_values, type($initial_values), type($outputs),
                       $output_taps, $last_steps)
    `` custom<OperandList>($non_sequences, type($non_sequences),
                           "\"non_sequences\"")
    `` custom<SharedList>($shared, type($shared), type($final_shared))
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let skipDefaultBuilders = 1;

  let builders = [
    OpBuilder<(ins "::llvm::ArrayRef<::scanjit::scan::SequenceSpec>":$sequences,
                   "::llvm::ArrayRef<::scanjit::scan::OutputSpec>":$outputs,
                   "::mlir::ValueRange":$nonSequences,
                   "::mlir::ValueRange":$shared,
                   "::mlir::Value":$nSteps,
                   CArg<"bool", "false">:$goBackwards,
                   CArg<"int64_t", "-1">:$truncateGradient)>,
    // The same, with the body built by a callback (as scf.for's builder):
    // it receives the entry block's arguments (sequence taps, output taps,
    // non-sequences, shared values) with the builder at the block's start,
    // and must end the block with a scan.yield.
    OpBuilder<(ins "::llvm::ArrayRef<::scanjit::scan::SequenceSpec>":$sequences,
                   "::llvm::ArrayRef<::scanjit::scan::OutputSpec>":$outputs,
                   "::mlir::ValueRange":$nonSequences,
                   "::mlir::ValueRange":$shared,
                   "::mlir::Value":$nSteps,
                   "bool":$goBackwards,
                   "int64_t":$truncateGradient,
                   "::llvm::function_ref<void(::mlir::OpBuilder &, "
                   "::mlir::Location, ::mlir::ValueRange)>":$bodyBuilder)>
  ];

  let extraClassDeclaration = [{
    /// The taps of sequence `i`, in the order the body receives them.
    ::llvm::ArrayRef<int64_t> getSequenceTapsOf(unsigned i);
    /// The taps of output `i`; empty for a non-recurrent output.
    ::llvm::ArrayRef<int64_t> getOutputTapsOf(unsigned i);
    /// The rows sequence `i` reads around the current step (includes tap 0).
    ::scanjit::scan::SequenceSpan getSequenceSpanOf(unsigned i) {
      return ::scanjit::scan::SequenceSpan::of(getSequenceTapsOf(i));
    }
    /// The past steps recurrent output `i` reads, `-min(taps)`; 0 for a
    /// non-recurrent output.
    int64_t getOutputDepthOf(unsigned i);
    /// How many of its last steps output `i` keeps; 0 keeps them all.
    int64_t getLastStepsOf(unsigned i) {
      return getLastSteps() ? (*getLastSteps())[i] : 0;
    }
    /// Whether output `i` feeds its past values back into the body.
    bool isRecurrent(unsigned i) { return !getOutputTapsOf(i).empty(); }
    /// The initial value of output `i`, or null for a non-recurrent output.
    ::mlir::Value getInitialValueOf(unsigned i);
    /// The type of one step of output `i` (its result type without the
    /// leading step dimension).
    ::mlir::RankedTensorType getOutputStepType(unsigned i);
    /// The type of one slice of sequence `i`.
    ::mlir::RankedTensorType getSequenceStepType(unsigned i);

    /// The body's entry block.
    ::mlir::Block *getBodyBlock() { return &getBody().front(); }
    /// The body's terminator.
    YieldOp getYield();
    /// The block arguments receiving the tap slices of sequence `i`.
    ::mlir::Block::BlockArgListType getSequenceArgs(unsigned i);
    /// The block arguments receiving the past values of output `i`.
    ::mlir::Block::BlockArgListType getOutputArgs(unsigned i);
    /// The block arguments receiving the non-sequences.
    ::mlir::Block::BlockArgListType getNonSequenceArgs();
    /// The block arguments receiving the shared values.
    ::mlir::Block::BlockArgListType getSharedArgs();

    /// `truncate_gradient` as a signed step count (-1: no truncation).
    int64_t getTruncateGradientSteps() {
      return static_cast<int64_t>(getTruncateGradient());
    }

    /// The number of entry-block arguments the taps and operands call for.
    unsigned getExpectedNumBodyArguments();
  }];
}

//===----------------------------------------------------------------------===//
// YieldOp
//===----------------------------------------------------------------------===//

def Scan_YieldOp : Scan_Op<"yield", [
    Pure, Terminator, HasParent<"ScanOp">, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<RegionBranchTerminatorOpInterface>,
  ]> {
  let summary = "Ends a scan step: yields outputs, shared updates and `until`";
  let description = [{
    Terminates the body of a `scan.scan`. It yields, in order, one value per
    output of the scan (each exactly of that output's step type), then one
    value per shared value (its next value), and optionally an `i1` after
    `until`: when it is true the loop stops after this step, and the results
    hold only the steps that ran.

    Example:

    ```mlir
    scan.yield %x_t, %k_next : tensor<2xf32>, tensor<i64> until %done : i1
    ```
  }];

  let arguments = (ins Variadic<AnyType>:$values, Optional<AnyType>:$until);
  let builders = [OpBuilder<(ins), [{
    build($_builder, $_state, ::mlir::ValueRange(), ::mlir::Value());
  }]>];
  let assemblyFormat = [{
    attr-dict ($values^ `:` type($values))? (`until` $until^ `:` type($until))?
  }];
}

//===----------------------------------------------------------------------===//
// CheckOp
//===----------------------------------------------------------------------===//

def Scan_CheckOp : Scan_Op<"check", [MemoryEffects<[MemWrite]>]> {
  let summary = "A run-time check: report an error unless a condition holds";
  let description = [{
    When `condition` is false, the compiled code reports the run-time error
    `code` (a `scanjit::runtime::ErrorCode`, see RuntimeABI.h) with up to
    three i64 `args`, or, for a check the user wrote, with `message`; the
    call that runs it then throws `scanjit::Error` with the runtime's text
    for the code. Execution continues (the code around a check computes safe
    values), so a check only reports. The op stays in the IR until a target
    lowers it: the CPU target to a guarded call of the runtime's error
    function (convert-scan-check-to-runtime-call); a GPU target to a
    device-side flag. It writes the error state: it is neither removed nor
    hoisted out of the loop it is in.

    Example:

    ```mlir
    // A read of row %i of a tensor of %n rows.
    %ok = arith.cmpi ult, %i, %n : index
    scan.check %ok, code 6(%i64, %axis, %n64 : i64, i64, i64)
    scan.check %positive, code 9 message "the step must be positive"
    ```
  }];

  let arguments = (ins I1:$condition, I32Attr:$code, Variadic<I64>:$args,
                       OptionalAttr<StrAttr>:$message);
  let assemblyFormat = [{
    $condition `,` `code` $code (`(` $args^ `:` type($args) `)`)?
    (`message` $message^)? attr-dict
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// GradOp
//===----------------------------------------------------------------------===//

def Scan_GradOp : Scan_Op<"grad", [Pure]> {
  let summary = "The gradient of a scalar cost with respect to values";
  let description = [{
    A gradient request, as the frontend's `grad(cost, wrt)` traces it: each
    result is the derivative of `cost` (a floating-point scalar, `f32`/`f64`
    or a rank-0 tensor of one) with respect to the matching `wrt` value, of
    that value's type. `scan-differentiate` replaces it with the backward
    program (reverse mode): the adjoint of every op between the `wrt` values
    and the cost, built by each op's `AdjointOpInterface` rule, a reverse
    `scan.scan` for a `scan.scan`. Requests inside scan bodies are expanded
    first, so a gradient may be taken inside a body and differentiated again.
    A `wrt` value the cost does not depend on (or an integer one) gets zeros.

    Example:

    ```mlir
    %y = math.tanh %x : tensor<f64>
    %dx = scan.grad %y wrt(%x) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
    // after scan-differentiate: %dx = 1 - %y * %y, spelled with arith ops
    ```
  }];
  let arguments = (ins AnyType:$cost, Variadic<AnyType>:$wrt);
  let results = (outs Variadic<AnyType>:$gradients);
  let assemblyFormat = [{
    $cost `wrt` `(` $wrt `)` attr-dict `:` type($cost) `wrt` `(` type($wrt) `)`
    `->` `(` type($gradients) `)`
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// StopGradientOp
//===----------------------------------------------------------------------===//

def Scan_StopGradientOp : Scan_Op<"stop_gradient", [
    Pure, AllTypesMatch<["input", "result"]>,
    DeclareOpInterfaceMethods<Scan_AdjointOpInterface>,
  ]> {
  let summary = "Its operand, treated as a constant by differentiation";
  let description = [{
    Returns its operand; gradients do not flow through it (Theano's
    `disconnected_grad` / `consider_constant`, JAX's `stop_gradient`).
    `scan-differentiate` removes it once every `scan.grad` is expanded.

    Example:

    ```mlir
    %c = scan.stop_gradient %x : tensor<?xf64>
    ```
  }];
  let arguments = (ins AnyType:$input);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // SCANJIT_DIALECT_SCAN_IR_SCANOPS_TD
