//===- GuardIntegerDivision.cpp - Integer division by zero is an error ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A scalar integer division whose divisor may be zero (or, signed, -1 with a
// dividend that may be INT_MIN) gets a run-time check and a safe divisor:
// zero is reported through the runtime and replaced by 1, and so is -1 when
// the dividend is INT_MIN (which gives NumPy's wrapped result).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Conversion/RuntimeCalls.h"

#include "mlir/IR/Matchers.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGUARDINTEGERDIVISIONPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Whether `op` divides signed integers (and so traps on INT_MIN / -1).
bool isSignedDivision(Operation *op) {
  return isa<arith::DivSIOp, arith::RemSIOp, arith::FloorDivSIOp,
             arith::CeilDivSIOp>(op);
}

/// Whether `op` is an integer division or remainder this pass guards.
bool isIntegerDivision(Operation *op) {
  return isSignedDivision(op) ||
         isa<arith::DivUIOp, arith::RemUIOp, arith::CeilDivUIOp>(op);
}

/// `value` as a constant integer of `type`'s width.
Value integerConstant(OpBuilder &builder, Location loc, Type type,
                      const APInt &value) {
  return arith::ConstantOp::create(builder, loc, type,
                                   builder.getIntegerAttr(type, value));
}

/// Guards `op` (see the file comment). Returns whether it changed.
bool guard(Operation *op, bool &reportsErrors) {
  Value dividend = op->getOperand(0), divisor = op->getOperand(1);
  Type type = divisor.getType();
  if (!type.isIntOrIndex())
    return false;
  unsigned width = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
  bool isSigned = isSignedDivision(op);
  APInt constantDivisor, constantDividend;
  bool divisorKnown = matchPattern(divisor, m_ConstantInt(&constantDivisor));
  bool dividendKnown = matchPattern(dividend, m_ConstantInt(&constantDividend));
  bool mayBeZero = !divisorKnown || constantDivisor.isZero();
  bool mayOverflow = isSigned &&
                     (!divisorKnown || constantDivisor.isAllOnes()) &&
                     (!dividendKnown || constantDividend.isMinSignedValue());
  if (!mayBeZero && !mayOverflow)
    return false;

  OpBuilder builder(op);
  Location loc = op->getLoc();
  Value unsafe;
  if (mayBeZero) {
    Value isZero = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, divisor,
        integerConstant(builder, loc, type, APInt::getZero(width)));
    scanjit::emitRuntimeErrorIf(
        builder, loc, isZero,
        scanjit::runtime::ErrorCode::IntegerDivisionByZero, {});
    reportsErrors = true;
    unsafe = isZero;
  }
  if (mayOverflow) {
    Value isMin = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, dividend,
        integerConstant(builder, loc, type, APInt::getSignedMinValue(width)));
    Value isMinusOne = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, divisor,
        integerConstant(builder, loc, type, APInt::getAllOnes(width)));
    Value overflows = arith::AndIOp::create(builder, loc, isMin, isMinusOne);
    unsafe = unsafe ? arith::OrIOp::create(builder, loc, unsafe, overflows)
                    : overflows;
  }
  Value one = integerConstant(builder, loc, type, APInt(width, 1));
  Value safe = arith::SelectOp::create(builder, loc, unsafe, one, divisor);
  op->setOperand(1, safe);
  return true;
}

struct ScanGuardIntegerDivisionPass
    : public scanjit::impl::ScanGuardIntegerDivisionPassBase<
          ScanGuardIntegerDivisionPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> divisions;
    module.walk([&](Operation *op) {
      if (isIntegerDivision(op))
        divisions.push_back(op);
    });
    bool reportsErrors = false;
    for (Operation *op : divisions)
      guard(op, reportsErrors);
    if (reportsErrors)
      scanjit::declareRuntimeErrorFunction(module);
  }
};

} // namespace
