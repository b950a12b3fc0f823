//===- ScanCanonicalization.cpp - Canonicalizations of scan.scan ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The canonicalization patterns of `scan.scan`: unused non-sequences and
// dead outputs go, casts fold into the scan's inputs, non-recurrent
// outputs take the static step sizes their bodies yield, and a sequence
// whose rows are all equal becomes that row.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"
#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace scanjit::scan;

namespace {
/// Removes non-sequences the body never reads, and merges a non-sequence
/// passed twice into one.
struct RemoveUnusedNonSequences : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    ScanKeepMask keep(op);
    llvm::SmallDenseMap<Value, BlockArgument> firstArgOf;
    for (auto [i, value, arg] : llvm::enumerate(op.getNonSequences(),
                                                op.getNonSequenceArgs())) {
      auto [it, inserted] = firstArgOf.try_emplace(value, arg);
      if (!inserted)
        rewriter.replaceAllUsesWith(arg, it->second);
      if (arg.use_empty())
        keep.nonSequences.reset(i);
    }
    if (keep.keepsEverything())
      return failure();
    rebuildScanWithout(rewriter, op, keep);
    return success();
  }
};

/// Removes outputs and shared values whose results are unused and whose past
/// values the body never reads: computing them has no observable effect.
struct RemoveDeadOutputs : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    ScanKeepMask keep(op);
    auto argsUnused = [](Block::BlockArgListType args) {
      return llvm::all_of(args, [](BlockArgument a) { return a.use_empty(); });
    };
    for (auto [i, result] : llvm::enumerate(op.getOutputs()))
      if (result.use_empty() && argsUnused(op.getOutputArgs(i)))
        keep.outputs.reset(i);
    for (auto [i, result] : llvm::enumerate(op.getFinalShared()))
      if (result.use_empty() && op.getSharedArgs()[i].use_empty())
        keep.shared.reset(i);
    if (keep.keepsEverything())
      return failure();
    rebuildScanWithout(rewriter, op, keep);
    return success();
  }
};

/// Gives `arg` the more static `type`, casting it back to its old type for
/// its uses, where canonicalization can fold the cast further.
void refineBlockArgument(PatternRewriter &rewriter, BlockArgument arg,
                         Type type) {
  Type oldType = arg.getType();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(arg.getOwner());
  rewriter.modifyOpInPlace(arg.getOwner()->getParentOp(),
                           [&] { arg.setType(type); });
  auto cast = tensor::CastOp::create(rewriter, arg.getLoc(), oldType, arg);
  rewriter.replaceAllUsesExcept(arg, cast, cast);
}

/// Folds a tensor.cast that only erases static sizes into the sequence or
/// non-sequence it feeds: the scan reads the more static value and its body
/// sees the static sizes (what the JIT's shape specialization relies on).
///
///   %s = tensor.cast %x : tensor<9x2xf64> to tensor<?x?xf64>
///   scan.scan sequences(%s : tensor<?x?xf64>) { ^bb0(%a: tensor<?xf64>) ...
/// becomes
///   %s = tensor.cast %x : tensor<9x2xf64> to tensor<?x2xf64>
///   scan.scan sequences(%s : tensor<?x2xf64>) { ^bb0(%a: tensor<2xf64>)
///     %c = tensor.cast %a : tensor<2xf64> to tensor<?xf64> ...
struct FoldCastsIntoScanInputs : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    auto foldableSource = [](Value value) -> Value {
      auto cast = value.getDefiningOp<tensor::CastOp>();
      if (!cast || !tensor::canFoldIntoConsumerOp(cast))
        return Value();
      return cast.getSource();
    };
    bool changed = false;
    for (auto [i, operand] : llvm::enumerate(op.getSequencesMutable())) {
      Value source = foldableSource(operand.get());
      if (!source)
        continue;
      // Only the step sizes become static: the length stays as it was, so
      // that a sequence too short for its taps or for n_steps remains a
      // run-time error rather than an op that no longer verifies.
      auto type = cast<RankedTensorType>(operand.get().getType());
      auto sourceType = cast<RankedTensorType>(source.getType());
      SmallVector<int64_t> shape(sourceType.getShape());
      shape[0] = type.getDimSize(0);
      auto refined = RankedTensorType::get(shape, type.getElementType(),
                                           type.getEncoding());
      if (refined == type)
        continue;
      if (refined != sourceType)
        source = tensor::CastOp::create(rewriter, op.getLoc(), refined, source);
      rewriter.modifyOpInPlace(op, [&] { operand.set(source); });
      RankedTensorType stepType = op.getSequenceStepType(i);
      for (BlockArgument arg : op.getSequenceArgs(i))
        refineBlockArgument(rewriter, arg, stepType);
      changed = true;
    }
    for (auto [operand, arg] :
         llvm::zip_equal(op.getNonSequencesMutable(), op.getNonSequenceArgs())) {
      Value source = foldableSource(operand.get());
      if (!source)
        continue;
      rewriter.modifyOpInPlace(op, [&] { operand.set(source); });
      refineBlockArgument(rewriter, arg, source.getType());
      changed = true;
    }
    return success(changed);
  }
};

