//===- RuntimeCalls.cpp - Calls of the runtime from generated IR ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/RuntimeCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <cassert>

using namespace mlir;

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
  assert(operands.size() <= 3 && "the error function takes three operands");
  if (matchPattern(condition, m_Zero()))
    return;
  auto ifOp = scf::IfOp::create(builder, loc, condition,
                                /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(ifOp.thenBlock());
  SmallVector<Value> arguments = {arith::ConstantIntOp::create(
      builder, loc, static_cast<int32_t>(code), 32)};
  for (size_t i = 0; i < 3; ++i) {
    Value operand = i < operands.size() ? operands[i] : Value();
    if (!operand)
      operand = arith::ConstantIntOp::create(builder, loc, 0, 64);
    else if (operand.getType().isIndex())
      operand = arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                           operand);
    arguments.push_back(operand);
  }
  func::CallOp::create(builder, loc, runtime::kErrorFunctionName, TypeRange(),
                       arguments);
}
