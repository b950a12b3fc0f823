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
// pointer passed as its first argument. No MLIR here: ahead-of-time code
// is called through this layout without LLVM (DescribeFunction.cpp derives
// it from a func.func).
//
//===----------------------------------------------------------------------===//

#include "FunctionInfo.h"

#include "scanjit/Support/Error.h"

#include <algorithm>
#include <charconv>
#include <sstream>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

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

void scanjit::detail::computeCallLayout(FunctionInfo &info) {
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
  info.descriptorWords = 0;
  for (const ValueType &argument : info.arguments)
    if (argument.isMemRef)
      info.descriptorWords += 3 + 2 * argument.shape.size();
}

std::string scanjit::detail::serializeFunctionInfo(const FunctionInfo &info) {
  std::string text = info.name + "\n";
  auto write = [&](const char *kind, const ValueType &type) {
    text += std::string(kind) + " " + (type.isMemRef ? "m" : "s") + " " +
            std::to_string(static_cast<int>(type.dtype)) + " " +
            std::to_string(static_cast<int>(type.scalarKind)) + " " +
            std::to_string(type.shape.size());
    for (int64_t size : type.shape)
      text += " " + std::to_string(size);
    text += " " + type.typeName + "\n";
  };
  for (const ValueType &type : info.arguments)
    write("a", type);
  for (const ValueType &type : info.results)
    write("r", type);
  return text;
}

FunctionInfo scanjit::detail::parseFunctionInfo(std::string_view text) {
  auto malformed = [&]() -> Error {
    return Error("malformed function description in a compiled object");
  };
  std::istringstream lines{std::string(text)};
  FunctionInfo info;
  if (!std::getline(lines, info.name) || info.name.empty())
    throw malformed();
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string kind, memref;
    int dtype = 0, scalarKind = 0;
    size_t rank = 0;
    if (!(fields >> kind >> memref >> dtype >> scalarKind >> rank) ||
        (kind != "a" && kind != "r") || (memref != "m" && memref != "s") ||
        dtype < 0 || dtype > static_cast<int>(DType::Bool) || scalarKind < 0 ||
        scalarKind > static_cast<int>(ScalarKind::F64) || rank > 64)
      throw malformed();
    ValueType type;
    type.isMemRef = memref == "m";
    type.dtype = static_cast<DType>(dtype);
    type.scalarKind = static_cast<ScalarKind>(scalarKind);
    for (size_t i = 0; i < rank; ++i) {
      int64_t size = 0;
      if (!(fields >> size) || size < kDynamicSize)
        throw malformed();
      type.shape.push_back(size);
    }
    fields >> std::ws;
    std::getline(fields, type.typeName);
    (kind == "a" ? info.arguments : info.results).push_back(type);
  }
  computeCallLayout(info);
  return info;
}
