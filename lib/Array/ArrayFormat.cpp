//===- ArrayFormat.cpp - Print arrays the way NumPy does ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A port of the parts of numpy/core/arrayprint.py that str() uses with the
// default options (floatmode "maxprec", sign "-", legacy off): the element
// formats (FloatingFormat, IntegerFormat, BoolFormat) and the line layout
// (_formatArray, _extendLine).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/ArrayFormat.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <optional>
#include <ostream>

using namespace scanjit;

namespace {

//===----------------------------------------------------------------------===//
// Float digits
//===----------------------------------------------------------------------===//

/// The digits of one float, split as NumPy's Dragon4 with unique=True
/// produces them: the shortest digits that round-trip, cut to `precision`
/// digits after the point.
struct FloatDigits {
  /// "-1", "0", "123".
  std::string integerPart;
  /// The digits after the point, without trailing zeros.
  std::string fractionPart;
  /// Scientific notation only: the exponent's sign and digits, e.g. "-05".
  std::string exponent;
};

std::string toChars(auto value, std::chars_format format,
                    std::optional<int> precision = std::nullopt) {
  char buffer[512];
  std::to_chars_result result =
      precision ? std::to_chars(buffer, buffer + sizeof(buffer), value, format,
                                *precision)
                : std::to_chars(buffer, buffer + sizeof(buffer), value, format);
  return std::string(buffer, result.ptr);
}

/// Splits "-12.5000" (mantissa) into integer part and trimmed fraction.
void splitMantissa(const std::string &mantissa, FloatDigits &digits) {
  size_t dot = mantissa.find('.');
  digits.integerPart = mantissa.substr(0, dot);
  digits.fractionPart =
      dot == std::string::npos ? "" : mantissa.substr(dot + 1);
  while (!digits.fractionPart.empty() && digits.fractionPart.back() == '0')
    digits.fractionPart.pop_back();
}

template <typename T> FloatDigits positionalDigits(T value, int precision) {
  std::string text = toChars(value, std::chars_format::fixed);
  size_t dot = text.find('.');
  if (dot != std::string::npos &&
      text.size() - dot - 1 > static_cast<size_t>(precision))
    text = toChars(value, std::chars_format::fixed, precision);
  FloatDigits digits;
  splitMantissa(text, digits);
  return digits;
}

template <typename T> FloatDigits scientificDigits(T value, int precision) {
  std::string text = toChars(value, std::chars_format::scientific);
  size_t e = text.find('e');
  size_t dot = text.find('.');
  if (dot != std::string::npos &&
      e - dot - 1 > static_cast<size_t>(precision)) {
    text = toChars(value, std::chars_format::scientific, precision);
    e = text.find('e');
  }
  FloatDigits digits;
  splitMantissa(text.substr(0, e), digits);
  digits.exponent = text.substr(e + 1);
  return digits;
}

//===----------------------------------------------------------------------===//
// Element formats
//===----------------------------------------------------------------------===//

/// Formats the element at a flat (C-order) position.
using ElementFormatter = std::function<std::string(int64_t)>;

std::string padLeft(const std::string &text, size_t width) {
  return text.size() >= width ? text
                              : std::string(width - text.size(), ' ') + text;
}

std::string padRight(const std::string &text, size_t width) {
  return text.size() >= width ? text
                              : text + std::string(width - text.size(), ' ');
}

/// NumPy's FloatingFormat in "maxprec" mode, fitted to `shown` (the
/// positions that will be printed).
template <typename T>
ElementFormatter makeFloatFormatter(std::vector<T> values,
                                    const std::vector<int64_t> &shown,
                                    int precision) {
  std::vector<T> finite;
  bool anyNonFinite = false, anyNegativeInfinity = false;
  for (int64_t position : shown) {
    T value = values[position];
    if (std::isfinite(value))
      finite.push_back(value);
    else {
      anyNonFinite = true;
      anyNegativeInfinity |= std::isinf(value) && value < 0;
    }
  }

  bool scientific = false;
  double maxMagnitude = 0, minMagnitude = INFINITY;
  for (T value : finite) {
    if (value == 0)
      continue;
    double magnitude = std::fabs(static_cast<double>(value));
    maxMagnitude = std::max(maxMagnitude, magnitude);
    minMagnitude = std::min(minMagnitude, magnitude);
  }
  if (maxMagnitude > 0)
    scientific = maxMagnitude >= 1e8 || minMagnitude < 1e-4 ||
                 maxMagnitude / minMagnitude > 1000.0;

  size_t padLeftWidth = 0, padRightWidth = 0, fractionDigits = 0,
         exponentDigits = 0;
  for (T value : finite) {
    FloatDigits digits = scientific ? scientificDigits(value, precision)
                                    : positionalDigits(value, precision);
    padLeftWidth = std::max(padLeftWidth, digits.integerPart.size());
    fractionDigits = std::max(fractionDigits, digits.fractionPart.size());
    if (scientific)
      exponentDigits = std::max(exponentDigits, digits.exponent.size() - 1);
  }
  padRightWidth =
      scientific ? exponentDigits + 2 + fractionDigits : fractionDigits;
  if (anyNonFinite) {
    size_t offset = padRightWidth + 1;
    size_t infinityLength = 3 + (anyNegativeInfinity ? 1 : 0);
    if (3 > offset)
      padLeftWidth = std::max(padLeftWidth, 3 - offset);
    if (infinityLength > offset)
      padLeftWidth = std::max(padLeftWidth, infinityLength - offset);
  }

  return [values = std::move(values), scientific, precision, padLeftWidth,
          padRightWidth, fractionDigits, exponentDigits](int64_t position) {
    T value = values[position];
    if (!std::isfinite(value)) {
      std::string text = std::isnan(value) ? "nan" : value < 0 ? "-inf" : "inf";
      return padLeft(text, padLeftWidth + padRightWidth + 1);
    }
    if (!scientific) {
      FloatDigits digits = positionalDigits(value, precision);
      return padLeft(digits.integerPart, padLeftWidth) + "." +
             padRight(digits.fractionPart, padRightWidth);
    }
    // Scientific: every mantissa gets the same number of digits (zeros
    // appended), every exponent the same number of digits.
    FloatDigits digits = scientificDigits(value, precision);
    std::string fraction = digits.fractionPart;
    fraction.append(fractionDigits - fraction.size(), '0');
    std::string exponentValue = digits.exponent.substr(1);
    exponentValue.insert(0, exponentDigits - exponentValue.size(), '0');
    return padLeft(digits.integerPart, padLeftWidth) + "." + fraction + "e" +
           digits.exponent[0] + exponentValue;
  };
}

ElementFormatter makeIntegerFormatter(std::vector<int64_t> values,
                                      const std::vector<int64_t> &shown) {
  size_t width = 0;
  for (int64_t position : shown)
    width = std::max(width, std::to_string(values[position]).size());
  return [values = std::move(values), width](int64_t position) {
    return padLeft(std::to_string(values[position]), width);
  };
}

ElementFormatter makeBoolFormatter(std::vector<bool> values) {
  return [values = std::move(values)](int64_t position) {
    return std::string(values[position] ? " True" : "False");
  };
}

ElementFormatter makeFormatter(const Array &array,
                               const std::vector<int64_t> &shown,
                               int precision) {
  switch (array.dtype()) {
  case DType::F32:
    return makeFloatFormatter(array.toVector<float>(), shown, precision);
  case DType::F64:
    return makeFloatFormatter(array.toVector<double>(), shown, precision);
  case DType::I32:
  case DType::I64:
    return makeIntegerFormatter(array.toVector<int64_t>(), shown);
  case DType::Bool:
    return makeBoolFormatter(array.toVector<bool>());
  }
  return {};
}

//===----------------------------------------------------------------------===//
// Scalars (rank 0)
//===----------------------------------------------------------------------===//

/// A float as NumPy prints a float scalar (like Python's repr).
template <typename T> std::string formatFloatScalar(T value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  double magnitude = std::fabs(static_cast<double>(value));
  if (value != 0 && (magnitude >= 1e16 || magnitude < 1e-4))
    return toChars(value, std::chars_format::scientific);
  std::string text = toChars(value, std::chars_format::fixed);
  if (text.find('.') == std::string::npos)
    text += ".0";
  return text;
}

std::string formatScalar(const Array &array) {
  switch (array.dtype()) {
  case DType::F32:
    return formatFloatScalar(array.toVector<float>()[0]);
  case DType::F64:
    return formatFloatScalar(array.toVector<double>()[0]);
  case DType::I32:
  case DType::I64:
    return std::to_string(array.toVector<int64_t>()[0]);
  case DType::Bool:
    return array.toVector<bool>()[0] ? "True" : "False";
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Layout
//===----------------------------------------------------------------------===//

/// Lays out the elements of an array in nested brackets, as NumPy's
/// _formatArray does.
class Layout {
public:
  Layout(const Shape &shape, const ElementFormatter &format,
         const PrintOptions &options, bool summarize)
      : shape(shape), strides(contiguousStrides(shape)), format(format),
        options(options), summarize(summarize) {}

  std::string print() { return recurse(0, 0, " ", options.lineWidth); }

private:
  bool summarizes(size_t axis) const {
    return summarize && 2 * options.edgeItems < shape[axis];
  }

  /// NumPy's _extendLine: appends `word` to `line`, moving `line` into
  /// `text` first when the word would not fit.
  void extendLine(std::string &text, std::string &line, const std::string &word,
                  int64_t width, const std::string &nextLinePrefix) {
    bool needsWrap = static_cast<int64_t>(line.size() + word.size()) > width;
    if (line.size() <= nextLinePrefix.size())
      needsWrap = false;
    if (needsWrap) {
      size_t end = line.find_last_not_of(' ');
      text += line.substr(0, end == std::string::npos ? 0 : end + 1) + "\n";
      line = nextLinePrefix;
    }
    line += word;
  }

  /// The positions along `axis` that are printed, with -1 marking "...".
  std::vector<int64_t> positions(size_t axis) const {
    std::vector<int64_t> result;
    int64_t length = shape[axis];
    if (!summarizes(axis)) {
      for (int64_t i = 0; i < length; ++i)
        result.push_back(i);
      return result;
    }
    for (int64_t i = 0; i < options.edgeItems; ++i)
      result.push_back(i);
    result.push_back(-1);
    for (int64_t i = length - options.edgeItems; i < length; ++i)
      result.push_back(i);
    return result;
  }

  std::string recurse(size_t axis, int64_t offset,
                      const std::string &hangingIndent, int64_t width) {
    if (axis == shape.size())
      return format(offset);
    std::string nextHangingIndent = hangingIndent + " ";
    int64_t nextWidth = width - 1;
    size_t axesLeft = shape.size() - axis;
    std::vector<int64_t> items = positions(axis);
    std::string text;
    if (axesLeft == 1) {
      int64_t elementWidth = width - 1;
      std::string line = hangingIndent;
      for (size_t i = 0; i < items.size(); ++i) {
        std::string word =
            items[i] < 0 ? "..."
                         : recurse(axis + 1, offset + items[i] * strides[axis],
                                   nextHangingIndent, nextWidth);
        extendLine(text, line, word, elementWidth, hangingIndent);
        if (i + 1 < items.size())
          line += " ";
      }
      text += line;
    } else {
      std::string lineSeparator(axesLeft - 1, '\n');
      for (size_t i = 0; i < items.size(); ++i) {
        text += hangingIndent;
        text += items[i] < 0
                    ? "..."
                    : recurse(axis + 1, offset + items[i] * strides[axis],
                              nextHangingIndent, nextWidth);
        if (i + 1 < items.size())
          text += lineSeparator;
      }
    }
    return "[" + text.substr(hangingIndent.size()) + "]";
  }

  const Shape &shape;
  Shape strides;
  const ElementFormatter &format;
  const PrintOptions &options;
  bool summarize;
};

/// The flat positions of the elements a summarized print shows (all of them
/// when not summarizing): NumPy fits the element format to those only.
std::vector<int64_t> shownPositions(const Shape &shape, bool summarize,
                                    int64_t edgeItems) {
  Shape strides = contiguousStrides(shape);
  std::vector<int64_t> shown{0};
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    int64_t length = shape[axis];
    std::vector<int64_t> indices;
    for (int64_t i = 0; i < length; ++i)
      if (!summarize || 2 * edgeItems >= length || i < edgeItems ||
          i >= length - edgeItems)
        indices.push_back(i);
    std::vector<int64_t> next;
    for (int64_t base : shown)
      for (int64_t index : indices)
        next.push_back(base + index * strides[axis]);
    shown = std::move(next);
  }
  return shown;
}

} // namespace

std::string scanjit::formatArray(const Array &array,
                                 const PrintOptions &options) {
  if (array.rank() == 0)
    return formatScalar(array);
  if (array.size() == 0)
    return "[]";
  bool summarize = array.size() > options.threshold;
  std::vector<int64_t> shown =
      shownPositions(array.shape(), summarize, options.edgeItems);
  ElementFormatter format = makeFormatter(array, shown, options.precision);
  return Layout(array.shape(), format, options, summarize).print();
}

std::ostream &scanjit::operator<<(std::ostream &os, const Array &array) {
  return os << formatArray(array);
}
