//===- PushOutAccumulations.cpp - Sums of outer products after the loop ---===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-push-out-accumulations: PyTensor's scan_pushout_dot1. A recurrent
// output that only accumulates a per-step product, and whose consumers read
// only its last step,
//
//   acc_t = acc_{t-1} + p_t^T q_t     (outer products of vectors, or
//                                      transpose(P_t) Q_t of matrices)
//
// is replaced by two stacked outputs P = [p_t] and Q = [q_t] and one matrix
// product after the loop, acc = acc_{-1} + P^T Q (a stack of matrices
// [T, K, M] is the [T * K, M] rows of that product): one large contraction
// (BLAS) instead of an update of the whole matrix at every step. The
// reverse scans of BPTT are made of these (dW = sum_t delta_t h_{t-1}^T, or
// sum_t H_{t-1}^T Delta_t for a batch).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Dialect/Scan/Transforms/SaveMemory.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANPUSHOUTACCUMULATIONSPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

namespace {

/// The factors p, q of `value` when it is p^T q: the outer product
/// `value[i, j] = p[i] * q[j]` of two vectors (a linalg.generic), or the
/// product `transpose(p) q` of two matrices with as many rows (a
/// linalg.matmul into zeros).
std::optional<std::pair<Value, Value>> matchTransposedProduct(Value value) {
  if (auto matmul = value.getDefiningOp<linalg::MatmulOp>()) {
    if (matmul.hasUserDefinedMaps() ||
        !isZeroFill(matmul.getDpsInits().front()))
      return std::nullopt;
    auto transpose =
        matmul.getDpsInputs()[0].getDefiningOp<linalg::TransposeOp>();
    if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
      return std::nullopt;
    return std::make_pair(transpose.getInput(), matmul.getDpsInputs()[1]);
  }
  auto generic = value.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1 || generic.getNumLoops() != 2 ||
      generic.getNumParallelLoops() != 2)
    return std::nullopt;
  MLIRContext *ctx = generic.getContext();
  AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(2, 0, {i}, ctx) ||
      maps[1] != AffineMap::get(2, 0, {j}, ctx) || !maps[2].isIdentity())
    return std::nullopt;
  Block &payload = generic.getRegion().front();
  if (payload.getOperations().size() != 2)
    return std::nullopt;
  auto mul = dyn_cast<arith::MulFOp>(payload.front());
  auto yield = cast<linalg::YieldOp>(payload.getTerminator());
  if (!mul || yield.getValues().front() != mul.getResult())
    return std::nullopt;
  Value lhs = payload.getArgument(0), rhs = payload.getArgument(1);
  bool inOrder = mul.getLhs() == lhs && mul.getRhs() == rhs;
  bool swapped = mul.getLhs() == rhs && mul.getRhs() == lhs;
  if (!inOrder && !swapped)
    return std::nullopt;
  return std::make_pair(generic.getDpsInputs()[0], generic.getDpsInputs()[1]);
}

/// An accumulation to push out: output `output` of a scan yields
/// `acc + p q^T`, and only its last step is read.
struct Accumulation {
  unsigned output;
  Value p, q;
  Operation *sum;
};

/// Output `j` of `op` when it is a pushable accumulation (see the file
/// comment).
std::optional<Accumulation> matchAccumulation(ScanOp op, unsigned j) {
  if (op.getOutputTapsOf(j) != ArrayRef<int64_t>{-1})
    return std::nullopt;
  // Only the last step is read: marked so by scan-save-mem, or (a result of
  // static length, which scan-save-mem leaves alone) read so.
  auto resultType = cast<RankedTensorType>(op.getOutputs()[j].getType());
  bool lastOnly = op.getLastStepsOf(j) == 1;
  if (!lastOnly && op.getLastStepsOf(j) == 0 && !resultType.isDynamicDim(0))
    lastOnly = resultType.getDimSize(0) >= 1 &&
               getLastStepsRead(op.getOutputs()[j]) == 1;
  if (!lastOnly)
    return std::nullopt;
  Value acc = op.getOutputArgs(j).front();
  if (!acc.hasOneUse())
    return std::nullopt;
  auto sum = dyn_cast<arith::AddFOp>(*acc.getUsers().begin());
  if (!sum || !sum->hasOneUse() ||
      op.getYield().getValues()[j] != sum.getResult() ||
      sum->getBlock() != op.getBodyBlock())
    return std::nullopt;
  Value term = sum.getLhs() == acc ? sum.getRhs() : sum.getLhs();
  if (term == acc)
    return std::nullopt;
  auto factors = matchTransposedProduct(term);
  if (!factors)
    return std::nullopt;
  auto rank = [](Value v) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    return type ? type.getRank() : -1;
  };
  int64_t factorRank = rank(factors->first);
  if ((factorRank != 1 && factorRank != 2) ||
      rank(factors->second) != factorRank)
    return std::nullopt;
  // Matrix factors are stacked and then reshaped to rows: static sizes.
  if (factorRank == 2 &&
      (!cast<RankedTensorType>(factors->first.getType()).hasStaticShape() ||
       !cast<RankedTensorType>(factors->second.getType()).hasStaticShape()))
    return std::nullopt;
  return Accumulation{j, factors->first, factors->second, sum};
}

