//===- MemRefCopyToLinalg.cpp - memref.copy as linalg.copy ----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"

namespace scanjit {
#define GEN_PASS_DEF_CONVERTMEMREFCOPYTOLINALGPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {
struct MemRefCopyLowering : public OpConversionPattern<memref::CopyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(memref::CopyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, adaptor.getSource(),
                                                adaptor.getTarget());
    return success();
  }
};

struct ConvertMemRefCopyToLinalgPass
    : public scanjit::impl::ConvertMemRefCopyToLinalgPassBase<
          ConvertMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addIllegalOp<memref::CopyOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    scanjit::populateMemRefCopyToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void scanjit::populateMemRefCopyToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MemRefCopyLowering>(patterns.getContext());
}
