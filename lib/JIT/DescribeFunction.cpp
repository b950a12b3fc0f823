//===- DescribeFunction.cpp - A func.func's C interface -------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "FunctionInfo.h"

#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/Support/raw_ostream.h"

using namespace scanjit;
using namespace scanjit::detail;

namespace {

std::string printType(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::optional<DType> dtypeOfElement(mlir::Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (auto integer = llvm::dyn_cast<mlir::IntegerType>(type)) {
    if (integer.isUnsigned())
      return std::nullopt;
    switch (integer.getWidth()) {
    case 1:
      return DType::Bool;
    case 32:
      return DType::I32;
    case 64:
      return DType::I64;
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<ValueType> describeType(mlir::Type type) {
  ValueType value;
  value.typeName = printType(type);
  if (auto shaped = llvm::dyn_cast<mlir::ShapedType>(type)) {
    auto memref = llvm::dyn_cast<mlir::MemRefType>(type);
    bool passable = llvm::isa<mlir::RankedTensorType>(type) ||
                    (memref && memref.getLayout().isIdentity());
    std::optional<DType> dtype = dtypeOfElement(shaped.getElementType());
    if (!passable || !dtype)
      return std::nullopt;
    value.isMemRef = true;
    value.dtype = *dtype;
    for (int64_t size : shaped.getShape())
      value.shape.push_back(mlir::ShapedType::isDynamic(size) ? kDynamicSize
                                                              : size);
    return value;
  }
  if (type.isIndex()) {
    value.scalarKind = ScalarKind::Index;
    value.dtype = DType::I64;
    return value;
  }
  std::optional<DType> dtype = dtypeOfElement(type);
  if (!dtype)
    return std::nullopt;
  value.dtype = *dtype;
  switch (*dtype) {
  case DType::F32:
    value.scalarKind = ScalarKind::F32;
    break;
  case DType::F64:
    value.scalarKind = ScalarKind::F64;
    break;
  case DType::I32:
    value.scalarKind = ScalarKind::I32;
    break;
  case DType::I64:
    value.scalarKind = ScalarKind::I64;
    break;
  case DType::Bool:
    value.scalarKind = ScalarKind::I1;
    break;
  }
  return value;
}

[[noreturn]] void unsupported(llvm::StringRef function, const char *what,
                              size_t index, mlir::Type type) {
  throw Error("@" + function.str() + ": " + what + " #" +
              std::to_string(index) + " has type " + printType(type) +
              ", which the JIT cannot pass (supported: ranked tensors and "
              "identity-layout memrefs of f32, f64, i32, i64 and i1; scalars "
              "of those types and index)");
}

} // namespace

FunctionInfo scanjit::detail::describeFunction(mlir::func::FuncOp func) {
  FunctionInfo info;
  info.name = func.getSymName().str();
  mlir::FunctionType type = func.getFunctionType();
  for (auto [index, argumentType] : llvm::enumerate(type.getInputs())) {
    std::optional<ValueType> value = describeType(argumentType);
    if (!value)
      unsupported(func.getSymName(), "argument", index, argumentType);
    info.arguments.push_back(*value);
  }
  for (auto [index, resultType] : llvm::enumerate(type.getResults())) {
    std::optional<ValueType> value = describeType(resultType);
    if (!value)
      unsupported(func.getSymName(), "result", index, resultType);
    info.results.push_back(*value);
  }
  computeCallLayout(info);
  return info;
}
