//===- LinalgToBLAS.cpp - Large contractions as CBLAS calls ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Replaces linalg contractions on f32/f64 buffers by calls to the runtime's
// BLAS glue when they are large enough to amortize a call; small ones stay
// linalg ops and become loops.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"

#include "scanjit/Runtime/RuntimeABI.h"
#include "scanjit/Transforms/MatmulOperands.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include <array>

namespace scanjit {
#define GEN_PASS_DEF_CONVERTLINALGTOBLASPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

/// Marks the copy of a contraction kept for sizes below the threshold, so
/// that the pattern leaves it alone.
static constexpr StringLiteral kKeepAsLoopsAttr = "scanjit.small_contraction";

/// The memref type the glue takes for `type`: same rank and element type,
/// every size, stride and the offset dynamic.
static MemRefType getGenericMemRefType(MemRefType type) {
  SmallVector<int64_t> shape(type.getRank(), ShapedType::kDynamic);
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(type.getContext(), ShapedType::kDynamic,
                                       strides);
  return MemRefType::get(shape, type.getElementType(), layout);
}

/// Declares `name` with `argTypes` and a C interface in `module` unless it
/// is declared already.
static void declareGlue(ModuleOp module, StringRef name, TypeRange argTypes) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto fn = func::FuncOp::create(builder, module.getLoc(), name,
                                 builder.getFunctionType(argTypes, {}));
  fn.setPrivate();
  fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
              builder.getUnitAttr());
}

/// The linalg.fill of +0 into `output` just before `op` (the op before it in
/// its block), which a call that overwrites its output makes redundant
/// (frontends zero an output before a contraction accumulates into it);
/// null when there is none.
static linalg::FillOp findZeroFillBefore(Operation *op, Value output) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
  if (!fill || !fill.hasPureBufferSemantics() ||
      fill.getDpsInits().front() != output ||
      !matchPattern(fill.getInputs().front(), m_PosZeroFloat()))
    return nullptr;
  return fill;
}

namespace {
/// Calls `scanjit_blas_<kind>_<type>` for a large enough `OpTy`, or
/// `scanjit_blas_<kind>_overwrite_<type>` when its output was just filled
/// with zeros (the fill goes).
template <typename OpTy>
struct ContractionToBLAS : public OpRewritePattern<OpTy> {
  ContractionToBLAS(MLIRContext *context, StringRef kind, int64_t minFlops)
      : OpRewritePattern<OpTy>(context), kind(kind), minFlops(minFlops) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics() || op->hasAttr(kKeepAsLoopsAttr))
      return failure();
    if constexpr (std::is_same_v<OpTy, linalg::MatmulOp>)
      if (!scanjit::getTransposedMatmulOperands(op))
        return failure();
    Type elementType =
        cast<MemRefType>(op.getDpsInits()[0].getType()).getElementType();
    if (!elementType.isF32() && !elementType.isF64())
      return failure();
    for (Value operand : op->getOperands()) {
      auto type = dyn_cast<MemRefType>(operand.getType());
      if (!type || type.getElementType() != elementType)
        return failure();
    }

    // The number of multiply-adds is the product of the loop sizes. Nothing
    // is created before the pattern knows it rewrites (the greedy driver
    // would never converge on ops made by a failing match).
    Location loc = op.getLoc();
    auto linalgOp = cast<linalg::LinalgOp>(op.getOperation());
    int64_t staticFlops = 1;
    bool dynamic = false;
    for (int64_t size : linalgOp.getStaticLoopRanges()) {
      if (ShapedType::isDynamic(size))
        dynamic = true;
      else
        staticFlops *= size;
    }
    if (!dynamic) {
      if (staticFlops < minFlops)
        return rewriter.notifyMatchFailure(op, "too small for BLAS");
      emitCallOverwritingZeros(op, elementType, rewriter);
      return success();
    }
    Value flops;
    staticFlops = 1;
    for (Range range : linalgOp.createLoopRanges(rewriter, loc)) {
      if (std::optional<int64_t> size = getConstantIntValue(range.size)) {
        staticFlops *= *size;
        continue;
      }
      Value size = getValueOrCreateConstantIndexOp(rewriter, loc, range.size);
      flops = flops ? arith::MulIOp::create(rewriter, loc, flops, size) : size;
    }
    if (!flops) {
      // Every size folded to a constant after all: decide now, and change
      // the op either way (the loop ranges made ops).
      if (staticFlops >= minFlops) {
        emitCallOverwritingZeros(op, elementType, rewriter);
      } else {
        rewriter.modifyOpInPlace(
            op, [&] { op->setAttr(kKeepAsLoopsAttr, rewriter.getUnitAttr()); });
      }
      return success();
    }

