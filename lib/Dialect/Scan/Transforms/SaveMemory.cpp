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

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Whether `dim`, a use of `result`, only computes tail offsets: a trailing
/// dimension, or the leading one feeding only `dim - c` into tail reads.
static bool onlyComputesTailOffsets(tensor::DimOp dim, Value result) {
  if (dim.getConstantIndex() != 0)
    return dim.getConstantIndex().has_value();
  for (Operation *sub : dim->getUsers())
    for (Operation *read : sub->getUsers())
      if (!getTailRowsRead(read, result))
        return false;
  return llvm::all_of(dim->getUsers(),
                      [](Operation *user) { return isa<arith::SubIOp>(user); });
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
