//===- ArrayFormat.h - Print arrays the way NumPy does ----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Formats an Array as NumPy's str() (print(array)) does with its default
// options, so results can be compared with a seed's printed output:
//
//   [[ 0.96402758  0.99505475]
//    [-0.5         1.        ]]
//
// Floats use the shortest digits that round-trip, at most `precision` after
// the point, with one common layout per array (positional, or scientific when
// the magnitudes call for it); integers and booleans are right-aligned; lines
// wrap at `lineWidth`; arrays above `threshold` elements are summarized with
// "...". A rank-0 array prints as its scalar ("2.5", "1.0", "7", "True").
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_ARRAYFORMAT_H
#define SCANJIT_ARRAY_ARRAYFORMAT_H

#include "scanjit/Array/Array.h"

#include <cstdint>
#include <string>

namespace scanjit {

/// NumPy's print options that formatArray honours, with NumPy's defaults.
struct PrintOptions {
  /// The most digits printed after the decimal point of a float.
  int precision = 8;
  /// The width at which lines wrap.
  int lineWidth = 75;
  /// Arrays with more elements than this are summarized.
  int64_t threshold = 1000;
  /// How many items a summarized dimension shows at each end.
  int64_t edgeItems = 3;
};

/// `array` as NumPy's str() prints it (no trailing newline).
std::string formatArray(const Array &array, const PrintOptions &options = {});

} // namespace scanjit

#endif // SCANJIT_ARRAY_ARRAYFORMAT_H
