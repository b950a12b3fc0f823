//===- FoldCastsIntoElementwise.cpp - Static sizes through elementwise ops ===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-fold-casts-into-elementwise: an elementwise op on tensors whose
// operands all erase the same static shape computes on that shape instead.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANFOLDCASTSINTOELEMENTWISEPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// `op(cast(x : S -> D), cast(y : S -> D)) : D` -> `cast(op(x, y) : S -> D)`
/// for an elementwise op on ranked tensors and a static shape S.
struct FoldCastsIntoElementwiseOp : public RewritePattern {
  FoldCastsIntoElementwiseOp(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!op->hasTrait<OpTrait::Elementwise>() || op->getNumRegions() != 0 ||
        op->getNumResults() == 0 || op->getNumOperands() == 0)
      return failure();
    std::optional<ArrayRef<int64_t>> shape;
    SmallVector<Value> sources;
    for (Value operand : op->getOperands()) {
      auto cast = operand.getDefiningOp<tensor::CastOp>();
      if (!cast || !tensor::canFoldIntoConsumerOp(cast))
        return failure();
      auto sourceType = cast.getSource().getType();
      if (!sourceType.hasStaticShape() ||
          (shape && *shape != sourceType.getShape()))
        return failure();
      shape = sourceType.getShape();
      sources.push_back(cast.getSource());
    }
    SmallVector<Type> staticTypes;
    for (Type type : op->getResultTypes()) {
      auto tensorType = dyn_cast<RankedTensorType>(type);
      if (!tensorType)
        return failure();
      staticTypes.push_back(RankedTensorType::get(
          *shape, tensorType.getElementType(), tensorType.getEncoding()));
    }
    OperationState state(op->getLoc(), op->getName(), sources, staticTypes,
                         op->getAttrs());
    Operation *staticOp = rewriter.create(state);
    SmallVector<Value> results;
    for (auto [result, type] :
         llvm::zip_equal(staticOp->getResults(), op->getResultTypes()))
      results.push_back(
          tensor::CastOp::create(rewriter, op->getLoc(), type, result));
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ScanFoldCastsIntoElementwisePass
    : public scanjit::impl::ScanFoldCastsIntoElementwisePassBase<
          ScanFoldCastsIntoElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<FoldCastsIntoElementwiseOp>(context);
    // With the canonicalizations, to a fixpoint: a run-time size check that
    // static sizes resolve (an scf.if on a constant) goes, and the ops after
    // it see the static sizes in turn.
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName name : context->getRegisteredOperations())
      name.getCanonicalizationPatterns(patterns, context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
