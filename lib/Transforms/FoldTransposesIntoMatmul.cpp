//===- FoldTransposesIntoMatmul.cpp - Transposed matmul operands in place -===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Replaces a linalg.transpose feeding a linalg.matmul operand by the
// matmul's indexing map. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "scanjit/Transforms/MatmulOperands.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANFOLDTRANSPOSESINTOMATMULPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Folds the transpose of one operand of a matmul whose maps are plain or
/// transposed operand reads (no broadcast) into that operand's map.
struct FoldTransposeIntoMatmul : public OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    if (!matmul.hasPureTensorSemantics())
      return failure();
    std::optional<std::array<bool, 2>> transposed =
        scanjit::getTransposedMatmulOperands(matmul);
    if (!transposed)
      return failure();
    for (int operand = 0; operand < 2; ++operand) {
      auto transpose =
          matmul.getDpsInputs()[operand].getDefiningOp<linalg::TransposeOp>();
      if (!transpose || !transpose.hasPureTensorSemantics() ||
          transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
        continue;
      (*transposed)[operand] = !(*transposed)[operand];
      SmallVector<AffineMap> maps =
          scanjit::getMatmulMaps(matmul.getContext(), *transposed);
      rewriter.modifyOpInPlace(matmul, [&] {
        matmul->setOperand(operand, transpose.getInput());
        matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      });
      if (transpose->use_empty())
        rewriter.eraseOp(transpose);
      return success();
    }
    return failure();
  }
};

struct ScanFoldTransposesIntoMatmulPass
    : public scanjit::impl::ScanFoldTransposesIntoMatmulPassBase<
          ScanFoldTransposesIntoMatmulPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldTransposeIntoMatmul>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