/// Gives `result`, an output of `op`, the step type `stepType` (its length
/// unchanged) and casts it back to its old type for its uses.
void refineResult(PatternRewriter &rewriter, ScanOp op, OpResult result,
                  RankedTensorType stepType) {
  auto type = cast<RankedTensorType>(result.getType());
  SmallVector<int64_t> shape = {type.getDimSize(0)};
  llvm::append_range(shape, stepType.getShape());
  auto refined =
      RankedTensorType::get(shape, type.getElementType(), type.getEncoding());
  rewriter.modifyOpInPlace(op, [&] { result.setType(refined); });
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfter(op);
  auto restore = tensor::CastOp::create(rewriter, op.getLoc(), type, result);
  rewriter.replaceAllUsesExcept(result, restore, restore);
}

/// Gives a recurrent output the static step sizes its initial value has
/// (through a size-erasing cast) and its step type lacks: the JIT's shape
/// specialization makes the initial state static, and the body then sees a
/// static state at every step. What the body yields is checked against those
/// sizes at every step (StepShapeMismatch, as convert-scan-to-scf checks
/// dynamic steps) and zeros stand in for a step of another size, so nothing
/// is written out of bounds. Only refinements that make the step fully
/// static are made.
struct RefineRecurrentOutputs : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    bool changed = false;
    unsigned recurrentIndex = 0;
    for (auto [j, result] : llvm::enumerate(op.getOutputs())) {
      if (!op.isRecurrent(j))
        continue;
      OpOperand &initOperand =
          op.getInitialValuesMutable()[recurrentIndex++];
      auto castOp = initOperand.get().getDefiningOp<tensor::CastOp>();
      if (!castOp || !tensor::canFoldIntoConsumerOp(castOp))
        continue;
      RankedTensorType stepType = op.getOutputStepType(j);
      auto initType = cast<RankedTensorType>(initOperand.get().getType());
      auto sourceType = cast<RankedTensorType>(castOp.getSource().getType());
      if (stepType.hasStaticShape() || sourceType.getRank() < 1)
        continue;
      RankedTensorType refinedStep = dropLeadingDim(sourceType);
      if (!refinedStep.hasStaticShape() ||
          refinedStep.getElementType() != stepType.getElementType())
        continue;

      Location loc = op.getLoc();
      // The initial value: its rows as before, the static step.
      SmallVector<int64_t> initShape = {initType.getDimSize(0)};
      llvm::append_range(initShape, refinedStep.getShape());
      auto newInitType = RankedTensorType::get(
          initShape, initType.getElementType(), initType.getEncoding());
      Value newInit = castOp.getSource();
      if (newInit.getType() != newInitType) {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPoint(op);
        newInit = tensor::CastOp::create(rewriter, loc, newInitType, newInit);
      }
      rewriter.modifyOpInPlace(op, [&] { initOperand.set(newInit); });

      // The past values the body reads.
      for (BlockArgument arg : op.getOutputArgs(j))
        refineBlockArgument(rewriter, arg, refinedStep);

      // What the body yields, checked and made static.
      YieldOp yield = op.getYield();
      Value value = yield.getValues()[j];
      Value refinedValue;
      {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPoint(yield);
        auto valueType = cast<RankedTensorType>(value.getType());
        Value fits;
        for (int64_t d = 0; d < refinedStep.getRank(); ++d) {
          if (!valueType.isDynamicDim(d))
            continue;
          Value size = tensor::DimOp::create(rewriter, loc, value, d);
          Value expected =
              arith::ConstantIndexOp::create(rewriter, loc, refinedStep.getDimSize(d));
          Value same = arith::CmpIOp::create(
              rewriter, loc, arith::CmpIPredicate::eq, size, expected);
          auto toI64 = [&](Value index) -> Value {
            return arith::IndexCastOp::create(rewriter, loc,
                                              rewriter.getI64Type(), index);
          };
          Value where = arith::ConstantIntOp::create(
              rewriter, loc, static_cast<int64_t>(j) + (d << 32), 64);
          CheckOp::create(
              rewriter, loc, same,
              static_cast<int32_t>(scanjit::runtime::ErrorCode::StepShapeMismatch),
                          ValueRange{where, toI64(size), toI64(expected)},
                          StringAttr());
          fits = fits ? arith::AndIOp::create(rewriter, loc, fits, same)
                      : same;
        }
        if (!fits) {
          refinedValue =
              tensor::CastOp::create(rewriter, loc, refinedStep, value);
        } else {
          // Cast only on the branch where the sizes fit.
          auto ifOp = scf::IfOp::create(rewriter, loc, TypeRange{refinedStep},
                                        fits, /*withElseRegion=*/true);
          rewriter.setInsertionPointToStart(ifOp.thenBlock());
          scf::YieldOp::create(
              rewriter, loc,
              ValueRange{tensor::CastOp::create(rewriter, loc, refinedStep,
                                                value)});
          rewriter.setInsertionPointToStart(ifOp.elseBlock());
          Value zeros = arith::ConstantOp::create(
              rewriter, loc,
              DenseElementsAttr::get(
                  refinedStep,
                  rewriter.getZeroAttr(refinedStep.getElementType())));
          scf::YieldOp::create(rewriter, loc, ValueRange{zeros});
          refinedValue = ifOp.getResult(0);
        }
      }
      rewriter.modifyOpInPlace(yield, [&] {
        yield.getValuesMutable()[j].set(refinedValue);
      });

      refineResult(rewriter, op, cast<OpResult>(result), refinedStep);
      changed = true;
    }
    return success(changed);
  }
};

