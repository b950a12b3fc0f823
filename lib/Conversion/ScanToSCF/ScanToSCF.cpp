//===- ScanToSCF.cpp - Lower scan.scan to scf loops -----------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Lowers scan.scan to scf.for (scf.while with `until`) over tensors. Tap
// histories live in ring buffers sized from the tap depth; sequences are read
// in place; errors that depend on run-time sizes are scan.check ops (a
// target lowers them) and make the loop run zero steps. See Passes.td for the scheme.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Conversion/RuntimeCalls.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>

namespace scanjit {
#define GEN_PASS_DEF_CONVERTSCANTOSCFPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;
using namespace scanjit;
using namespace scanjit::scan;
using runtime::ErrorCode;

namespace {

/// Emits the loop that replaces one scan.scan. Holds what every stage of the
/// lowering shares: the op, its converted operands and the rewriter.
class ScanLowering {
public:
  ScanLowering(ScanOp op, ScanOp::Adaptor adaptor,
               ConversionPatternRewriter &rewriter)
      : op(op), adaptor(adaptor), rewriter(rewriter), loc(op.getLoc()) {}

  void lower();

private:
  // Small builders.
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  }
  Value dim(Value tensor, int64_t d) {
    return rewriter.createOrFold<tensor::DimOp>(loc, tensor, d);
  }
  Value toI64(Value indexValue) {
    return rewriter.createOrFold<arith::IndexCastOp>(
        loc, rewriter.getI64Type(), indexValue);
  }
  /// `flag or cond`, where a null flag means false.
  Value orFlag(Value flag, Value cond) {
    return flag ? rewriter.createOrFold<arith::OrIOp>(loc, flag, cond) : cond;
  }

  /// Emits a scan.check that reports `code` when `cond` holds.
  void reportIf(Value cond, ErrorCode code, Value a, Value b, Value c);

  void computeStepCount();
  void initializeRingBuffers();
  void computeOutputStepSizes();
  SmallVector<Value> getStepArguments(Value t, ValueRange hists,
                                      ValueRange rings, ValueRange shared);
  SmallVector<Value> cloneBodyForShapes(ValueRange args);
  /// Writes the values `yield` yields at step `t` into the histories and
  /// ring buffers; returns the next histories, rings and shared values.
  SmallVector<Value> emitUpdates(YieldOp yield, Value t, ValueRange hists,
                                 ValueRange rings, ValueRange shared);
  /// Emits step `t` at the end of `block` from the loop-carried `iter`
  /// (histories, rings, shared values): the body on its arguments, the
  /// updates, and the scf.yield of `leading`, then (with `until`) whether to
  /// continue, then the next loop-carried values. Returns what it yields.
  SmallVector<Value> emitStep(Block *block, Value t, ValueRange iter,
                              ArrayRef<Value> leading);
  /// Replaces the scan by the loop's final histories, rings and shared
  /// values after `steps` steps.
  void replaceScan(ValueRange loopResults, Value steps);
  void emitForLoop(ValueRange initIter);
  void emitWhileLoop(ValueRange initIter);
  /// True when output `j` is recurrent and keeps only its last k steps: one
  /// ring then holds both its tap history and the steps it returns.
  bool sharesRing(unsigned j) {
    return op.isRecurrent(j) && op.getLastStepsOf(j) > 0;
  }
  /// The rows of the ring of an output that sharesRing(): max(depth, k).
  int64_t sharedRingRows(unsigned j) {
    return std::max(depths[j], op.getLastStepsOf(j));
  }
  /// The row of a ring of `rows` rows that holds `position`.
  Value ringRow(Value position, int64_t rows) {
    if (rows == 1)
      return index(0);
    return rewriter.createOrFold<arith::RemUIOp>(loc, position, index(rows));
  }
  /// `expr` of the step `t` (d0) and `symbols` (s0, ...), as a folded
  /// affine.apply: the per-step indices are affine in t.
  Value affineIndex(AffineExpr expr, Value t, ValueRange symbols = {}) {
    AffineMap map = AffineMap::get(1, symbols.size(), expr);
    SmallVector<OpFoldResult> operands = {t};
    llvm::append_range(operands, symbols);
    return getValueOrCreateConstantIndexOp(
        rewriter, loc,
        affine::makeComposedFoldedAffineApply(rewriter, loc, map, operands));
  }
  /// The row of a ring of `rows` rows that holds position t + offset.
  Value ringRowOfStep(Value t, int64_t offset, int64_t rows) {
    if (rows == 1)
      return index(0);
    return affineIndex((rewriter.getAffineDimExpr(0) + offset) % rows, t);
  }
  /// The row of output `j`'s history that step `t` writes.
  Value getHistoryRow(unsigned j, Value t);
  /// Output `j`'s result from its history after `steps` steps: the history's
  /// first rows, or, for an output that keeps its last k steps in a ring of
  /// k rows, those rows in chronological order. Cast to the op's result type.
  Value finishHistory(unsigned j, Value hist, Value steps);
  /// `[rows, step sizes of output j...]`, the sizes of `rows` of its steps.
  SmallVector<OpFoldResult> getRowsSizes(unsigned j, OpFoldResult rows);

