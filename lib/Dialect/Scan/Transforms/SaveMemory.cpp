//===- SaveMemory.cpp - Keep only the scan steps consumers read -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-save-mem: marks outputs whose consumers read only their last k steps,
// so that the lowering stores k rows instead of one per step.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/Passes.h"

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANSAVEMEMPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

/// If `row` is `tensor.dim(result, 0) - c` with a constant c >= 1, returns c.
static std::optional<int64_t> getRowsFromEnd(Value row, Value result) {
  auto sub = row.getDefiningOp<arith::SubIOp>();
  if (!sub)
    return std::nullopt;
  auto dim = sub.getLhs().getDefiningOp<tensor::DimOp>();
  APInt fromEnd;
  if (!dim || dim.getSource() != result || dim.getConstantIndex() != 0 ||
      !matchPattern(sub.getRhs(), m_ConstantInt(&fromEnd)) ||
      fromEnd.getSExtValue() < 1)
    return std::nullopt;
  return fromEnd.getSExtValue();
}

/// How many rows from its end a read of `result` by `user` reaches, if the
/// read is one of the tail: an extract_slice or extract whose leading offset
/// is `tensor.dim(result, 0) - c` and that stays within the last c rows.
static std::optional<int64_t> getTailRowsRead(Operation *user, Value result) {
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(user)) {
    auto row = dyn_cast<Value>(slice.getMixedOffsets()[0]);
    std::optional<int64_t> rows =
        row ? getRowsFromEnd(row, result) : std::nullopt;
    std::optional<int64_t> size =
        getConstantIntValue(slice.getMixedSizes()[0]);
    std::optional<int64_t> stride =
        getConstantIntValue(slice.getMixedStrides()[0]);
    if (rows && size && stride && *stride == 1 && *size <= *rows)
      return rows;
    return std::nullopt;
  }
  if (auto extract = dyn_cast<tensor::ExtractOp>(user))
    return getRowsFromEnd(extract.getIndices()[0], result);
  return std::nullopt;
}

/// Whether `user` of the offset `dim - c` (`sub`) checks it is in bounds:
/// `dim - c < 0` or `dim - c >= dim`. Both keep their truth value when only
/// the last k >= c rows are kept, as the read they guard does.
static bool isBoundsCheck(Operation *user, arith::SubIOp sub,
                          tensor::DimOp dim) {
  auto cmp = dyn_cast<arith::CmpIOp>(user);
  if (!cmp || cmp.getLhs() != sub.getResult())
    return false;
  if (cmp.getPredicate() == arith::CmpIPredicate::slt)
    return matchPattern(cmp.getRhs(), m_Zero());
  return cmp.getPredicate() == arith::CmpIPredicate::sge &&
         cmp.getRhs() == dim.getResult();
}

/// Whether `user` of `dim` only passes its value to the runtime's error
/// function (as the size in a bounds check's message; when such a check
/// fails, fewer than k steps ran and all of them are kept).
static bool onlyReportsSize(Operation *user) {
  auto cast = dyn_cast<arith::IndexCastOp>(user);
  return cast && llvm::all_of(cast->getUsers(), [](Operation *call) {
           auto callOp = dyn_cast<func::CallOp>(call);
           return callOp &&
                  callOp.getCallee() == scanjit::runtime::kErrorFunctionName;
         });
}

/// Whether `dim`, a use of `result`, only computes tail offsets: a trailing
/// dimension, or the leading one feeding only `dim - c` into tail reads and
/// their bounds checks.
static bool onlyComputesTailOffsets(tensor::DimOp dim, Value result) {
  if (dim.getConstantIndex() != 0)
    return dim.getConstantIndex().has_value();
  for (Operation *user : dim->getUsers()) {
    if (onlyReportsSize(user))
      continue;
    if (auto cmp = dyn_cast<arith::CmpIOp>(user)) {
      auto sub = cmp.getLhs().getDefiningOp<arith::SubIOp>();
      if (sub && getRowsFromEnd(sub, result) && isBoundsCheck(cmp, sub, dim))
        continue;
      return false;
    }
    auto sub = dyn_cast<arith::SubIOp>(user);
    if (!sub || !getRowsFromEnd(sub, result))
      return false;
    for (Operation *read : sub->getUsers())
      if (!getTailRowsRead(read, result) && !isBoundsCheck(read, sub, dim))
        return false;
  }
  return true;
}

/// The number of last steps consumers of `result` read, or 0 if some
/// consumer needs the whole history.
static int64_t getLastStepsRead(Value result) {
  int64_t rows = 0;
  for (Operation *user : result.getUsers()) {
    if (auto dim = dyn_cast<tensor::DimOp>(user)) {
      if (!onlyComputesTailOffsets(dim, result))
        return 0;
      continue;
    }
    std::optional<int64_t> read = getTailRowsRead(user, result);
    if (!read)
      return 0;
    rows = std::max(rows, *read);
  }
  return rows;
}

namespace {
struct ScanSaveMemPass
    : public scanjit::scan::impl::ScanSaveMemPassBase<ScanSaveMemPass> {
  void runOnOperation() override {
    getOperation()->walk([](ScanOp op) {
      SmallVector<int64_t> lastSteps;
      bool changed = false;
      for (auto [j, result] : llvm::enumerate(op.getOutputs())) {
        int64_t last = op.getLastStepsOf(j);
        // A result of static length cannot shrink without changing its type.
        if (last == 0 && !result.use_empty() &&
            cast<RankedTensorType>(result.getType()).isDynamicDim(0)) {
          last = getLastStepsRead(result);
          changed |= last != 0;
        }
        lastSteps.push_back(last);
      }
      if (changed)
        op.setLastSteps(lastSteps);
    });
  }
};
} // namespace