/// Gives a non-recurrent output the static step sizes its body yields: when
/// the body casts what it yields to a less static step type, the output
/// takes the more static type and a cast after the scan restores the old
/// one. The output's step shape is then known even when the scan runs zero
/// steps.
///
///   %r = scan.scan ... outputs(none -> tensor<?x?xf64>) {
///     %c = tensor.cast %y : tensor<2xf64> to tensor<?xf64>
///     scan.yield %c : tensor<?xf64>
/// becomes
///   %s = scan.scan ... outputs(none -> tensor<?x2xf64>) {
///     scan.yield %y : tensor<2xf64>
///   %r = tensor.cast %s : tensor<?x2xf64> to tensor<?x?xf64>
struct RefineNonRecurrentOutputs : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    YieldOp yield = op.getYield();
    bool changed = false;
    for (auto [j, result] : llvm::enumerate(op.getOutputs())) {
      if (op.isRecurrent(j))
        continue;
      auto castOp = yield.getValues()[j].getDefiningOp<tensor::CastOp>();
      if (!castOp || !tensor::canFoldIntoConsumerOp(castOp))
        continue;
      rewriter.modifyOpInPlace(yield, [&] {
        yield.getValuesMutable()[j].set(castOp.getSource());
      });
      refineResult(rewriter, op, cast<OpResult>(result),
                   cast<RankedTensorType>(castOp.getSource().getType()));
      changed = true;
    }
    return success(changed);
  }
};
/// The row every row of `sequence` equals, built before `op`, when its rows
/// are all equal: `sequence` is (a unit-stride slice of the rows of) a
/// linalg.fill, or an all-parallel linalg.generic whose inputs do not vary
/// along the leading loop and whose payload reads no index nor its output.
/// Null otherwise.
Value buildEqualRow(PatternRewriter &rewriter, Value sequence) {
  Value value = sequence;
  while (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    // Rows only: full extent and unit stride on every other dimension.
    auto sourceType = slice.getSourceType();
    if (slice.getResultType().getRank() != sourceType.getRank() ||
        !slice.hasUnitStride())
      return Value();
    for (int64_t dim = 1; dim < sourceType.getRank(); ++dim) {
      std::optional<int64_t> offset =
          getConstantIntValue(slice.getMixedOffsets()[dim]);
      if (!offset || *offset != 0 || sourceType.isDynamicDim(dim) ||
          getConstantIntValue(slice.getMixedSizes()[dim]) !=
              sourceType.getDimSize(dim))
        return Value();
    }
    value = slice.getSource();
  }
  auto type = cast<RankedTensorType>(value.getType());
  auto rowType = dropLeadingDim(type);
  if (!rowType.hasStaticShape())
    return Value();
  Location loc = value.getLoc();
  if (auto fill = value.getDefiningOp<linalg::FillOp>()) {
    Value empty = tensor::EmptyOp::create(rewriter, loc, rowType.getShape(),
                                          rowType.getElementType());
    return linalg::FillOp::create(rewriter, loc, fill.getInputs().front(),
                                  empty)
        .getResult(0);
  }
  auto generic = value.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInits() != 1 ||
      generic.getNumResults() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      generic.getNumLoops() != static_cast<unsigned>(type.getRank()) ||
      !generic.getIndexingMapsArray().back().isIdentity() ||
      generic.hasIndexSemantics() ||
      !generic.getRegion().front().getArguments().back().use_empty())
    return Value();
  llvm::SmallBitVector leading(generic.getNumLoops());
  leading.set(0);
  SmallVector<AffineMap> maps;
  for (AffineMap map : generic.getIndexingMapsArray()) {
    if (map != generic.getIndexingMapsArray().back() &&
        map.isFunctionOfDim(0))
      return Value();
    maps.push_back(compressDims(map, leading));
  }
  // The output's map used loop 0: its row map is the identity of one less.
  maps.back() = rewriter.getMultiDimIdentityMap(rowType.getRank());
  Value empty = tensor::EmptyOp::create(rewriter, loc, rowType.getShape(),
                                        rowType.getElementType());
  SmallVector<utils::IteratorType> iterators(rowType.getRank(),
                                             utils::IteratorType::parallel);
  auto row = linalg::GenericOp::create(rewriter, loc, TypeRange{rowType},
                                       generic.getDpsInputs(),
                                       ValueRange{empty}, maps, iterators);
  rewriter.cloneRegionBefore(generic.getRegion(), row.getRegion(),
                             row.getRegion().end());
  return row.getResult(0);
}

