//===- FunctionInfo.cpp - How a function crosses the C interface ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The layout follows convert-func-to-llvm (LLVMTypeConverter::
// convertFunctionTypeCWrapper): a memref of rank r is the descriptor struct
// {ptr allocated, ptr aligned, i64 offset, i64 sizes[r], i64 strides[r]}
// (mlir/ExecutionEngine/CRunnerUtils.h: StridedMemRefType); several results,
// or one memref result, form an LLVM struct the wrapper writes through a
// pointer passed as its first argument.
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

size_t alignTo(size_t value, size_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

} // namespace

size_t ValueType::sizeInBytes() const {
  if (isMemRef)
    return 8 * (3 + 2 * shape.size());
  switch (scalarKind) {
  case ScalarKind::I1:
    return 1;
  case ScalarKind::I32:
  case ScalarKind::F32:
    return 4;
  case ScalarKind::I64:
  case ScalarKind::Index:
  case ScalarKind::F64:
    return 8;
  }
  return 8;
}

size_t ValueType::alignment() const { return isMemRef ? 8 : sizeInBytes(); }

std::string FunctionInfo::signatureString() const {
  auto list = [](const std::vector<ValueType> &types) {
    std::string text;
    for (size_t i = 0; i < types.size(); ++i)
      text += (i ? ", " : "") + types[i].typeName;
    return text;
  };
  std::string text = "@" + name + "(" + list(arguments) + ")";
  if (results.size() == 1)
    return text + " -> " + results[0].typeName;
  return text + " -> (" + list(results) + ")";
}

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
  computeResultLayout(info);
  return info;
}

void scanjit::detail::computeResultLayout(FunctionInfo &info) {
  info.resultsThroughPointer =
      info.results.size() > 1 ||
      (info.results.size() == 1 && info.results[0].isMemRef);
  info.resultOffsets.clear();
  size_t offset = 0, structAlignment = 1;
  for (const ValueType &result : info.results) {
    offset = alignTo(offset, result.alignment());
    info.resultOffsets.push_back(offset);
    offset += result.sizeInBytes();
    structAlignment = std::max(structAlignment, result.alignment());
  }
  info.resultStructSize = alignTo(offset, structAlignment);
}