  ScanOp op;
  ScanOp::Adaptor adaptor;
  ConversionPatternRewriter &rewriter;
  Location loc;

  /// The number of steps the loop runs (at most, with `until`).
  Value numSteps;
  /// Per sequence: its length and the rows its taps span beyond the first.
  SmallVector<Value> sequenceLengths;
  /// Per output: the depth of its ring buffer (0 if not recurrent) and the
  /// sizes of one step.
  SmallVector<int64_t> depths;
  /// Per recurrent output that does not sharesRing(), in order: its ring
  /// buffer's initial value.
  SmallVector<Value> initialRings;
  /// Per output: the initial value of its history when it sharesRing() (the
  /// ring, holding the initial taps), null otherwise.
  SmallVector<Value> initialHistories;
  /// Per shared value: whether the body yields a new value for it (rather
  /// than its own argument). Known before the body moves into the loop,
  /// whose argument replacements the conversion applies only at its end.
  SmallVector<bool> sharedUpdated;
  SmallVector<SmallVector<OpFoldResult>> stepSizes;
  /// Set when a check failed; makes the loop run zero steps.
  Value failed;
};

} // namespace

void ScanLowering::reportIf(Value cond, ErrorCode code, Value a, Value b,
                            Value c) {
  emitCheckFailingIf(rewriter, loc, cond, code, {a, b, c});
}

void ScanLowering::computeStepCount() {
  Value steps;
  SmallVector<Value> provided;
  for (auto [i, seq] : llvm::enumerate(adaptor.getSequences())) {
    int64_t span = op.getSequenceSpanOf(i).extent();
    Value length = dim(seq, 0);
    sequenceLengths.push_back(length);
    Value available = length;
    if (span > 0) {
      available = rewriter.createOrFold<arith::SubIOp>(loc, length, index(span));
      Value tooShort = rewriter.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::slt, available, index(0));
      reportIf(tooShort, ErrorCode::SequenceTooShort, toI64(index(i)),
               toI64(length), toI64(index(span + 1)));
      failed = orFlag(failed, tooShort);
      available =
          rewriter.createOrFold<arith::MaxSIOp>(loc, available, index(0));
    }
    provided.push_back(available);
    steps = steps ? rewriter.createOrFold<arith::MinSIOp>(loc, steps, available)
                  : available;
  }

  if (Value nSteps = adaptor.getNSteps()) {
    if (!nSteps.getType().isIndex())
      nSteps = rewriter.createOrFold<arith::IndexCastOp>(
          loc, rewriter.getIndexType(), nSteps);
    Value negative = rewriter.createOrFold<arith::CmpIOp>(
        loc, arith::CmpIPredicate::slt, nSteps, index(0));
    reportIf(negative, ErrorCode::NegativeNSteps, toI64(nSteps), {}, {});
    failed = orFlag(failed, negative);
    for (auto [i, available] : llvm::enumerate(provided)) {
      Value exceeds = rewriter.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sgt, nSteps, available);
      reportIf(exceeds, ErrorCode::NStepsExceedsSequence, toI64(nSteps),
               toI64(available), toI64(index(i)));
      failed = orFlag(failed, exceeds);
    }
    steps = nSteps;
  }
  assert(steps && "the verifier requires sequences or n_steps");
  numSteps = steps;
}

