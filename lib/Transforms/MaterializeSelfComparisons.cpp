//===- MaterializeSelfComparisons.cpp - x == x on dynamic tensors ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Replaces an integer comparison of a dynamically shaped tensor with itself
// by a filled tensor, before the arith folder turns it into an invalid
// dense constant of dynamic shape. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANMATERIALIZESELFCOMPARISONSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// The answer of `x pred x`.
bool comparesTrue(arith::CmpIPredicate predicate) {
  switch (predicate) {
  case arith::CmpIPredicate::eq:
  case arith::CmpIPredicate::sle:
  case arith::CmpIPredicate::sge:
  case arith::CmpIPredicate::ule:
  case arith::CmpIPredicate::uge:
    return true;
  default:
    return false;
  }
}

struct ScanMaterializeSelfComparisonsPass
    : public scanjit::impl::ScanMaterializeSelfComparisonsPassBase<
          ScanMaterializeSelfComparisonsPass> {
  void runOnOperation() override {
    SmallVector<arith::CmpIOp> comparisons;
    getOperation()->walk([&](arith::CmpIOp cmp) {
      auto type = dyn_cast<RankedTensorType>(cmp.getType());
      if (cmp.getLhs() == cmp.getRhs() && type && !type.hasStaticShape())
        comparisons.push_back(cmp);
    });
    for (arith::CmpIOp cmp : comparisons) {
      OpBuilder builder(cmp);
      Location loc = cmp.getLoc();
      auto type = cast<RankedTensorType>(cmp.getType());
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(tensor::DimOp::create(builder, loc, cmp.getLhs(), d));
      Value empty = tensor::EmptyOp::create(builder, loc, type, sizes);
      Value answer = arith::ConstantIntOp::create(
          builder, loc, comparesTrue(cmp.getPredicate()) ? 1 : 0, 1);
      Value filled = linalg::FillOp::create(builder, loc, ValueRange{answer},
                                            ValueRange{empty})
                         .getResult(0);
      cmp.replaceAllUsesWith(filled);
      cmp.erase();
    }
  }
};

} // namespace
