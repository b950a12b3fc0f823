//===- ScanCheckToRuntimeCall.cpp - scan.check on the CPU -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The CPU target's lowering of scan.check: `scf.if !cond` around a call of
// the runtime's error function. A check with a message passes the address
// and length of the message's bytes, a constant memref.global of the module.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Conversion/RuntimeCalls.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

namespace scanjit {
#define GEN_PASS_DEF_CONVERTSCANCHECKTORUNTIMECALLPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;
using namespace scanjit;
using namespace scanjit::scan;

namespace {

/// The type and value of the constant global holding `message`'s bytes.
std::pair<MemRefType, DenseElementsAttr> getMessageData(Builder &builder,
                                                        StringRef message) {
  auto type = MemRefType::get({static_cast<int64_t>(message.size())},
                              builder.getI8Type());
  auto bytes = RankedTensorType::get(type.getShape(), builder.getI8Type());
  SmallVector<int8_t> data(message.begin(), message.end());
  return {type, DenseElementsAttr::get(bytes, ArrayRef<int8_t>(data))};
}

/// The constant global of `module` holding `message`'s bytes, if declared.
memref::GlobalOp lookupMessageGlobal(ModuleOp module, StringRef message) {
  Builder builder(module.getContext());
  auto [type, value] = getMessageData(builder, message);
  for (auto global : module.getOps<memref::GlobalOp>())
    if (global.getConstant() && global.getType() == type &&
        global.getInitialValue() == value &&
        global.getSymName().starts_with("__scanjit_message"))
      return global;
  return {};
}

/// Declares a constant global for the message of every scan.check in
/// `module` that has one (one per distinct message), before the patterns
/// run: patterns do not add symbols to the module.
void declareMessageGlobals(ModuleOp module) {
  SymbolTable symbols(module);
  module.walk([&](CheckOp op) {
    std::optional<StringRef> message = op.getMessage();
    if (!message || lookupMessageGlobal(module, *message))
      return;
    OpBuilder builder(module.getContext());
    auto [type, value] = getMessageData(builder, *message);
    auto global = memref::GlobalOp::create(
        builder, module.getLoc(), "__scanjit_message",
        builder.getStringAttr("private"), type, value, /*constant=*/true,
        /*alignment=*/IntegerAttr());
    symbols.insert(global, module.getBody()->begin());
  });
}

/// The address, as i64, of the global holding `message`'s bytes.
Value getMessageAddress(OpBuilder &builder, Location loc,
                        memref::GlobalOp global) {
  Value memref = memref::GetGlobalOp::create(builder, loc, global.getType(),
                                             global.getSymName());
  Value address =
      memref::ExtractAlignedPointerAsIndexOp::create(builder, loc, memref);
  return arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                    address);
}

struct CheckOpLowering : public OpConversionPattern<CheckOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CheckOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value failed = rewriter.createOrFold<arith::XOrIOp>(
        loc, adaptor.getCondition(),
        arith::ConstantIntOp::create(rewriter, loc, 1, 1));
    SmallVector<Value> operands(adaptor.getArgs());
    if (std::optional<StringRef> message = op.getMessage()) {
      memref::GlobalOp global =
          lookupMessageGlobal(op->getParentOfType<ModuleOp>(), *message);
      if (!global)
        return rewriter.notifyMatchFailure(op, "its message is not declared");
      operands = {getMessageAddress(rewriter, loc, global),
                  arith::ConstantIntOp::create(
                      rewriter, loc, static_cast<int64_t>(message->size()), 64)};
    }
    emitRuntimeErrorIf(rewriter, loc, failed,
                       static_cast<runtime::ErrorCode>(op.getCode()), operands);
    rewriter.eraseOp(op);
    return success();
  }
};

struct ConvertScanCheckToRuntimeCallPass
    : public scanjit::impl::ConvertScanCheckToRuntimeCallPassBase<
          ConvertScanCheckToRuntimeCallPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!module.walk([](CheckOp) { return WalkResult::interrupt(); })
             .wasInterrupted())
      return;
    declareRuntimeErrorFunction(module);
    declareMessageGlobals(module);
    ConversionTarget target(getContext());
    target.addIllegalOp<CheckOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    populateScanCheckToRuntimeCallPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void scanjit::populateScanCheckToRuntimeCallPatterns(
    RewritePatternSet &patterns) {
  patterns.add<CheckOpLowering>(patterns.getContext());
}
