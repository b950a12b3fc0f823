//===- FunctionInfo.h - How a function crosses the C interface --*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// What lib/JIT knows about a func.func of the input module: the type of each
// argument and result, as the caller sees it (a tensor of some dtype and
// shape, or a scalar) and as it crosses the `_mlir_ciface_` C interface that
// convert-func-to-llvm emits (a pointer to a memref descriptor, or a scalar
// by value; results in an out-struct). Private to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_FUNCTIONINFO_H
#define SCANJIT_LIB_JIT_FUNCTIONINFO_H

#include "scanjit/Array/Array.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace scanjit::detail {

/// A dynamic size ('?') in ValueType::shape.
inline constexpr int64_t kDynamicSize = -1;

/// The machine type of a scalar argument or result.
enum class ScalarKind { I1, I32, I64, Index, F32, F64 };

/// The type of one argument or result.
struct ValueType {
  /// A ranked tensor (or memref) crosses as a memref descriptor; anything
  /// else is a scalar.
  bool isMemRef = false;
  /// The element dtype of a memref, or the dtype of the rank-0 array that
  /// holds a scalar (index scalars are held as i64).
  DType dtype = DType::F64;
  /// Scalars only: the machine type.
  ScalarKind scalarKind = ScalarKind::F64;
  /// MemRefs only: the static sizes, kDynamicSize for '?'.
  Shape shape;
  /// The type as MLIR prints it, for messages ("tensor<?x2xf64>").
  std::string typeName;

  /// Bytes this value occupies in a struct of results.
  size_t sizeInBytes() const;
  /// Alignment of this value in a struct of results.
  size_t alignment() const;
};

/// A function of the input module and its C-interface layout.
struct FunctionInfo {
  /// The symbol name, without '@'.
  std::string name;
  std::vector<ValueType> arguments;
  std::vector<ValueType> results;
  /// True when the C interface returns results through an out-pointer to a
  /// struct passed first (a memref result, or several results).
  bool resultsThroughPointer = false;
  /// Offset of each result in that struct.
  std::vector<size_t> resultOffsets;
  /// Size of that struct.
  size_t resultStructSize = 0;
  /// The 64-bit words of the memref descriptors of all arguments.
  size_t descriptorWords = 0;

  /// "@name(tensor<?xf64>, index) -> tensor<?xf64>".
  std::string signatureString() const;
};

/// Fills the call layout of `info` (resultsThroughPointer, resultOffsets,
/// resultStructSize, descriptorWords) from its arguments and results.
void computeCallLayout(FunctionInfo &info);

/// `info` as text that parseFunctionInfo reads back (what an ahead-of-time
/// object carries for each function, for callers without MLIR).
std::string serializeFunctionInfo(const FunctionInfo &info);

/// The FunctionInfo serializeFunctionInfo wrote, its layout computed. Throws
/// scanjit::Error when `text` is malformed.
FunctionInfo parseFunctionInfo(std::string_view text);

/// Describes `func` (DescribeFunction.cpp, the only part that needs MLIR). Throws scanjit::Error when an argument or result has a
/// type the JIT cannot pass (see ValueType).
FunctionInfo describeFunction(mlir::func::FuncOp func);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_FUNCTIONINFO_H
