//===- Signature.h - The dtypes and shapes of a call ------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The argument signature of a call, the dtype and shape of each argument, is
// the key under which the Engine caches compiled code.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_SIGNATURE_H
#define SCANJIT_JIT_SIGNATURE_H

#include "scanjit/Array/Array.h"

#include <compare>
#include <span>
#include <string>
#include <vector>

namespace scanjit {

/// The dtype and shape of one argument.
struct ArgumentType {
  /// The element type.
  DType dtype;
  /// The size of each dimension ([] for a scalar).
  Shape shape;

  /// Orders signatures so they can key a map.
  auto operator<=>(const ArgumentType &other) const = default;
};

/// The dtype and shape of every argument of a call, in order.
using ArgumentSignature = std::vector<ArgumentType>;

/// The signature of a call with `arguments`.
ArgumentSignature signatureOf(std::span<const Array> arguments);

/// "(f64[3, 2], i32[])".
std::string formatSignature(const ArgumentSignature &signature);

} // namespace scanjit

#endif // SCANJIT_JIT_SIGNATURE_H
