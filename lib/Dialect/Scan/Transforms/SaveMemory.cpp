//===- SaveMemory.cpp - Keep only the scan steps consumers read -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-save-mem: marks outputs whose consumers read only their last k steps,
// so that the lowering stores k rows instead of one per step. The analysis
// reasons on values, not on how they are spelled: row offsets are related to
// the result's length with value bounds (ValueBoundsOpInterface), and every
// use of that length must keep its meaning when the result keeps only its
// last k rows (its length then becomes min(length, k)).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/SaveMemory.h"
#include "scanjit/Dialect/Scan/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

#include "llvm/ADT/SetVector.h"

#include <limits>

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANSAVEMEMPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

namespace {

/// `value - length(result)` when it is a constant (value bounds see through
/// arith, affine and tensor ops, however the offset is written).
std::optional<int64_t> getDeltaToLength(Value value, Value result) {
  if (!value.getType().isIndex())
    return std::nullopt;
  FailureOr<int64_t> delta = ValueBoundsConstraintSet::computeConstantDelta(
      value, result, /*dim1=*/std::nullopt, /*dim2=*/0);
  if (failed(delta))
    return std::nullopt;
  return *delta;
}

/// The rows from the end that `user`, a read of `result`, reaches: an
/// extract or unit-stride extract_slice whose leading offset is
/// `length - c` (c >= 1) and that stays within the last c rows.
std::optional<int64_t> getTailRowsRead(Operation *user, Value result) {
  Value offset;
  int64_t size = 1;
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(user)) {
    if (slice.getSource() != result)
      return std::nullopt;
    std::optional<int64_t> stride =
        getConstantIntValue(slice.getMixedStrides()[0]);
    std::optional<int64_t> rows = getConstantIntValue(slice.getMixedSizes()[0]);
    if (!stride || *stride != 1 || !rows)
      return std::nullopt;
    size = *rows;
    OpFoldResult leading = slice.getMixedOffsets()[0];
    offset = dyn_cast<Value>(leading);
    // A constant offset into a result of static length.
    auto type = cast<RankedTensorType>(result.getType());
    if (!offset && !type.isDynamicDim(0)) {
      int64_t delta = *getConstantIntValue(leading) - type.getDimSize(0);
      if (delta > -1 || -delta < size)
        return std::nullopt;
      return -delta;
    }
  } else if (auto extract = dyn_cast<tensor::ExtractOp>(user)) {
    if (extract.getTensor() != result)
      return std::nullopt;
    offset = extract.getIndices()[0];
  } else {
    return std::nullopt;
  }
  if (!offset)
    return std::nullopt;
  std::optional<int64_t> delta = getDeltaToLength(offset, result);
  if (!delta || *delta > -1 || -*delta < size)
    return std::nullopt;
  return -*delta;
}

/// `lhs pred rhs` as `rhs pred' lhs`.
arith::CmpIPredicate swapOperands(arith::CmpIPredicate predicate) {
  switch (predicate) {
  case arith::CmpIPredicate::slt:
    return arith::CmpIPredicate::sgt;
  case arith::CmpIPredicate::sle:
    return arith::CmpIPredicate::sge;
  case arith::CmpIPredicate::sgt:
    return arith::CmpIPredicate::slt;
  case arith::CmpIPredicate::sge:
    return arith::CmpIPredicate::sle;
  default:
    return predicate;
  }
}

/// Whether `cmp`, which compares a value derived from the length L of
/// `result`, keeps its truth value when L becomes min(L, k): it compares
/// L + c with L + c' (a constant answer), or with a constant t. `L + c < t`
/// is `L < t - c`, which min(L, k) answers alike when t - c <= k; `L + c <=
/// t` is `L < t - c + 1`; `L + c == t` needs t - c < k.
bool keepsMeaning(arith::CmpIOp cmp, Value result, int64_t k) {
  arith::CmpIPredicate predicate = cmp.getPredicate();
  std::optional<int64_t> lhs = getDeltaToLength(cmp.getLhs(), result);
  std::optional<int64_t> rhs = getDeltaToLength(cmp.getRhs(), result);
  if (lhs && rhs)
    return true;
  Value other = cmp.getRhs();
  if (!lhs) {
    lhs = rhs;
    other = cmp.getLhs();
    predicate = swapOperands(predicate);
  }
  APInt constant;
  if (!lhs || !matchPattern(other, m_ConstantInt(&constant)))
    return false;
  int64_t threshold;
  if (__builtin_sub_overflow(constant.getSExtValue(), *lhs, &threshold) ||
      threshold == std::numeric_limits<int64_t>::max())
    return false;
  switch (predicate) {
  case arith::CmpIPredicate::slt:
  case arith::CmpIPredicate::sge:
    return threshold <= k;
  case arith::CmpIPredicate::sle:
  case arith::CmpIPredicate::sgt:
    return threshold + 1 <= k;
  case arith::CmpIPredicate::eq:
  case arith::CmpIPredicate::ne:
    return threshold < k;
  default:
    // Unsigned comparisons see a negative L + c as huge.
    return false;
  }
}

/// Whether every use of the values derived from `length` (tensor.dim of
/// `result` on its leading axis) keeps its meaning when `result` keeps only
/// its last k rows: tail reads of `result`, comparisons that keep their
/// truth value, and the arguments of run-time checks (which report a size
/// only when a check fails, and then fewer than k steps ran).
bool lengthUsesKeepMeaning(Value length, Value result, int64_t k) {
  llvm::SetVector<Value> derived;
  derived.insert(length);
  for (size_t i = 0; i < derived.size(); ++i) {
    for (OpOperand &use : derived[i].getUses()) {
      Operation *user = use.getOwner();
      if (getTailRowsRead(user, result))
        continue;
      if (auto cmp = dyn_cast<arith::CmpIOp>(user)) {
        if (!keepsMeaning(cmp, result, k))
          return false;
        continue;
      }
      if (auto check = dyn_cast<CheckOp>(user)) {
        if (use.get() == check.getCondition())
          return false;
        continue;
      }
      // Integer arithmetic passes the length on; where its results end up
      // is checked in turn.
      auto isInteger = [](Type type) { return type.isIntOrIndex(); };
      bool arithmetic = isPure(user) && user->getNumRegions() == 0 &&
                        llvm::all_of(user->getOperandTypes(), isInteger) &&
                        llvm::all_of(user->getResultTypes(), isInteger);
      if (!arithmetic)
        return false;
      for (Value value : user->getResults())
        derived.insert(value);
    }
  }
  return true;
}

} // namespace

/// The number of last steps consumers of `result` read (at least 1), or 0 if
/// some consumer needs the whole history.
int64_t scanjit::scan::getLastStepsRead(Value result) {
  int64_t rows = 0;
  SmallVector<Value> lengths;
  for (Operation *user : result.getUsers()) {
    if (auto dim = dyn_cast<tensor::DimOp>(user)) {
      std::optional<int64_t> axis = dim.getConstantIndex();
      if (!axis)
        return 0;
      if (*axis == 0)
        lengths.push_back(dim.getResult());
      continue;
    }
    std::optional<int64_t> read = getTailRowsRead(user, result);
    if (!read)
      return 0;
    rows = std::max(rows, *read);
  }
  // No consumer reads a row (the result is unused, or only its length is):
  // one row is the least a result keeps.
  rows = std::max<int64_t>(rows, 1);
  for (Value length : lengths)
    if (!lengthUsesKeepMeaning(length, result, rows))
      return 0;
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
        if (last == 0 &&
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