/// Replaces a sequence whose rows are all equal by that row, read by the
/// body from above: the backward scans of gradients read the adjoint of a
/// sum, all ones, this way. Only when `n_steps` is given and the sequence
/// provably provides that many steps, so the step count and its check
/// stay the same.
struct FoldEqualRowSequences : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    Value steps = op.getNSteps();
    if (!steps || !steps.getType().isIndex())
      return failure();
    ScanKeepMask keep(op);
    rewriter.setInsertionPoint(op);
    for (auto [i, sequence] : llvm::enumerate(op.getSequences())) {
      if (llvm::all_of(op.getSequenceArgs(i),
                       [](BlockArgument arg) { return arg.use_empty(); }))
        continue;
      FailureOr<int64_t> shortfall =
          ValueBoundsConstraintSet::computeConstantDelta(steps, sequence,
                                                         std::nullopt, 0);
      if (failed(shortfall) ||
          *shortfall + op.getSequenceSpanOf(i).extent() > 0)
        continue;
      Value row = buildEqualRow(rewriter, sequence);
      if (!row)
        continue;
      for (BlockArgument arg : op.getSequenceArgs(i)) {
        Value use = row;
        if (use.getType() != arg.getType())
          use = tensor::CastOp::create(rewriter, op.getLoc(), arg.getType(),
                                       row);
        rewriter.replaceAllUsesWith(arg, use);
      }
      keep.sequences.reset(i);
    }
    if (keep.keepsEverything())
      return failure();
    rebuildScanWithout(rewriter, op, keep);
    return success();
  }
};

} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<FoldCastsIntoScanInputs, FoldEqualRowSequences,
              RefineNonRecurrentOutputs, RefineRecurrentOutputs,
              RemoveUnusedNonSequences, RemoveDeadOutputs>(context);
}

//===----------------------------------------------------------------------===//
// CheckOp
//===----------------------------------------------------------------------===//

namespace {
/// Removes a check whose condition is the constant true: it never fails.
struct RemoveCheckThatHolds : public OpRewritePattern<CheckOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CheckOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchPattern(op.getCondition(), m_One()))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void CheckOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<RemoveCheckThatHolds>(context);
}
