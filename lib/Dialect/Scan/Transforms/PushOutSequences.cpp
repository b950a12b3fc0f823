//===- PushOutSequences.cpp - Products with sequences before the loop -----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-push-out-sequences: PyTensor's scan_pushout_seqs_ops for the
// contractions. A product of a sequence's slice with a matrix that does not
// change over the steps (U x_t, x_t U, X_t U for a batch) is computed for
// every row of the sequence at once, as one matrix product before the loop
// (BLAS), and the body reads its row as a new sequence with the same taps.
// A product that accumulates into a value (`matvec(U, x_t)` into `W h + b`)
// becomes that value plus the row. The rows run in the sequence's order
// whatever the scan's direction, so
// the new sequence lines up with the old one; rows no step reads are
// computed too, which is harmless for a product (pure, it cannot fail).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANPUSHOUTSEQUENCESPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

namespace {

/// A product to push out: `op` multiplies the slice `slice` (tap `tap` of
/// sequence `sequence`) by the step-invariant `matrix`.
struct SequenceProduct {
  linalg::LinalgOp op;
  unsigned sequence;
  unsigned tap;
  Value matrix;
};

class SequencePusher {
public:
  explicit SequencePusher(ScanOp op) : op(op) {
    for (unsigned s = 0, e = op.getSequences().size(); s < e; ++s)
      for (auto [tap, arg] : llvm::enumerate(op.getSequenceArgs(s)))
        sliceOf[arg] = {s, static_cast<unsigned>(tap)};
  }

  /// Pushes the products out; returns whether anything changed.
  bool run(IRRewriter &rewriter) {
    SmallVector<SequenceProduct> products;
    for (Operation &inner : op.getBodyBlock()->without_terminator())
      if (auto product = match(&inner))
        products.push_back(*product);
    if (products.empty())
      return false;

    rewriter.setInsertionPoint(op);
    SmallVector<SequenceSpec> added;
    for (const SequenceProduct &product : products)
      added.push_back({buildAllRows(rewriter, product),
                       llvm::to_vector_of<int64_t, 2>(
                           op.getSequenceTapsOf(product.sequence))});
    unsigned kept = op.getSequences().size();
    ScanKeepMask keep(op);
    ScanOp newOp = rebuildScan(rewriter, op, keep, ValueRange(), TypeRange(),
                               added);
    for (auto [index, product] : llvm::enumerate(products)) {
      Value row = newOp.getSequenceArgs(kept + index)[product.tap];
      Value init = product.op.getDpsInits().front();
      if (!isZeroFill(init)) {
        // The product accumulated into `init` (W h + U x_t written as one
        // matvec into the other): the row is added to it instead.
        rewriter.setInsertionPoint(product.op);
        row = arith::AddFOp::create(rewriter, product.op.getLoc(), init, row);
      }
      rewriter.replaceAllUsesWith(product.op->getResult(0), row);
      rewriter.eraseOp(product.op);
    }
    return true;
  }

private:
  /// `inner` as a product to push out.
  std::optional<SequenceProduct> match(Operation *inner) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(inner);
    if (!linalgOp || !isa<linalg::MatvecOp, linalg::VecmatOp, linalg::MatmulOp>(
                         inner))
      return std::nullopt;
    if (auto matmul = dyn_cast<linalg::MatmulOp>(inner);
        matmul && matmul.hasUserDefinedMaps())
      return std::nullopt;
    if (!linalgOp.hasPureTensorSemantics())
      return std::nullopt;
    // The sequence's slice is the vector of a matvec, the left operand of a
    // vecmat or a matmul.
    bool sliceFirst = !isa<linalg::MatvecOp>(inner);
    Value slice = linalgOp.getDpsInputs()[sliceFirst ? 0 : 1];
    Value matrix = getStepInvariantValue(op, linalgOp.getDpsInputs()[sliceFirst ? 1 : 0]);
    auto found = sliceOf.find(slice);
    if (!matrix || found == sliceOf.end())
      return std::nullopt;
    auto sequenceType =
        cast<RankedTensorType>(op.getSequences()[found->second.first].getType());
    auto resultType = cast<RankedTensorType>(inner->getResult(0).getType());
    if (!cast<RankedTensorType>(matrix.getType()).hasStaticShape() ||
        !resultType.hasStaticShape() ||
        !dropLeadingDim(sequenceType).hasStaticShape() ||
        sequenceType.getElementType() != resultType.getElementType())
      return std::nullopt;
    // A product into a value that is not zero adds to it: that sum stays in
    // the body (floats only: an integer product wraps where it wraps).
    if (!isZeroFill(linalgOp.getDpsInits().front()) &&
        !isa<FloatType>(resultType.getElementType()))
      return std::nullopt;
    return SequenceProduct{linalgOp, found->second.first, found->second.second,
                           matrix};
  }

