//===- Differentiate.cpp - Reverse mode as a transformation of IR ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-differentiate: replaces each scan.grad with its backward program. The
// engine (differentiateBlock) finds the active ops of a block, those that
// depend on a value differentiated with respect to and that the seeds depend
// on, and calls their AdjointOpInterface rules in reverse order.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/Differentiate.h"
#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANDIFFERENTIATEPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

bool scanjit::scan::isDifferentiableType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return isa<FloatType>(shaped.getElementType());
  return isa<FloatType>(type);
}

bool AdjointState::needsAdjoint(Value value) const {
  return varied.contains(value) && useful.contains(value) &&
         isDifferentiableType(value.getType());
}

void AdjointState::addAdjoint(OpBuilder &builder, Location loc, Value value,
                              Value adjoint) {
  if (!adjoint || !needsAdjoint(value))
    return;
  if (adjoint.getType() != value.getType())
    adjoint = tensor::CastOp::create(builder, loc, value.getType(), adjoint);
  Value &slot = adjoints[value];
  slot = slot ? arith::AddFOp::create(builder, loc, slot, adjoint).getResult()
              : adjoint;
}

LogicalResult scanjit::scan::differentiateBlock(
    OpBuilder &builder, Block &block, ValueRange seeds, ValueRange seedAdjoints,
    ValueRange wrt, SmallVectorImpl<Value> &wrtAdjoints) {
  assert(builder.getInsertionBlock() == &block &&
         "the backward program is built in the block it differentiates");
  assert(seeds.size() == seedAdjoints.size() && "one adjoint per seed");
  SmallVector<Operation *> ops;
  for (Operation &op :
       llvm::make_range(block.begin(), builder.getInsertionPoint()))
    ops.push_back(&op);

  AdjointState state;
  // Forward: what depends on a value differentiated with respect to.
  state.varied.insert(wrt.begin(), wrt.end());
  for (Operation *op : ops) {
    bool varied = llvm::any_of(op->getOperands(), [&](Value operand) {
      return state.varied.contains(operand);
    });
    if (!varied)
      varied = llvm::any_of(getValuesCapturedBy(op), [&](Value captured) {
        return state.varied.contains(captured);
      });
    if (varied)
      state.varied.insert(op->result_begin(), op->result_end());
  }
  // Backward: what the seeds depend on.
  for (auto [seed, adjoint] : llvm::zip_equal(seeds, seedAdjoints))
    if (adjoint)
      state.useful.insert(seed);
  for (Operation *op : llvm::reverse(ops)) {
    if (llvm::none_of(op->getResults(), [&](Value result) {
          return state.useful.contains(result);
        }))
      continue;
    state.useful.insert(op->operand_begin(), op->operand_end());
    for (Value captured : getValuesCapturedBy(op))
      state.useful.insert(captured);
  }

  for (auto [seed, adjoint] : llvm::zip_equal(seeds, seedAdjoints))
    state.addAdjoint(builder, seed.getLoc(), seed, adjoint);

  // The sweep, last op first.
  for (Operation *op : llvm::reverse(ops)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value result) { return state.getAdjoint(result); }))
      continue;
    bool feedsAdjoints = llvm::any_of(op->getOperands(), [&](Value operand) {
      return state.needsAdjoint(operand);
    });
    if (!feedsAdjoints)
      feedsAdjoints =
          llvm::any_of(getValuesCapturedBy(op), [&](Value captured) {
            return state.needsAdjoint(captured);
          });
    if (!feedsAdjoints)
      continue;
    auto rule = dyn_cast<AdjointOpInterface>(op);
    if (!rule)
      return op->emitOpError()
             << "cannot be differentiated: it has no reverse-mode rule";
    if (failed(rule.buildAdjoint(builder, state)))
      return failure();
  }

  wrtAdjoints.clear();
  for (Value value : wrt)
    wrtAdjoints.push_back(state.getAdjoint(value));
  return success();
}

/// `element` (a scalar attribute of `like`'s element type) in the type and
/// run-time shape of `like`.
static Value buildFilledLike(OpBuilder &builder, Location loc, Value like,
                             TypedAttr element) {
  auto tensorType = dyn_cast<RankedTensorType>(like.getType());
  if (!tensorType)
    return arith::ConstantOp::create(builder, loc, element);
  if (tensorType.hasStaticShape())
    return arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(tensorType, element));
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < tensorType.getRank(); ++dim)
    if (tensorType.isDynamicDim(dim))
      sizes.push_back(tensor::DimOp::create(builder, loc, like, dim));
  Value empty = tensor::EmptyOp::create(builder, loc, tensorType, sizes);
  Value scalar = arith::ConstantOp::create(builder, loc, element);
  return linalg::FillOp::create(builder, loc, scalar, empty).getResult(0);
}

Value scanjit::scan::buildSplatLike(OpBuilder &builder, Location loc,
                                    Value like, double value) {
  return buildFilledLike(
      builder, loc, like,
      builder.getFloatAttr(getElementTypeOrSelf(like), value));
}

Value scanjit::scan::buildZerosLike(OpBuilder &builder, Location loc,
                                    Value like) {
  return buildSplatLike(builder, loc, like, 0.0);
}

Value scanjit::scan::orZerosLike(OpBuilder &builder, Location loc,
                                 Value adjoint, Value like) {
  return adjoint ? adjoint : buildZerosLike(builder, loc, like);
}

void scanjit::scan::registerAdjointExternalModels(DialectRegistry &registry) {
  registerArithAdjointModels(registry);
  registerMathAdjointModels(registry);
  registerLinalgAdjointModels(registry);
  registerTensorAdjointModels(registry);
  registerSCFAdjointModels(registry);
  registerScanAdjointModels(registry);
}

namespace {

struct ScanDifferentiatePass
    : public scanjit::scan::impl::ScanDifferentiatePassBase<
          ScanDifferentiatePass> {
  void runOnOperation() override {
    // Innermost first: a request inside a scan body is expanded before the
    // scan is differentiated, and requests in one block in program order,
    // so a gradient of a gradient sees the first one's backward program.
    SmallVector<GradOp> requests;
    getOperation()->walk<WalkOrder::PostOrder>(
        [&](GradOp request) { requests.push_back(request); });
    for (GradOp request : requests) {
      OpBuilder builder(request);
      Location loc = request.getLoc();
      Value one = buildSplatLike(builder, loc, request.getCost(), 1.0);
      SmallVector<Value> adjoints;
      if (failed(differentiateBlock(builder, *request->getBlock(),
                                    request.getCost(), one, request.getWrt(),
                                    adjoints)))
        return signalPassFailure();
      for (auto [result, adjoint, wrt] :
           llvm::zip_equal(request.getGradients(), adjoints, request.getWrt()))
        result.replaceAllUsesWith(
            isDifferentiableType(wrt.getType())
                ? orZerosLike(builder, loc, adjoint, wrt)
                : buildFilledLike(
                      builder, loc, wrt,
                      builder.getZeroAttr(getElementTypeOrSelf(wrt))));
      request.erase();
    }
    getOperation()->walk([](StopGradientOp stop) {
      stop.getResult().replaceAllUsesWith(stop.getInput());
      stop.erase();
    });
    // The adjoint generics read every input of the forward generic they
    // differentiate; drop those their payload does not use, so that what
    // computed them (a recomputed forward value) can go dead.
    // Only these patterns: no folding, no region simplification (what the
    // pipeline's canonicalizations do, it does later, in their order).
    if (requests.empty())
      return;
    SmallVector<Operation *> generics;
    getOperation()->walk(
        [&](linalg::GenericOp generic) { generics.push_back(generic); });
    RewritePatternSet patterns(&getContext());
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    (void)applyOpPatternsGreedily(generics, std::move(patterns), config);
  }
};

} // namespace