    // Sizes known at run time: decide there.
    flops = arith::MulIOp::create(
        rewriter, loc, flops,
        arith::ConstantIndexOp::create(rewriter, loc, staticFlops));
    Value large = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sge, flops,
        arith::ConstantIndexOp::create(rewriter, loc, minFlops));
    auto ifOp = scf::IfOp::create(rewriter, loc, large, /*withElseRegion=*/true);
    rewriter.setInsertionPointToStart(ifOp.thenBlock());
    emitCall(op, elementType, /*overwrite=*/false, rewriter);
    rewriter.setInsertionPointToStart(ifOp.elseBlock());
    Operation *small = rewriter.clone(*op);
    small->setAttr(kKeepAsLoopsAttr, rewriter.getUnitAttr());
    rewriter.eraseOp(op);
    return success();
  }

private:
  /// Replaces `op` by its call, one that overwrites the output when a fill
  /// of zeros precedes it (the fill goes too).
  void emitCallOverwritingZeros(OpTy op, Type elementType,
                                PatternRewriter &rewriter) const {
    linalg::FillOp fill;
    if (kind != "dot")
      fill = findZeroFillBefore(op, op.getDpsInits().front());
    emitCall(op, elementType, /*overwrite=*/static_cast<bool>(fill), rewriter);
    rewriter.eraseOp(op);
    if (fill)
      rewriter.eraseOp(fill);
  }

  void emitCall(OpTy op, Type elementType, bool overwrite,
                PatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    // A matmul operand that its map reads transposed goes to the glue as a
    // transposed view (BLAS reads it with CblasTrans).
    std::array<bool, 2> transposed = {false, false};
    if constexpr (std::is_same_v<OpTy, linalg::MatmulOp>)
      transposed = *scanjit::getTransposedMatmulOperands(op);
    SmallVector<Value> args;
    SmallVector<Type> argTypes;
    for (auto [index, value] : llvm::enumerate(op->getOperands())) {
      Value operand = value;
      if (index < 2 && transposed[index]) {
        AffineMap swap = AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0},
                                                      rewriter.getContext());
        operand = memref::TransposeOp::create(rewriter, loc, operand,
                                              AffineMapAttr::get(swap));
      }
      auto type = getGenericMemRefType(cast<MemRefType>(operand.getType()));
      args.push_back(memref::CastOp::create(rewriter, loc, type, operand));
      argTypes.push_back(type);
    }
    std::string name = (Twine(scanjit::runtime::kBlasFunctionPrefix) + kind +
                        (overwrite ? "_overwrite_" : "_") +
                        (elementType.isF32() ? "f32" : "f64"))
                           .str();
    declareGlue(op->template getParentOfType<ModuleOp>(), name, argTypes);
    func::CallOp::create(rewriter, loc, name, TypeRange(), args);
  }

  std::string kind;
  int64_t minFlops;
};

struct ConvertLinalgToBLASPass
    : public scanjit::impl::ConvertLinalgToBLASPassBase<
          ConvertLinalgToBLASPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    scanjit::populateLinalgToBLASPatterns(patterns, minFlops);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
    getOperation()->walk(
        [](Operation *op) { op->removeAttr(kKeepAsLoopsAttr); });
  }
};
} // namespace

void scanjit::populateLinalgToBLASPatterns(RewritePatternSet &patterns,
                                           int64_t minFlops) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ContractionToBLAS<linalg::MatmulOp>>(context, "matmul",
                                                    minFlops);
  patterns.add<ContractionToBLAS<linalg::MatvecOp>>(context, "matvec",
                                                    minFlops);
  patterns.add<ContractionToBLAS<linalg::VecmatOp>>(context, "vecmat",
                                                    minFlops);
  patterns.add<ContractionToBLAS<linalg::DotOp>>(context, "dot", minFlops);
}
