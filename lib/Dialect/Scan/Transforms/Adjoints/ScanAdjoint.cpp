//===- ScanAdjoint.cpp - The reverse-mode rule of scan.scan ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Backpropagation through time as a reverse scan.scan. For a forward scan of
// n steps (m = min(n, truncate_gradient) of them differentiated), the
// backward scan runs m steps, step j redoing forward step t = n - 1 - j:
//
// * its sequences are the forward sequences cut to the rows those steps read
//   (a go_backwards scan is first rewritten as a forward one over reversed
//   sequences with negated taps), each recurrent output's history
//   `[initial[:depth]; result]` read at the output's taps, and the adjoints
//   of the results (tap 0);
// * it recomputes the forward body from those inputs, then differentiates
//   it (differentiateBlock) seeded with the adjoint of each yielded value:
//   the result's adjoint at step t plus the pending adjoint that later steps
//   sent back to x[t] through the output's taps. The rules then read the
//   yielded values from the stored results (the history at tap 0), so what
//   only they needed is not recomputed (tanh's rule needs its result, not
//   the products that fed it);
// * it carries, per recurrent output of depth D, D pending adjoints
//   (W_i: for x[t - i]; tap -k of step t adds to W_{k-1} of step t - 1,
//   PyTensor's mit-mot outputs spelled as D sit-sot ones), and per
//   non-sequence (and shared value that no step updates) the sum of its
//   adjoints over the steps;
// * it yields the adjoint of every sequence tap slice; reversed back into
//   step order they are added to the sequence's adjoint at the tap's rows.
//
// The pending adjoints left after the last backward step are those of the
// initial value's rows (zero when truncation stopped the sweep earlier).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "AdjointRules.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace scanjit::scan;

namespace {

/// The type `[?, step shape...]` of a stack of `step`s.
RankedTensorType getStackedTypeOf(RankedTensorType step) {
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  llvm::append_range(shape, step.getShape());
  return RankedTensorType::get(shape, step.getElementType());
}

/// A tensor of `type` whose leading size is `rows` (when dynamic) and whose
/// other dynamic sizes are those of `shapeSource` from dimension
/// `sourceOffset` on, filled with zeros when `zero` is set.
Value buildStackedTensor(OpBuilder &b, Location loc, RankedTensorType type,
                         Value rows, Value shapeSource, unsigned sourceOffset,
                         bool zero) {
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim))
      continue;
    sizes.push_back(dim == 0 ? rows
                             : tensor::DimOp::create(b, loc, shapeSource,
                                                     dim - 1 + sourceOffset)
                                   .getResult());
  }
  Value empty = tensor::EmptyOp::create(b, loc, type, sizes);
  if (!zero)
    return empty;
  Value scalar =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

/// The sizes and unit strides of all of `x` but its leading dimension, which
/// becomes `rows` starting at `start`.
void getRowsSlice(OpBuilder &b, Location loc, Value x, OpFoldResult start,
                  OpFoldResult rows, SmallVectorImpl<OpFoldResult> &offsets,
                  SmallVectorImpl<OpFoldResult> &sizes,
                  SmallVectorImpl<OpFoldResult> &strides) {
  auto type = cast<RankedTensorType>(x.getType());
  offsets.assign(type.getRank(), b.getIndexAttr(0));
  strides.assign(type.getRank(), b.getIndexAttr(1));
  sizes = tensor::getMixedSizes(b, loc, x);
  offsets[0] = start;
  sizes[0] = rows;
}

/// Rows `[start, start + rows)` of `x`.
Value sliceRows(OpBuilder &b, Location loc, Value x, OpFoldResult start,
                OpFoldResult rows) {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getRowsSlice(b, loc, x, start, rows, offsets, sizes, strides);
  return tensor::ExtractSliceOp::create(b, loc, x, offsets, sizes, strides);
}

