//===- FuseElementwise.cpp - Elementwise fusion in bounded payloads -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-fuse-elementwise: upstream's elementwise fusion of linalg.generic ops,
// stopping where a fused payload would exceed a size. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANFUSEELEMENTWISEPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// The number of operations in the payload of `op` (0 when it is not a
/// linalg op), counted up to `limit` + 1 at most: the payload is a list
/// whose size is a walk, and a fused chain's can be long.
unsigned payloadSize(Operation *op, unsigned limit) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.getBlock())
    return 0;
  unsigned size = 0;
  for ([[maybe_unused]] Operation &payloadOp : *linalgOp.getBlock())
    if (++size > limit)
      break;
  return size;
}

struct ScanFuseElementwisePass
    : public scanjit::impl::ScanFuseElementwisePassBase<
          ScanFuseElementwisePass> {
  using ScanFuseElementwisePassBase::ScanFuseElementwisePassBase;

  void runOnOperation() override {
    Operation *op = getOperation();
    MLIRContext *context = op->getContext();
    RewritePatternSet patterns(context);

    // Upstream's condition (linalg-fuse-elementwise-ops).
    linalg::ControlFusionFn singleUse = [](OpOperand *fusedOperand) {
      Operation *producer = fusedOperand->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // And the bound: the fused payload holds the two payloads (less one of
    // the yields, at most).
    unsigned limit = maxPayloadOps;
    linalg::ControlFusionFn bounded = [singleUse,
                                       limit](OpOperand *fusedOperand) {
      if (!singleUse(fusedOperand))
        return false;
      unsigned producer =
          payloadSize(fusedOperand->get().getDefiningOp(), limit);
      unsigned consumer = payloadSize(fusedOperand->getOwner(), limit);
      return producer + consumer <= limit + 1;
    };

    // The pattern set of upstream's linalg-fuse-elementwise-ops, with the
    // bound on elementwise fusion.
    linalg::populateElementwiseOpsFusionPatterns(patterns, bounded);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, singleUse);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, singleUse);

    // Top-down, as upstream's pass, for compile time.
    (void)applyPatternsGreedily(op, std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace
