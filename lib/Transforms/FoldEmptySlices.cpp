//===- FoldEmptySlices.cpp - Slices of tensors with no elements -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Replaces slices of tensors with a statically zero dimension before
// bufferization turns them into subviews upstream's verifier rejects. See
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANFOLDEMPTYSLICESPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Whether `type` has a dimension of static size zero.
bool hasZeroDim(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && llvm::is_contained(tensor.getShape(), 0);
}

/// Whether `value`, or what a chain of tensor.cast made it from, has a
/// dimension of static size zero (the casts fold away after bufferization,
/// and the zero then reaches the subview).
bool hasNoElements(Value value) {
  while (true) {
    if (hasZeroDim(value.getType()))
      return true;
    auto cast = value.getDefiningOp<tensor::CastOp>();
    if (!cast)
      return false;
    value = cast.getSource();
  }
}

/// A slice of a tensor with no elements is a new empty tensor.
struct ExtractSliceOfEmpty : public OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ExtractSliceOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasNoElements(op.getSource()) && !hasZeroDim(op.getResultType()))
      return failure();
    llvm::SmallBitVector dropped = op.getDroppedDims();
    SmallVector<OpFoldResult> sizes;
    for (auto [d, size] : llvm::enumerate(op.getMixedSizes()))
      if (!dropped.test(d))
        sizes.push_back(size);
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(
        op, sizes, op.getResultType().getElementType());
    return success();
  }
};

/// Inserting into a tensor with no elements inserts nothing.
struct InsertSliceIntoEmpty : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasNoElements(op.getDest()))
      return failure();
    rewriter.replaceOp(op, op.getDest());
    return success();
  }
};

struct ScanFoldEmptySlicesPass
    : public scanjit::impl::ScanFoldEmptySlicesPassBase<
          ScanFoldEmptySlicesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExtractSliceOfEmpty, InsertSliceIntoEmpty>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
