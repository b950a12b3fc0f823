//===- RuntimeCalls.cpp - Calls of the runtime from generated IR ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/RuntimeCalls.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <cassert>

using namespace mlir;

/// `operands` as the three i64 values the runtime's error function takes.
static SmallVector<Value> toErrorArguments(OpBuilder &builder, Location loc,
                                           ArrayRef<Value> operands) {
  assert(operands.size() <= 3 && "the error function takes three operands");
  SmallVector<Value> arguments;
  for (size_t i = 0; i < 3; ++i) {
    Value operand = i < operands.size() ? operands[i] : Value();
    if (!operand)
      operand = arith::ConstantIntOp::create(builder, loc, 0, 64);
    else if (operand.getType().isIndex())
      operand = arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                           operand);
    arguments.push_back(operand);
  }
  return arguments;
}

void scanjit::emitCheckFailingIf(OpBuilder &builder, Location loc,
                                 Value failed, runtime::ErrorCode code,
                                 ArrayRef<Value> operands) {
  if (matchPattern(failed, m_Zero()))
    return;
  Value holds = arith::XOrIOp::create(
      builder, loc, failed, arith::ConstantIntOp::create(builder, loc, 1, 1));
  scan::CheckOp::create(builder, loc, holds, static_cast<int32_t>(code),
                        toErrorArguments(builder, loc, operands),
                        /*message=*/StringAttr());
}

void scanjit::declareRuntimeErrorFunction(ModuleOp module) {
  if (module.lookupSymbol(runtime::kErrorFunctionName))
    return;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  Type i64 = builder.getI64Type();
  auto type = builder.getFunctionType({builder.getI32Type(), i64, i64, i64}, {});
  auto function = func::FuncOp::create(builder, module.getLoc(),
                                       runtime::kErrorFunctionName, type);
  function.setPrivate();
}

void scanjit::emitRuntimeErrorIf(OpBuilder &builder, Location loc,
                                 Value condition, runtime::ErrorCode code,
                                 ArrayRef<Value> operands) {
  if (matchPattern(condition, m_Zero()))
    return;
  OpBuilder::InsertionGuard guard(builder);
  // A condition known to hold calls unguarded.
  if (!matchPattern(condition, m_One())) {
    auto ifOp = scf::IfOp::create(builder, loc, condition,
                                  /*withElseRegion=*/false);
    builder.setInsertionPointToStart(ifOp.thenBlock());
  }
  emitRuntimeErrorCall(builder, loc, code, operands);
}

void scanjit::emitRuntimeErrorCall(OpBuilder &builder, Location loc,
                                   runtime::ErrorCode code,
                                   ArrayRef<Value> operands) {
  assert(operands.size() <= 3 && "the error function takes three operands");
  SmallVector<Value> arguments = {arith::ConstantIntOp::create(
      builder, loc, static_cast<int32_t>(code), 32)};
  llvm::append_range(arguments, toErrorArguments(builder, loc, operands));
  func::CallOp::create(builder, loc, runtime::kErrorFunctionName, TypeRange(),
                       arguments);
}