/// `factor` stacked over the steps: `[?, shape...]`.
RankedTensorType getStackedType(Value factor) {
  auto type = cast<RankedTensorType>(factor.getType());
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

/// The stack of matrix factors `[T, K, M]` as the `[T * K, M]` rows of
/// one product; a stack of vectors `[T, M]` is that already. A
/// tensor.reshape, not a collapse_shape: linalg's reshape propagation would
/// push a collapse through the product and turn it into a generic
/// contraction that no longer goes to BLAS.
Value collapseSteps(OpBuilder &builder, Location loc, Value stacked) {
  auto type = cast<RankedTensorType>(stacked.getType());
  if (type.getRank() == 2)
    return stacked;
  Value steps = tensor::DimOp::create(builder, loc, stacked, 0);
  Value rows = arith::MulIOp::create(
      builder, loc, steps,
      arith::ConstantIndexOp::create(builder, loc, type.getDimSize(1)));
  Value columns =
      arith::ConstantIndexOp::create(builder, loc, type.getDimSize(2));
  Value shape =
      tensor::FromElementsOp::create(builder, loc, ValueRange{rows, columns});
  auto rowsType = RankedTensorType::get(
      {ShapedType::kDynamic, type.getDimSize(2)}, type.getElementType());
  return tensor::ReshapeOp::create(builder, loc, rowsType, stacked, shape);
}

/// Pushes the accumulations of `op` out of its loop; returns whether it
/// changed anything.
bool pushOutAccumulations(IRRewriter &rewriter, ScanOp op) {
  SmallVector<Accumulation> found;
  for (unsigned j = 0, e = op.getOutputs().size(); j < e; ++j)
    if (auto accumulation = matchAccumulation(op, j))
      found.push_back(*accumulation);
  if (found.empty())
    return false;

  // The stacked factors replace the accumulators.
  ScanKeepMask keep(op);
  SmallVector<Value> extraYields;
  SmallVector<Type> extraTypes;
  for (const Accumulation &accumulation : found) {
    keep.outputs.reset(accumulation.output);
    for (Value factor : {accumulation.p, accumulation.q}) {
      extraYields.push_back(factor);
      extraTypes.push_back(getStackedType(factor));
    }
  }
  SmallVector<Value> initials;
  for (const Accumulation &accumulation : found)
    initials.push_back(op.getInitialValueOf(accumulation.output));

  // The rebuild drops the accumulators: their results must be unused (a
  // placeholder stands in until the product after the loop replaces it),
  // and so must their block arguments (the sum goes; the old yield's use of
  // it goes with the rebuild).
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> placeholders;
  for (const Accumulation &accumulation : found) {
    Value oldResult = op.getOutputs()[accumulation.output];
    auto placeholder = UnrealizedConversionCastOp::create(
        rewriter, loc, oldResult.getType(), ValueRange());
    rewriter.replaceAllUsesWith(oldResult, placeholder.getResult(0));
    placeholders.push_back(placeholder.getResult(0));
  }
  for (const Accumulation &accumulation : found) {
    auto sum = cast<arith::AddFOp>(accumulation.sum);
    Value acc = op.getOutputArgs(accumulation.output).front();
    Value term = sum.getLhs() == acc ? sum.getRhs() : sum.getLhs();
    rewriter.replaceAllUsesWith(sum.getResult(), term);
    rewriter.eraseOp(sum);
  }
  ScanOp newOp = rebuildScan(rewriter, op, keep, extraYields, extraTypes);
  unsigned firstExtra = keep.outputs.count();

  rewriter.setInsertionPointAfter(newOp);
  for (auto [index, accumulation] : llvm::enumerate(found)) {
    // The steps that ran, before the stacks become rows of one product.
    Value steps = tensor::DimOp::create(
        rewriter, loc, newOp.getOutputs()[firstExtra + 2 * index], 0);
    Value stackedP = collapseSteps(rewriter, loc,
                                   newOp.getOutputs()[firstExtra + 2 * index]);
    Value stackedQ = collapseSteps(
        rewriter, loc, newOp.getOutputs()[firstExtra + 2 * index + 1]);
    Value initial = initials[index];
    auto resultType = cast<RankedTensorType>(placeholders[index].getType());
    auto stepType = dropLeadingDim(resultType);
    // acc_{-1}: the initial value's first row.
    SmallVector<OpFoldResult> offsets(3, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, initial);
    sizes[0] = rewriter.getIndexAttr(1);
    Value first = tensor::ExtractSliceOp::create(
        rewriter, loc, stepType, initial, offsets, sizes, strides);
    // P^T (a copy; BLAS then sees a plain matrix product).
    Value rows = tensor::DimOp::create(rewriter, loc, stackedP, 1);
    Value products = tensor::DimOp::create(rewriter, loc, stackedP, 0);
    auto transposedType = RankedTensorType::get(
        {cast<RankedTensorType>(stackedP.getType()).getDimSize(1),
         ShapedType::kDynamic},
        resultType.getElementType());
    SmallVector<Value> transposedSizes;
    if (transposedType.isDynamicDim(0))
      transposedSizes.push_back(rows);
    transposedSizes.push_back(products);
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, transposedType, transposedSizes);
    Value transposed =
        linalg::TransposeOp::create(rewriter, loc, stackedP, empty,
                                    ArrayRef<int64_t>{1, 0})
            .getResult()
            .front();
    Value total = linalg::MatmulOp::create(rewriter, loc,
                                           ValueRange{transposed, stackedQ},
                                           ValueRange{first})
                      .getResult(0);
    // The sum as one row.
    SmallVector<OpFoldResult> oneRowSizes =
        tensor::getMixedSizes(rewriter, loc, initial);
    oneRowSizes[0] = rewriter.getIndexAttr(1);
    Value result;
    if (resultType.isDynamicDim(0)) {
      // `last 1`: the result holds its last min(steps, 1) rows.
      Value oneRow = tensor::EmptyOp::create(rewriter, loc, oneRowSizes,
                                             resultType.getElementType());
      oneRow = tensor::InsertSliceOp::create(rewriter, loc, total, oneRow,
                                             offsets, oneRowSizes, strides);
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      Value kept = arith::MinUIOp::create(rewriter, loc, steps, one);
      SmallVector<OpFoldResult> keptSizes = oneRowSizes;
      keptSizes[0] = kept;
      result = tensor::ExtractSliceOp::create(rewriter, loc, oneRow, offsets,
                                              keptSizes, strides);
    } else {
      // A static length: the last row holds the sum; no consumer reads the
      // others.
      SmallVector<OpFoldResult> fullSizes = oneRowSizes;
      fullSizes[0] = rewriter.getIndexAttr(resultType.getDimSize(0));
      Value full = tensor::EmptyOp::create(rewriter, loc, fullSizes,
                                           resultType.getElementType());
      SmallVector<OpFoldResult> lastRow = offsets;
      lastRow[0] = rewriter.getIndexAttr(resultType.getDimSize(0) - 1);
      result = tensor::InsertSliceOp::create(rewriter, loc, total, full,
                                             lastRow, oneRowSizes, strides);
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    Value placeholder = placeholders[index];
    rewriter.replaceAllUsesWith(placeholder, result);
    rewriter.eraseOp(placeholder.getDefiningOp());
  }
  return true;
}

struct ScanPushOutAccumulationsPass
    : public scanjit::scan::impl::ScanPushOutAccumulationsPassBase<
          ScanPushOutAccumulationsPass> {
  void runOnOperation() override {
    SmallVector<ScanOp> scans;
    getOperation()->walk([&](ScanOp op) { scans.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (ScanOp op : scans)
      pushOutAccumulations(rewriter, op);
  }
};

} // namespace
