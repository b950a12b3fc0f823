//===- ArrayLiteral.h - Arrays written as NumPy-like literals ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Parses arrays written on a command line: a number or a nested list, with an
// optional ":dtype" suffix.
//
//   2.5:f64            rank 0
//   3:i32              rank 0
//   [1, 2, 3]          i64 (integers without a suffix)
//   [[1,0],[0,1]]:f64  rank 2
//   [true, false]      bool
//   [0.5, nan, -inf]   f64 (any float makes the literal f64)
//   [[], []]:f32       shape [2, 0]
//
// With a suffix, every element must be representable: 2.5 is not an i32, 2
// is not a bool (only true, false, 0 and 1 are). Floats round to the nearest
// value of the dtype, as NumPy converts them: 1e39:f32 is inf, 1e-50:f32 is
// 0. Lists nest at most 64 deep (NumPy's limit on dimensions).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_ARRAYLITERAL_H
#define SCANJIT_ARRAY_ARRAYLITERAL_H

#include "scanjit/Array/Array.h"

#include <string_view>

namespace scanjit {

/// Parses `text` (see above). Throws scanjit::Error saying where the literal
/// is malformed.
Array parseArrayLiteral(std::string_view text);

} // namespace scanjit

#endif // SCANJIT_ARRAY_ARRAYLITERAL_H