  /// The product for every row of the sequence: `[rows, result shape]`.
  Value buildAllRows(OpBuilder &builder, SequenceProduct product) {
    Location loc = product.op.getLoc();
    Value sequence = op.getSequences()[product.sequence];
    auto sequenceType = cast<RankedTensorType>(sequence.getType());
    Type element = sequenceType.getElementType();
    Value rows = tensor::DimOp::create(builder, loc, sequence, 0);
    Value matrix = product.matrix;
    auto matrixType = cast<RankedTensorType>(matrix.getType());
    // A matvec A x is x A^T row by row.
    if (isa<linalg::MatvecOp>(product.op.getOperation())) {
      Value empty = tensor::EmptyOp::create(
          builder, loc,
          ArrayRef<int64_t>{matrixType.getDimSize(1), matrixType.getDimSize(0)},
          element);
      matrix = linalg::TransposeOp::create(builder, loc, matrix, empty,
                                           ArrayRef<int64_t>{1, 0})
                   .getResult()
                   .front();
    }
    int64_t columns = cast<RankedTensorType>(matrix.getType()).getDimSize(1);
    // A batch [rows, B, K] is [rows * B, K] rows of one product.
    Value lhs = sequence;
    Value lhsRows = rows;
    int64_t batch = sequenceType.getRank() == 3 ? sequenceType.getDimSize(1) : 1;
    if (sequenceType.getRank() == 3) {
      lhsRows = arith::MulIOp::create(
          builder, loc, rows, arith::ConstantIndexOp::create(builder, loc, batch));
      Value shape = tensor::FromElementsOp::create(
          builder, loc,
          ValueRange{lhsRows, arith::ConstantIndexOp::create(
                                  builder, loc, sequenceType.getDimSize(2))});
      lhs = tensor::ReshapeOp::create(
          builder, loc,
          RankedTensorType::get({ShapedType::kDynamic, sequenceType.getDimSize(2)},
                                element),
          sequence, shape);
    }
    auto productType =
        RankedTensorType::get({ShapedType::kDynamic, columns}, element);
    Value empty =
        tensor::EmptyOp::create(builder, loc, productType, ValueRange{lhsRows});
    Value zero = arith::ConstantOp::create(builder, loc,
                                           builder.getZeroAttr(element));
    Value zeros = linalg::FillOp::create(builder, loc, zero, empty).getResult(0);
    Value result = linalg::MatmulOp::create(builder, loc,
                                            ValueRange{lhs, matrix},
                                            ValueRange{zeros})
                       .getResult(0);
    if (sequenceType.getRank() == 3) {
      Value shape = tensor::FromElementsOp::create(
          builder, loc,
          ValueRange{rows, arith::ConstantIndexOp::create(builder, loc, batch),
                     arith::ConstantIndexOp::create(builder, loc, columns)});
      result = tensor::ReshapeOp::create(
          builder, loc,
          RankedTensorType::get({ShapedType::kDynamic, batch, columns}, element),
          result, shape);
    }
    return result;
  }

  ScanOp op;
  llvm::DenseMap<Value, std::pair<unsigned, unsigned>> sliceOf;
};

struct ScanPushOutSequencesPass
    : public scanjit::scan::impl::ScanPushOutSequencesPassBase<
          ScanPushOutSequencesPass> {
  void runOnOperation() override {
    SmallVector<ScanOp> scans;
    getOperation()->walk<WalkOrder::PostOrder>(
        [&](ScanOp op) { scans.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (ScanOp op : scans)
      SequencePusher(op).run(rewriter);
  }
};

} // namespace
