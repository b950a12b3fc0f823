//===- MathToPolynomial.cpp - Vectorizable math functions -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Upstream's polynomial approximation of f32 tanh (Eigen's rational
// approximation, clamped to [-8, 8]), as a pass: libm's tanhf is a call
// the loop vectorizer cannot widen, the polynomial is plain arithmetic.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/MathToPolynomial.h"
#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANMATHTOPOLYNOMIALPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {
struct ScanMathToPolynomialPass
    : public scanjit::impl::ScanMathToPolynomialPassBase<
          ScanMathToPolynomialPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    scanjit::populateMathToPolynomialPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void scanjit::populateMathToPolynomialPatterns(RewritePatternSet &patterns) {
  populatePolynomialApproximateTanhPattern(patterns);
}