void ScanLowering::initializeRingBuffers() {
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j) {
    RankedTensorType stepType = op.getOutputStepType(j);
    if (!op.isRecurrent(j)) {
      depths.push_back(0);
      stepSizes.emplace_back();
      initialHistories.push_back(Value());
      continue;
    }
    int64_t depth = op.getOutputDepthOf(j);
    depths.push_back(depth);

    // The ring starts as the first `depth` rows of the initial value (rows
    // beyond are never read, as PyTensor's `initial[:depth]`). A shorter
    // initial value is an error; copy what exists so that nothing reads out
    // of bounds, and run zero steps.
    unsigned recurrentIndex = llvm::count_if(
        llvm::seq(0u, j), [&](unsigned k) { return op.isRecurrent(k); });
    Value init = adaptor.getInitialValues()[recurrentIndex];
    SmallVector<OpFoldResult> initSizes =
        tensor::getMixedSizes(rewriter, loc, init);
    SmallVector<OpFoldResult> sizes(initSizes.begin() + 1, initSizes.end());
    stepSizes.push_back(sizes);
    Value initRows = dim(init, 0);
    Value tooShort = rewriter.createOrFold<arith::CmpIOp>(
        loc, arith::CmpIPredicate::slt, initRows, index(depth));
    reportIf(tooShort, ErrorCode::InitialValueTooShort, toI64(index(j)),
             toI64(initRows), toI64(index(depth)));
    failed = orFlag(failed, tooShort);
    Value copied =
        rewriter.createOrFold<arith::MinSIOp>(loc, initRows, index(depth));

    // Position p (the initial taps at 0..depth-1, step t at depth + t) lives
    // in row p mod rows.
    int64_t rows = sharesRing(j) ? sharedRingRows(j) : depth;
    SmallVector<OpFoldResult> ringSizes = {rewriter.getIndexAttr(rows)};
    ringSizes.append(sizes);
    Value ring = tensor::EmptyOp::create(rewriter, loc, ringSizes,
                                         stepType.getElementType());
    SmallVector<OpFoldResult> zeros(stepType.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> ones(stepType.getRank() + 1,
                                   rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> srcOffsets = {rewriter.getIndexAttr(0)};
    srcOffsets.append(zeros);
    SmallVector<OpFoldResult> copySizes = {copied};
    copySizes.append(sizes);
    Value history = tensor::ExtractSliceOp::create(rewriter, loc, init,
                                                   srcOffsets, copySizes, ones);
    SmallVector<OpFoldResult> dstOffsets = {
        rewriter.createOrFold<arith::SubIOp>(loc, index(depth), copied)};
    dstOffsets.append(zeros);
    ring = tensor::InsertSliceOp::create(rewriter, loc, history, ring,
                                         dstOffsets, copySizes, ones);
    if (sharesRing(j)) {
      initialHistories.push_back(ring);
      continue;
    }
    initialHistories.push_back(Value());
    initialRings.push_back(ring);
  }
}

SmallVector<Value> ScanLowering::getStepArguments(Value t, ValueRange hists,
                                                  ValueRange rings,
                                                  ValueRange shared) {
  SmallVector<Value> args;
  auto sliceRow = [&](Value source, Value row, RankedTensorType stepType) {
    auto sourceType = cast<RankedTensorType>(source.getType());
    SmallVector<OpFoldResult> offsets(sourceType.getRank(),
                                      rewriter.getIndexAttr(0));
    offsets[0] = row;
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, source);
    sizes[0] = rewriter.getIndexAttr(1);
    SmallVector<OpFoldResult> strides(sourceType.getRank(),
                                      rewriter.getIndexAttr(1));
    return tensor::ExtractSliceOp::create(rewriter, loc, stepType, source,
                                          offsets, sizes, strides)
        .getResult();
  };

  for (auto [i, seq] : llvm::enumerate(adaptor.getSequences())) {
    SequenceSpan span = op.getSequenceSpanOf(i);
    for (int64_t tap : op.getSequenceTapsOf(i)) {
      // Forwards, row t + tap - lo. Backwards, the tap's slice
      // u[tap - lo : length - (hi - tap)] reversed: row
      // length - 1 - (hi - tap) - t.
      AffineExpr t0 = rewriter.getAffineDimExpr(0);
      Value row =
          op.getGoBackwards()
              ? affineIndex(rewriter.getAffineSymbolExpr(0) - 1 -
                                span.rowsFromEnd(tap) - t0,
                            t, sequenceLengths[i])
              : affineIndex(t0 + span.firstRow(tap), t);
      args.push_back(sliceRow(seq, row, op.getSequenceStepType(i)));
    }
  }

  unsigned ringIndex = 0;
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j) {
    if (!op.isRecurrent(j))
      continue;
    int64_t depth = depths[j];
    bool shared = sharesRing(j);
    Value ring = shared ? hists[j] : rings[ringIndex++];
    int64_t rows = shared ? sharedRingRows(j) : depth;
    for (int64_t tap : op.getOutputTapsOf(j)) {
      // Tap `tap` of step t reads position depth + t + tap.
      args.push_back(sliceRow(ring, ringRowOfStep(t, depth + tap, rows),
                              op.getOutputStepType(j)));
    }
  }

  llvm::append_range(args, adaptor.getNonSequences());
  llvm::append_range(args, shared);
  return args;
}

