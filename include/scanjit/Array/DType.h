//===- DType.h - Element types of host arrays -------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The element types a scanjit::Array holds and how they map to C++ types and
// to MLIR element types:
//
//   DType  C++       MLIR  .npy
//   f32    float     f32   <f4
//   f64    double    f64   <f8
//   i32    int32_t   i32   <i4
//   i64    int64_t   i64   <i8
//   bool   bool      i1    |b1   (one byte per element, 0 or 1, as LLVM
//                                 stores i1 in memory)
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_DTYPE_H
#define SCANJIT_ARRAY_DTYPE_H

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

namespace scanjit {

/// The element type of an Array.
enum class DType : uint8_t { F32, F64, I32, I64, Bool };

/// Bytes per element of `dtype`.
size_t elementSize(DType dtype);

/// The name of `dtype`: "f32", "f64", "i32", "i64" or "bool".
std::string_view toString(DType dtype);

/// Parses a name printed by toString(); std::nullopt for anything else.
std::optional<DType> parseDType(std::string_view name);

/// True for f32 and f64.
bool isFloatingPoint(DType dtype);

/// A signed integer of 4 or 8 bytes (int, long, long long, ...).
template <typename T>
concept WideSignedInteger =
    std::signed_integral<T> && (sizeof(T) == 4 || sizeof(T) == 8);

/// The C++ types an Array holds: bool, float, double and the signed
/// integers of 4 and 8 bytes.
template <typename T>
concept ArrayElement = std::same_as<T, bool> || std::same_as<T, float> ||
                       std::same_as<T, double> || WideSignedInteger<T>;

/// The DType that holds values of the C++ type `T`.
template <ArrayElement T> constexpr DType dtypeOf() {
  if constexpr (std::same_as<T, bool>)
    return DType::Bool;
  else if constexpr (std::same_as<T, float>)
    return DType::F32;
  else if constexpr (std::same_as<T, double>)
    return DType::F64;
  else if constexpr (sizeof(T) == 4)
    return DType::I32;
  else
    return DType::I64;
}

static_assert(sizeof(bool) == 1, "bool arrays store one byte per element");

} // namespace scanjit

#endif // SCANJIT_ARRAY_DTYPE_H
