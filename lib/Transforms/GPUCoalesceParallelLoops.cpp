//===- GPUCoalesceParallelLoops.cpp - Contiguous dimension first ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGPUCOALESCEPARALLELLOOPSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// `parallel` with its dimensions in reverse order.
void reverseDimensions(RewriterBase &rewriter, scf::ParallelOp parallel) {
  auto reversed = [](ValueRange values) {
    return SmallVector<Value>(llvm::reverse(values));
  };
  rewriter.setInsertionPoint(parallel);
  auto replacement = scf::ParallelOp::create(
      rewriter, parallel.getLoc(), reversed(parallel.getLowerBound()),
      reversed(parallel.getUpperBound()), reversed(parallel.getStep()),
      parallel.getInitVals());
  IRMapping mapping;
  mapping.map(parallel.getInductionVars(),
              reversed(replacement.getInductionVars()));
  Block *body = replacement.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.setInsertionPointToEnd(body);
  for (Operation &op : *parallel.getBody())
    rewriter.clone(op, mapping);
  rewriter.replaceOp(parallel, replacement.getResults());
}

struct ScanGPUCoalesceParallelLoopsPass
    : public scanjit::impl::ScanGPUCoalesceParallelLoopsPassBase<
          ScanGPUCoalesceParallelLoopsPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation()->walk([&](scf::ParallelOp parallel) {
      if (parallel.getNumLoops() > 1 &&
          !parallel->getParentOfType<scf::ParallelOp>() &&
          !parallel->getParentOfType<gpu::LaunchOp>() &&
          parallel.getInitVals().empty())
        loops.push_back(parallel);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp parallel : loops)
      reverseDimensions(rewriter, parallel);
  }
};

} // namespace