SmallVector<Value> ScanLowering::cloneBodyForShapes(ValueRange args) {
  IRMapping mapping;
  mapping.map(op.getBodyBlock()->getArguments(), args);
  for (Operation &bodyOp : op.getBodyBlock()->without_terminator())
    rewriter.clone(bodyOp, mapping);
  SmallVector<Value> yielded;
  for (Value value : op.getYield().getValues())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
}

void ScanLowering::computeOutputStepSizes() {
  // Non-recurrent outputs with a dynamic step shape learn it from a first
  // run of the body at step 0 whose results only feed tensor.dim; a scan of
  // zero steps gives them zero-sized steps.
  SmallVector<std::pair<unsigned, unsigned>> dynamicDims;
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j) {
    if (op.isRecurrent(j))
      continue;
    RankedTensorType stepType = op.getOutputStepType(j);
    for (unsigned d = 0; d < stepType.getRank(); ++d)
      stepSizes[j].push_back(rewriter.getIndexAttr(stepType.getDimSize(d)));
    for (unsigned d = 0; d < stepType.getRank(); ++d)
      if (stepType.isDynamicDim(d))
        dynamicDims.push_back({j, d});
  }
  if (dynamicDims.empty())
    return;

  Value hasSteps = rewriter.createOrFold<arith::CmpIOp>(
      loc, arith::CmpIPredicate::sgt, numSteps, index(0));
  SmallVector<Type> indexTypes(dynamicDims.size(), rewriter.getIndexType());
  auto ifOp = scf::IfOp::create(rewriter, loc, indexTypes, hasSteps,
                                /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(ifOp.thenBlock());
    SmallVector<Value> yielded = cloneBodyForShapes(
        getStepArguments(index(0), initialHistories, initialRings,
                         adaptor.getShared()));
    SmallVector<Value> dims;
    for (auto [j, d] : dynamicDims)
      dims.push_back(dim(yielded[j], d));
    scf::YieldOp::create(rewriter, loc, dims);
    rewriter.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(rewriter, loc,
                         SmallVector<Value>(dynamicDims.size(), index(0)));
  }
  for (auto [k, jd] : llvm::enumerate(dynamicDims))
    stepSizes[jd.first][jd.second] = ifOp.getResult(k);
}

SmallVector<Value> ScanLowering::emitUpdates(YieldOp yield, Value t,
                                             ValueRange hists,
                                             ValueRange rings,
                                             ValueRange shared) {
  SmallVector<Value> nextHists, nextRings;
  unsigned ringIndex = 0;
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j) {
    Value value = yield.getValues()[j];
    RankedTensorType stepType = op.getOutputStepType(j);
    Value hist = hists[j];
    Value ring =
        op.isRecurrent(j) && !sharesRing(j) ? rings[ringIndex++] : Value();

    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(1)};
    sizes.append(stepSizes[j]);
    SmallVector<OpFoldResult> strides(stepType.getRank() + 1,
                                      rewriter.getIndexAttr(1));
    auto offsetsAt = [&](Value row) {
      SmallVector<OpFoldResult> offsets(stepType.getRank() + 1,
                                        rewriter.getIndexAttr(0));
      offsets[0] = row;
      return offsets;
    };
    auto insertAll = [&]() {
      SmallVector<Value> updated = {tensor::InsertSliceOp::create(
          rewriter, loc, value, hist, offsetsAt(getHistoryRow(j, t)), sizes,
          strides)};
      if (ring) {
        // Step t is position depth + t; its row is t mod depth.
        updated.push_back(tensor::InsertSliceOp::create(
            rewriter, loc, value, ring, offsetsAt(ringRowOfStep(t, 0, depths[j])),
            sizes, strides));
      }
      return updated;
    };

    // A dynamic step dimension must match the output's step shape, or the
    // write would leave the history's bounds.
    Value sameShape;
    // Per dynamic axis: (axis, size of the value, size expected).
    SmallVector<std::tuple<unsigned, Value, Value>> checkedSizes;
    for (unsigned d = 0; d < stepType.getRank(); ++d) {
      if (!stepType.isDynamicDim(d))
        continue;
      Value expected = getValueOrCreateConstantIndexOp(rewriter, loc,
                                                       stepSizes[j][d]);
      Value actual = dim(value, d);
      checkedSizes.emplace_back(d, actual, expected);
      Value same = rewriter.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, actual, expected);
      sameShape = sameShape
                      ? rewriter.createOrFold<arith::AndIOp>(loc, sameShape,
                                                             same)
                      : same;
    }
    SmallVector<Value> updated;
    if (!sameShape || matchPattern(sameShape, m_One())) {
      updated = insertAll();
    } else {
      SmallVector<Type> types = {hist.getType()};
      if (ring)
        types.push_back(ring.getType());
      auto ifOp = scf::IfOp::create(rewriter, loc, types, sameShape,
                                    /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(ifOp.thenBlock());
      scf::YieldOp::create(rewriter, loc, insertAll());
      rewriter.setInsertionPointToStart(ifOp.elseBlock());
      Value changed = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
      if (op.isRecurrent(j)) {
        // Report the first axis that differs from the initial value's step.
        Value axis, actual, expected;
        for (auto [d, size, want] : llvm::reverse(checkedSizes)) {
          if (!axis) {
            std::tie(axis, actual, expected) =
                std::make_tuple(index(d), size, want);
            continue;
          }
          Value differs = rewriter.createOrFold<arith::CmpIOp>(
              loc, arith::CmpIPredicate::ne, size, want);
          axis = rewriter.createOrFold<arith::SelectOp>(loc, differs, index(d),
                                                        axis);
          actual = rewriter.createOrFold<arith::SelectOp>(loc, differs, size,
                                                          actual);
          expected = rewriter.createOrFold<arith::SelectOp>(loc, differs, want,
                                                            expected);
        }
        Value where = rewriter.createOrFold<arith::AddIOp>(
            loc,
            rewriter.createOrFold<arith::MulIOp>(loc, axis,
                                                 index(int64_t(1) << 32)),
            index(j));
        reportIf(changed, ErrorCode::StepShapeMismatch, toI64(where),
                 toI64(actual), toI64(expected));
      } else {
        reportIf(changed, ErrorCode::StepShapeChanged, toI64(index(j)),
                 toI64(t), {});
      }
      SmallVector<Value> unchanged = {hist};
      if (ring)
        unchanged.push_back(ring);
      scf::YieldOp::create(rewriter, loc, unchanged);
      updated = llvm::to_vector_of<Value>(ifOp.getResults());
    }
    nextHists.push_back(updated[0]);
    if (ring)
      nextRings.push_back(updated[1]);
  }

  SmallVector<Value> next = nextHists;
  llvm::append_range(next, nextRings);
  // A shared value is updated in place: its next value is materialized in
  // the buffer of the current one, so bufferization needs no new buffer per
  // step.
  for (auto [value, current, updated] :
       llvm::zip(yield.getValues().drop_front(op.getOutputs().size()), shared,
                 sharedUpdated)) {
    if (!updated) {
      next.push_back(current);
      continue;
    }
    auto materialize = bufferization::MaterializeInDestinationOp::create(
        rewriter, loc, value, current);
    next.push_back(materialize.getResult());
  }
  return next;
}