/// `rows` (a stack) written into `dest` from row `start` on.
Value insertRows(OpBuilder &b, Location loc, Value rows, Value dest,
                 OpFoldResult start) {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getRowsSlice(b, loc, dest, start, tensor::getMixedSize(b, loc, rows, 0),
               offsets, sizes, strides);
  return tensor::InsertSliceOp::create(b, loc, rows, dest, offsets, sizes,
                                       strides);
}

/// `step` (one row, without the leading dimension) written into row `row`
/// of `dest`.
Value insertRow(OpBuilder &b, Location loc, Value step, Value dest,
                OpFoldResult row) {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getRowsSlice(b, loc, dest, row, b.getIndexAttr(1), offsets, sizes, strides);
  return tensor::InsertSliceOp::create(b, loc, step, dest, offsets, sizes,
                                       strides);
}

/// `x` with its rows in reverse order: a go_backwards scan that copies them.
Value buildReverseRows(OpBuilder &b, Location loc, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  RankedTensorType stacked = getStackedTypeOf(dropLeadingDim(type));
  auto reverse = ScanOp::create(
      b, loc, SequenceSpec{x, {0}}, OutputSpec::nonRecurrent(stacked),
      ValueRange(), ValueRange(), Value(), /*goBackwards=*/true,
      /*truncateGradient=*/-1,
      [](OpBuilder &body, Location bodyLoc, ValueRange args) {
        YieldOp::create(body, bodyLoc, args.front(), Value());
      });
  Value result = reverse.getOutputs().front();
  if (result.getType() != type)
    result = tensor::CastOp::create(b, loc, type, result);
  return result;
}

/// The last row of the stack `rows`, or zeros of one row's shape when there
/// are none. The row is read at `length(rows) - 1`, so that scan-save-mem
/// keeps only the last row of a backward scan's sums and pending adjoints.
Value buildLastRowOrZeros(OpBuilder &b, Location loc, Value rows) {
  Value count = tensor::DimOp::create(b, loc, rows, 0);
  auto type = cast<RankedTensorType>(rows.getType());
  RankedTensorType step = dropLeadingDim(type);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value any =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, count, zero);
  auto ifOp = scf::IfOp::create(
      b, loc, any,
      [&](OpBuilder &then, Location thenLoc) {
        Value one = arith::ConstantIndexOp::create(then, thenLoc, 1);
        Value last = arith::SubIOp::create(then, thenLoc, count, one);
        SmallVector<OpFoldResult> offsets, sizes, strides;
        getRowsSlice(then, thenLoc, rows, last, then.getIndexAttr(1), offsets,
                     sizes, strides);
        Value row = tensor::ExtractSliceOp::create(then, thenLoc, step, rows,
                                                   offsets, sizes, strides);
        scf::YieldOp::create(then, thenLoc, row);
      },
      [&](OpBuilder &otherwise, Location elseLoc) {
        // Zeros of one row's shape.
        SmallVector<Value> sizes;
        for (int64_t dim = 0; dim < step.getRank(); ++dim)
          if (step.isDynamicDim(dim))
            sizes.push_back(
                tensor::DimOp::create(otherwise, elseLoc, rows, dim + 1));
        Value empty = tensor::EmptyOp::create(otherwise, elseLoc, step, sizes);
        Value scalar = arith::ConstantOp::create(
            otherwise, elseLoc, otherwise.getZeroAttr(step.getElementType()));
        Value filled = linalg::FillOp::create(otherwise, elseLoc, scalar, empty)
                           .getResult(0);
        scf::YieldOp::create(otherwise, elseLoc, filled);
      });
  return ifOp.getResult(0);
}

/// A forward sequence as the backward scan reads it: `value` (reversed for
/// a go_backwards scan) at `taps` (negated for a go_backwards scan).
struct NormalizedSequence {
  Value value;
  SmallVector<int64_t, 2> taps;
  SequenceSpan span;
  /// Index of this sequence's first tap output in the backward scan, or -1
  /// when the sequence needs no adjoint.
  int firstAdjointOutput = -1;
};

/// Whether shared value `i` of `op` is read-only: the body yields its block
/// argument unchanged.
bool isReadOnlyShared(ScanOp op, unsigned i) {
  YieldOp yield = op.getYield();
  return yield.getValues()[op.getOutputs().size() + i] == op.getSharedArgs()[i];
}

LogicalResult buildScanAdjoint(ScanOp op, OpBuilder &b, AdjointState &state) {
  Location loc = op.getLoc();
  if (op.getLastSteps())
    return op.emitOpError()
           << "cannot be differentiated once scan-save-mem kept only the last "
              "steps of its outputs (differentiate first)";
  for (unsigned i = 0, e = op.getShared().size(); i < e; ++i) {
    bool active = state.getAdjoint(op.getFinalShared()[i]) ||
                  state.needsAdjoint(op.getShared()[i]);
    if (active && !isReadOnlyShared(op, i))
      return op.emitOpError()
             << "cannot be differentiated through the updates of shared value "
                "#"
             << i
             << " (differentiate with respect to values the steps read, "
                "or pass the state as a recurrent output)";
  }
  if (op.getOutputs().empty()) {
    // Only read-only shared values: their final values are their inputs.
    for (unsigned i = 0, e = op.getShared().size(); i < e; ++i)
      state.addAdjoint(b, loc, op.getShared()[i],
                       state.getAdjoint(op.getFinalShared()[i]));
    return success();
  }

  unsigned numOutputs = op.getOutputs().size();
  // The steps that ran and the ones differentiated: t in [first, n). Every
  // output has n rows; a recurrent one is read anyway (its history), so
  // counting its rows keeps no other result alive (a checkpoint scan's
  // states of every step).
  Value counted = op.getOutputs().front();
  for (unsigned o = 0; o < numOutputs; ++o)
    if (op.isRecurrent(o)) {
      counted = op.getOutputs()[o];
      break;
    }
  Value n = tensor::DimOp::create(b, loc, counted, 0);
  Value m = n;
  if (op.getTruncateGradientSteps() >= 0) {
    Value k =
        arith::ConstantIndexOp::create(b, loc, op.getTruncateGradientSteps());
    m = arith::MinUIOp::create(b, loc, n, k);
  }
  Value first = arith::SubIOp::create(b, loc, n, m);

  // What the backward scan reads.
  SmallVector<SequenceSpec> backwardSequences;
  SmallVector<NormalizedSequence> sequences;
  for (unsigned s = 0, e = op.getSequences().size(); s < e; ++s) {
    NormalizedSequence seq;
    seq.value = op.getSequences()[s];
    seq.taps.assign(op.getSequenceTapsOf(s).begin(),
                    op.getSequenceTapsOf(s).end());
    if (op.getGoBackwards()) {
      seq.value = buildReverseRows(b, loc, seq.value);
      for (int64_t &tap : seq.taps)
        tap = -tap;
    }
    seq.span = SequenceSpan::of(seq.taps);
    Value extent = arith::ConstantIndexOp::create(b, loc, seq.span.extent());
    Value rows = arith::AddIOp::create(b, loc, m, extent);
    backwardSequences.push_back(
        {sliceRows(b, loc, seq.value, first, rows), seq.taps});
    sequences.push_back(seq);
  }
  // Each differentiable recurrent output's history [initial[:D]; result].
  auto isDifferentiableOutput = [&](unsigned o) {
    return isDifferentiableType(op.getOutputs()[o].getType());
  };
  for (unsigned o = 0; o < numOutputs; ++o) {
    if (!op.isRecurrent(o))
      continue;
    Value result = op.getOutputs()[o];
    int64_t depth = op.getOutputDepthOf(o);
    Value depthValue = arith::ConstantIndexOp::create(b, loc, depth);
    Value total = arith::AddIOp::create(b, loc, n, depthValue);
    RankedTensorType stacked = getStackedTypeOf(op.getOutputStepType(o));
    Value history = buildStackedTensor(b, loc, stacked, total, result, 1,
                                       /*zero=*/false);
    Value initial = sliceRows(b, loc, op.getInitialValueOf(o),
                              b.getIndexAttr(0), b.getIndexAttr(depth));
    history = insertRows(b, loc, initial, history, b.getIndexAttr(0));
    history = insertRows(b, loc, result, history, depthValue);
    Value rows = arith::AddIOp::create(b, loc, m, depthValue);
    // The output's taps, then tap 0: the value the step yielded, which the
    // backward step reads instead of recomputing it.
    SmallVector<int64_t, 2> taps(op.getOutputTapsOf(o).begin(),
                                 op.getOutputTapsOf(o).end());
    taps.push_back(0);
    backwardSequences.push_back(
        {sliceRows(b, loc, history, first, rows), taps});
  }
  // Each non-recurrent output's result, read at the step; a checkpoint scan
  // recomputes them instead (its results need not be kept).
  bool readsOutputs = !op.getCheckpoint();
  for (unsigned o = 0; o < numOutputs; ++o)
    if (!op.isRecurrent(o) && readsOutputs)
      backwardSequences.push_back(
          {sliceRows(b, loc, op.getOutputs()[o], first, m), {0}});
  // The results' adjoints.
  SmallVector<int> resultAdjointArg(numOutputs, -1);
  for (unsigned o = 0; o < numOutputs; ++o) {
    Value adjoint = state.getAdjoint(op.getOutputs()[o]);
    if (!adjoint || !isDifferentiableOutput(o))
      continue;
    resultAdjointArg[o] = backwardSequences.size();
    backwardSequences.push_back({sliceRows(b, loc, adjoint, first, m), {0}});
  }

  // What it yields: the adjoints of the sequence taps, the pending adjoints
  // of the recurrent outputs, the sums of the non-sequences' adjoints.
  SmallVector<OutputSpec> backwardOutputs;
  for (unsigned s = 0, e = sequences.size(); s < e; ++s) {
    NormalizedSequence &seq = sequences[s];
    if (!state.needsAdjoint(op.getSequences()[s]))
      continue;
    seq.firstAdjointOutput = backwardOutputs.size();
    for (size_t tap = 0; tap < seq.taps.size(); ++tap)
      backwardOutputs.push_back(OutputSpec::nonRecurrent(
          getStackedTypeOf(op.getSequenceStepType(s))));
  }
  SmallVector<int> firstPendingOutput(numOutputs, -1);
  for (unsigned o = 0; o < numOutputs; ++o) {
    if (!op.isRecurrent(o) || !isDifferentiableOutput(o))
      continue;
    firstPendingOutput[o] = backwardOutputs.size();
    RankedTensorType stacked = getStackedTypeOf(op.getOutputStepType(o));
    for (int64_t i = 0, depth = op.getOutputDepthOf(o); i < depth; ++i) {
      // A one-row initial value.
      auto oneRow = RankedTensorType::get(
          [&] {
            SmallVector<int64_t> shape(stacked.getShape());
            shape[0] = 1;
            return shape;
          }(),
          stacked.getElementType());
      Value zeros = buildStackedTensor(b, loc, oneRow, Value(),
                                       op.getOutputs()[o], 1, /*zero=*/true);
      backwardOutputs.push_back(OutputSpec{stacked, zeros, {-1}});
    }
  }
  // Values every step reads: non-sequences, read-only shared values, and
  // values the body captures from above without naming them.
  SmallVector<Value> invariants(op.getNonSequences());
  llvm::append_range(invariants, op.getShared());
  llvm::SetVector<Value> captured = getValuesCapturedBy(op);
  SmallVector<Value> summed; // invariants (or captured values) to sum over
  SmallVector<int> summedInvariant;
  for (auto [i, value] : llvm::enumerate(invariants))
    if (state.needsAdjoint(value))
      summed.push_back(value), summedInvariant.push_back(i);
  for (Value value : captured)
    if (state.needsAdjoint(value))
      summed.push_back(value), summedInvariant.push_back(-1);
  int firstSumOutput = backwardOutputs.size();
  for (Value value : summed) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type)
      return op.emitOpError()
             << "cannot sum the adjoint of the non-tensor value " << value
             << " over its steps (pass it as a rank-0 tensor)";
    RankedTensorType stacked = getStackedTypeOf(type);
    SmallVector<int64_t> shape(stacked.getShape());
    shape[0] = 1;
    Value zeros = buildStackedTensor(
        b, loc, RankedTensorType::get(shape, type.getElementType()), Value(),
        value, 0, /*zero=*/true);
    backwardOutputs.push_back(OutputSpec{stacked, zeros, {-1}});
  }

  LogicalResult bodyResult = success();
  auto buildBody = [&](OpBuilder &body, Location bodyLoc, ValueRange args) {
    IRMapping mapping;
    unsigned arg = 0;
    for (unsigned s = 0, e = op.getSequences().size(); s < e; ++s)
      for (Value forwardArg : op.getSequenceArgs(s))
        mapping.map(forwardArg, args[arg++]);
    SmallVector<Value> storedOutputs(numOutputs);
    for (unsigned o = 0; o < numOutputs; ++o) {
      if (!op.isRecurrent(o))
        continue;
      for (Value forwardArg : op.getOutputArgs(o))
        mapping.map(forwardArg, args[arg++]);
      storedOutputs[o] = args[arg++];
    }
    for (unsigned o = 0; o < numOutputs; ++o)
      if (!op.isRecurrent(o) && readsOutputs)
        storedOutputs[o] = args[arg++];
    SmallVector<Value> resultAdjoints(numOutputs);
    for (unsigned o = 0; o < numOutputs; ++o)
      if (resultAdjointArg[o] >= 0)
        resultAdjoints[o] = args[arg++];
    // Recurrent block arguments of the backward scan, in output order.
    unsigned firstRecurrentArg = arg;
    unsigned numRecurrent = 0;
    for (const OutputSpec &out : backwardOutputs)
      numRecurrent += out.initialValue ? 1 : 0;
    arg += numRecurrent;
    ValueRange invariantArgs = args.slice(arg, invariants.size());
    for (auto [forwardArg, backwardArg] : llvm::zip_equal(
             llvm::concat<Value>(op.getNonSequenceArgs(), op.getSharedArgs()),
             invariantArgs))
      mapping.map(forwardArg, backwardArg);

    // Recompute the step.
    for (Operation &forwardOp : op.getBodyBlock()->without_terminator())
      body.clone(forwardOp, mapping);

    // The recurrent argument of backward output `out`.
    auto recurrentArg = [&](int out) {
      int index = 0;
      for (int i = 0; i < out; ++i)
        index += backwardOutputs[i].initialValue ? 1 : 0;
      return args[firstRecurrentArg + index];
    };

    // Seeds: each yielded output's adjoint at this step.
    YieldOp yield = op.getYield();
    SmallVector<Value> seeds, seedAdjoints;
    for (unsigned o = 0; o < numOutputs; ++o) {
      if (!isDifferentiableOutput(o))
        continue;
      Value adjoint = resultAdjoints[o];
      if (firstPendingOutput[o] >= 0) {
        Value carried = recurrentArg(firstPendingOutput[o]);
        adjoint = adjoint
                      ? arith::AddFOp::create(body, bodyLoc, adjoint, carried)
                            .getResult()
                      : carried;
      }
      seeds.push_back(mapping.lookupOrDefault(yield.getValues()[o]));
      seedAdjoints.push_back(adjoint);
    }

    // What to differentiate with respect to.
    SmallVector<Value> wrt;
    for (auto [s, seq] : llvm::enumerate(sequences))
      if (seq.firstAdjointOutput >= 0)
        for (Value forwardArg : op.getSequenceArgs(s))
          wrt.push_back(mapping.lookup(forwardArg));
    for (unsigned o = 0; o < numOutputs; ++o)
      if (firstPendingOutput[o] >= 0)
        for (Value forwardArg : op.getOutputArgs(o))
          wrt.push_back(mapping.lookup(forwardArg));
    for (auto [value, invariant] : llvm::zip_equal(summed, summedInvariant))
      wrt.push_back(invariant >= 0 ? invariantArgs[invariant] : value);

    SmallVector<Value> adjoints;
    if (failed(differentiateBlock(body, *body.getInsertionBlock(), seeds,
                                  seedAdjoints, wrt, adjoints))) {
      bodyResult = failure();
      adjoints.assign(wrt.size(), Value());
    }
    // The rules read the step's outputs from the stored results: the
    // recomputation of what only they needed becomes dead.
    for (unsigned o = 0; o < numOutputs; ++o) {
      if (!storedOutputs[o])
        continue;
      Value recomputed = mapping.lookupOrDefault(yield.getValues()[o]);
      Operation *def = recomputed.getDefiningOp();
      if (def && def->getBlock() == body.getInsertionBlock())
        recomputed.replaceAllUsesWith(storedOutputs[o]);
    }

    SmallVector<Value> yields;
    unsigned adjointIndex = 0;
    for (auto [s, seq] : llvm::enumerate(sequences))
      if (seq.firstAdjointOutput >= 0)
        for (Value forwardArg : op.getSequenceArgs(s)) {
          yields.push_back(orZerosLike(body, bodyLoc, adjoints[adjointIndex],
                                       mapping.lookup(forwardArg)));
          ++adjointIndex;
        }
    for (unsigned o = 0; o < numOutputs; ++o) {
      if (firstPendingOutput[o] < 0)
        continue;
      // Tap -k of this step sends its adjoint to x[t - k], pending
      // W_{k-1} at step t - 1: W'_i = W_{i+1} + adjoint of tap -(i+1).
      int64_t depth = op.getOutputDepthOf(o);
      ArrayRef<int64_t> taps = op.getOutputTapsOf(o);
      Value like = mapping.lookup(op.getOutputArgs(o).front());
      for (int64_t i = 0; i < depth; ++i) {
        Value next = i + 1 < depth ? recurrentArg(firstPendingOutput[o] + i + 1)
                                   : Value();
        for (auto [t, tap] : llvm::enumerate(taps))
          if (tap == -(i + 1) && adjoints[adjointIndex + t])
            next = next ? arith::AddFOp::create(body, bodyLoc, next,
                                                adjoints[adjointIndex + t])
                              .getResult()
                        : adjoints[adjointIndex + t];
        yields.push_back(orZerosLike(body, bodyLoc, next, like));
      }
      adjointIndex += taps.size();
    }
    for (auto [i, value] : llvm::enumerate(summed)) {
      Value sum = recurrentArg(firstSumOutput + i);
      if (Value adjoint = adjoints[adjointIndex + i])
        sum = arith::AddFOp::create(body, bodyLoc, sum, adjoint);
      yields.push_back(sum);
    }
    YieldOp::create(body, bodyLoc, yields, Value());

    // State the step updates (a random stream's counter) reaches the
    // backward step only as its value before the loop: what the adjoint
    // reads must not depend on it.
    llvm::DenseMap<Value, unsigned> updatedShared;
    unsigned numNonSequences = op.getNonSequences().size();
    for (unsigned i = 0, e = op.getShared().size(); i < e; ++i)
      if (!isReadOnlyShared(op, i))
        updatedShared[invariantArgs[numNonSequences + i]] = i;
    if (updatedShared.empty())
      return;
    llvm::DenseSet<Operation *> live;
    SmallVector<Value> pending(yields.begin(), yields.end());
    while (!pending.empty()) {
      Value value = pending.pop_back_val();
      if (auto found = updatedShared.find(value);
          found != updatedShared.end()) {
        op.emitOpError() << "cannot be differentiated: the adjoint of a "
                            "step reads shared value #"
                         << found->second
                         << ", which the step updates (a random stream's "
                            "counter?), and its per-step values are not kept";
        bodyResult = failure();
        return;
      }
      Operation *def = value.getDefiningOp();
      if (!def || !body.getInsertionBlock()->findAncestorOpInBlock(*def) ||
          !live.insert(def).second)
        continue;
      llvm::append_range(pending, def->getOperands());
      llvm::append_range(pending, getValuesCapturedBy(def));
    }
  };
  // The body is built once the op exists (rules of ops with regions, such
  // as scf.if, need the body to be in the op's region).
  auto backward = ScanOp::create(b, loc, backwardSequences, backwardOutputs,
                                 invariants, ValueRange(), m,
                                 /*goBackwards=*/true, /*truncateGradient=*/-1);
  {
    OpBuilder body = OpBuilder::atBlockBegin(backward.getBodyBlock());
    buildBody(body, loc, backward.getBodyBlock()->getArguments());
  }
  if (failed(bodyResult))
    return failure();

  // Sequence adjoints: each tap's per-step adjoints, back in step order,
  // added at the rows the tap read.
  for (auto [s, seq] : llvm::enumerate(sequences)) {
    if (seq.firstAdjointOutput < 0)
      continue;
    Value adjoint = buildZerosLike(b, loc, seq.value);
    for (auto [t, tap] : llvm::enumerate(seq.taps)) {
      Value steps = buildReverseRows(
          b, loc, backward.getOutputs()[seq.firstAdjointOutput + t]);
      Value offset = arith::AddIOp::create(
          b, loc, first,
          arith::ConstantIndexOp::create(b, loc, seq.span.firstRow(tap)));
      Value current = sliceRows(b, loc, adjoint, offset, m);
      Value sum = arith::AddFOp::create(b, loc, current, steps);
      adjoint = insertRows(b, loc, sum, adjoint, offset);
    }
    if (op.getGoBackwards())
      adjoint = buildReverseRows(b, loc, adjoint);
    state.addAdjoint(b, loc, op.getSequences()[s], adjoint);
  }
  // Initial values: the pending adjoints of x[-1], x[-2], ... (none when
  // truncation stopped before the first step).
  for (unsigned o = 0; o < numOutputs; ++o) {
    Value initial = op.getInitialValueOf(o);
    if (firstPendingOutput[o] < 0 || !state.needsAdjoint(initial))
      continue;
    int64_t depth = op.getOutputDepthOf(o);
    Value adjoint = buildZerosLike(b, loc, initial);
    for (int64_t i = 0; i < depth; ++i) {
      Value pendingRows = backward.getOutputs()[firstPendingOutput[o] + i];
      Value last = buildLastRowOrZeros(b, loc, pendingRows);
      adjoint = insertRow(b, loc, last, adjoint, b.getIndexAttr(depth - 1 - i));
    }
    if (op.getTruncateGradientSteps() >= 0) {
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value reached =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, first, zero);
      adjoint = arith::SelectOp::create(b, loc, reached, adjoint,
                                        buildZerosLike(b, loc, initial));
    }
    state.addAdjoint(b, loc, initial, adjoint);
  }
  // Non-sequences, read-only shared values and captured values: their sums.
  for (auto [i, value] : llvm::enumerate(summed)) {
    Value sums = backward.getOutputs()[firstSumOutput + i];
    state.addAdjoint(b, loc, value, buildLastRowOrZeros(b, loc, sums));
  }
  for (unsigned i = 0, e = op.getShared().size(); i < e; ++i)
    state.addAdjoint(b, loc, op.getShared()[i],
                     state.getAdjoint(op.getFinalShared()[i]));
  return success();
}

} // namespace

void scanjit::scan::registerScanAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, ScanDialect *) {
    adjoints::attachRule<ScanOp, buildScanAdjoint>(ctx);
  });
}