SmallVector<Value> ScanLowering::emitStep(Block *block, Value t,
                                          ValueRange iter,
                                          ArrayRef<Value> leading) {
  unsigned numOutputs = op.getOutputs().size();
  unsigned numRings = initialRings.size();
  ValueRange hists = iter.take_front(numOutputs);
  ValueRange rings = iter.slice(numOutputs, numRings);
  ValueRange shared = iter.drop_front(numOutputs + numRings);
  rewriter.setInsertionPointToEnd(block);
  SmallVector<Value> args = getStepArguments(t, hists, rings, shared);
  auto yield = cast<YieldOp>(op.getBodyBlock()->getTerminator());
  rewriter.mergeBlocks(op.getBodyBlock(), block, args);
  rewriter.setInsertionPoint(yield);
  SmallVector<Value> next(leading);
  if (Value until = yield.getUntil())
    // Continue unless `until` holds.
    next.push_back(arith::XOrIOp::create(
        rewriter, loc, until, arith::ConstantIntOp::create(rewriter, loc, 1, 1)));
  llvm::append_range(next, emitUpdates(yield, t, hists, rings, shared));
  scf::YieldOp::create(rewriter, loc, next);
  rewriter.eraseOp(yield);
  return next;
}

void ScanLowering::replaceScan(ValueRange loopResults, Value steps) {
  unsigned numOutputs = op.getOutputs().size();
  SmallVector<Value> results;
  for (unsigned j = 0; j < numOutputs; ++j)
    results.push_back(finishHistory(j, loopResults[j], steps));
  llvm::append_range(results,
                     loopResults.drop_front(numOutputs + initialRings.size()));
  rewriter.replaceOp(op, results);
}

void ScanLowering::emitForLoop(ValueRange initIter) {
  auto forOp = scf::ForOp::create(rewriter, loc, index(0), numSteps, index(1),
                                  initIter);
  // Without loop-carried values the builder gave the body a terminator; the
  // step brings its own.
  if (!forOp.getBody()->empty())
    rewriter.eraseOp(&forOp.getBody()->back());
  emitStep(forOp.getBody(), forOp.getInductionVar(),
           forOp.getRegionIterArgs(), {});
  rewriter.setInsertionPointAfter(forOp);
  replaceScan(forOp.getResults(), numSteps);
}

void ScanLowering::emitWhileLoop(ValueRange initIter) {
  SmallVector<Value> init = {index(0),
                             arith::ConstantIntOp::create(rewriter, loc, 1, 1)};
  llvm::append_range(init, initIter);
  SmallVector<Type> types = llvm::to_vector(ValueRange(init).getTypes());
  SmallVector<Location> locs(types.size(), loc);
  auto whileOp = scf::WhileOp::create(rewriter, loc, types, init);

  // Before: continue while steps remain and `until` has not fired.
  Block *before = rewriter.createBlock(&whileOp.getBefore(), {}, types, locs);
  Value inRange = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt,
                                        before->getArgument(0), numSteps);
  Value proceed =
      arith::AndIOp::create(rewriter, loc, inRange, before->getArgument(1));
  scf::ConditionOp::create(rewriter, loc, proceed, before->getArguments());

  // After: one step, carrying t + 1 and whether to continue.
  Block *after = rewriter.createBlock(&whileOp.getAfter(), {}, types, locs);
  Value t = after->getArgument(0);
  rewriter.setInsertionPointToStart(after);
  Value nextT = arith::AddIOp::create(rewriter, loc, t, index(1));
  emitStep(after, t, after->getArguments().drop_front(2), {nextT});

  // The results hold the steps that ran.
  rewriter.setInsertionPointAfter(whileOp);
  replaceScan(whileOp.getResults().drop_front(2), whileOp.getResult(0));
}

SmallVector<OpFoldResult> ScanLowering::getRowsSizes(unsigned j,
                                                     OpFoldResult rows) {
  SmallVector<OpFoldResult> sizes = {rows};
  sizes.append(stepSizes[j]);
  return sizes;
}

Value ScanLowering::getHistoryRow(unsigned j, Value t) {
  int64_t last = op.getLastStepsOf(j);
  if (last == 0)
    return t;
  if (sharesRing(j))
    return ringRowOfStep(t, depths[j], sharedRingRows(j));
  return ringRowOfStep(t, 0, last);
}

Value ScanLowering::finishHistory(unsigned j, Value hist, Value steps) {
  auto histType = cast<RankedTensorType>(hist.getType());
  int64_t rank = histType.getRank();
  SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
  auto rowsAt = [&](OpFoldResult row) {
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    offsets[0] = row;
    return offsets;
  };
  auto slice = [&](Value source, OpFoldResult first, OpFoldResult count) {
    return tensor::ExtractSliceOp::create(rewriter, loc, source, rowsAt(first),
                                          getRowsSizes(j, count), strides)
        .getResult();
  };

  int64_t last = op.getLastStepsOf(j);
  // Step t is at position offset + t of a ring of `rows` rows.
  int64_t offset = sharesRing(j) ? depths[j] : 0;
  int64_t rows = sharesRing(j) ? sharedRingRows(j) : last;
  Value result;
  if (last == 0) {
    // The steps that ran are the first rows.
    result = slice(hist, rewriter.getIndexAttr(0), steps);
  } else if (rows == 1) {
    // At most one step, in the only row.
    result = slice(hist, rewriter.getIndexAttr(0),
                   rewriter.createOrFold<arith::MinSIOp>(loc, steps, index(1)));
  } else {
    // Rotate the ring so that the oldest kept step comes first.
    Value kept = rewriter.createOrFold<arith::MinSIOp>(loc, steps, index(last));
    Value oldest = ringRow(
        rewriter.createOrFold<arith::SubIOp>(
            loc, rewriter.createOrFold<arith::AddIOp>(loc, steps, index(offset)),
            kept),
        rows);
    Value head = rewriter.createOrFold<arith::MinSIOp>(
        loc, kept, rewriter.createOrFold<arith::SubIOp>(loc, index(rows), oldest));
    Value tail = rewriter.createOrFold<arith::SubIOp>(loc, kept, head);
    result = tensor::EmptyOp::create(rewriter, loc, getRowsSizes(j, kept),
                                     histType.getElementType());
    result = tensor::InsertSliceOp::create(
        rewriter, loc, slice(hist, oldest, head), result,
        rowsAt(rewriter.getIndexAttr(0)), getRowsSizes(j, head), strides);
    result = tensor::InsertSliceOp::create(
        rewriter, loc, slice(hist, rewriter.getIndexAttr(0), tail), result,
        rowsAt(head), getRowsSizes(j, tail), strides);
  }
  Type type = op.getOutputs()[j].getType();
  if (result.getType() == type)
    return result;
  return tensor::CastOp::create(rewriter, loc, type, result);
}

void ScanLowering::lower() {
  computeStepCount();
  initializeRingBuffers();
  if (failed)
    numSteps = arith::SelectOp::create(rewriter, loc, failed, index(0),
                                       numSteps);
  computeOutputStepSizes();

  // Loop-carried state: the histories, the ring buffers, the shared values.
  SmallVector<Value> iter;
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j) {
    if (Value ring = initialHistories[j]) {
      iter.push_back(ring);
      continue;
    }
    // A full history has a row per step; one that keeps its last k steps
    // is a ring of k rows (fewer when the loop runs fewer steps).
    Value rows = numSteps;
    if (int64_t last = op.getLastStepsOf(j))
      rows = rewriter.createOrFold<arith::MinSIOp>(loc, numSteps, index(last));
    // An allocation of its own (not a tensor.empty, which CSE merges with
    // the other outputs' when their sizes match): one-shot bufferization
    // lets loop-carried tensors that start from one empty tensor share a
    // buffer, and one output's write then overwrote another's step.
    SmallVector<OpFoldResult> sizes = getRowsSizes(j, rows);
    SmallVector<int64_t> staticSizes;
    SmallVector<Value> dynamicSizes;
    dispatchIndexOpFoldResults(sizes, dynamicSizes, staticSizes);
    auto historyType = RankedTensorType::get(
        staticSizes, op.getOutputStepType(j).getElementType());
    iter.push_back(bufferization::AllocTensorOp::create(
        rewriter, loc, historyType, dynamicSizes));
  }
  llvm::append_range(iter, initialRings);
  // A shared value the body updates is updated in place (emitUpdates): the
  // loop starts from a copy, never from the caller's buffer, which is
  // read-only (a loop of one step, folded away, would write it).
  ValueRange updates =
      op.getYield().getValues().drop_front(op.getOutputs().size());
  for (auto [initial, argument, update] :
       llvm::zip(adaptor.getShared(), op.getSharedArgs(), updates)) {
    sharedUpdated.push_back(update != argument);
    if (!sharedUpdated.back()) {
      iter.push_back(initial);
      continue;
    }
    iter.push_back(bufferization::AllocTensorOp::create(
        rewriter, loc, cast<RankedTensorType>(initial.getType()), ValueRange(),
        initial));
  }

  if (op.getYield().getUntil())
    emitWhileLoop(iter);
  else
    emitForLoop(iter);
}

namespace {
struct ScanOpLowering : public OpConversionPattern<ScanOp> {
  ScanOpLowering(MLIRContext *context) : OpConversionPattern(context) {
    // Lowering a scan whose body holds a nested scan may clone that scan (to
    // learn the step shape of an output); the clone is lowered by this
    // pattern again. Nesting is finite, so the recursion is bounded.
    setHasBoundedRewriteRecursion();
  }
  LogicalResult
  matchAndRewrite(ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ScanLowering(op, adaptor, rewriter).lower();
    return success();
  }
};

struct ConvertScanToSCFPass
    : public scanjit::impl::ConvertScanToSCFPassBase<ConvertScanToSCFPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!module.walk([](ScanOp) { return WalkResult::interrupt(); })
             .wasInterrupted())
      return;

    ConversionTarget target(getContext());
    target.addIllegalDialect<ScanDialect>();
    // Run-time checks stay until a target lowers them.
    target.addLegalOp<CheckOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    populateScanToSCFConversionPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void scanjit::populateScanToSCFConversionPatterns(RewritePatternSet &patterns) {
  patterns.add<ScanOpLowering>(patterns.getContext());
}
