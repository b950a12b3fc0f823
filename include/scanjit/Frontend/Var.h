//===- Var.h - Symbolic tensors of the C++ frontend -------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scanjit::Var is a symbolic tensor (Theano's TensorVariable): a value of the
// MLIR module its thread traces into. Each frontend call creates its ops at
// once, with the location of the user's call; `function()` copies what its
// outputs depend on into a func.func and compiles it. It has a dtype and a
// rank; each dimension's size is known (a constant's, a literal's) or
// dynamic. Building a Var never computes anything.
//
// Functions take a defaulted std::source_location; operators cannot, and
// their ops take the location of the innermost frontend call in progress
// (the scan whose fn is traced), or an unknown one at top level.
//
// Broadcasting follows Theano: operands are aligned on their trailing
// dimensions, missing leading dimensions broadcast, and a dimension
// broadcasts only if its size is statically 1.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_VAR_H
#define SCANJIT_FRONTEND_VAR_H

#include "scanjit/Array/DType.h"

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <source_location>
#include <string>
#include <variant>
#include <vector>

namespace scanjit {

namespace detail {
struct TracedValue;
} // namespace detail

/// The size of a dimension that is only known when the function runs.
inline constexpr int64_t kDynamic = -1;

/// The static type of a Var: its element type and the size of each
/// dimension (kDynamic where unknown).
struct TensorType {
  DType dtype = DType::F64;
  std::vector<int64_t> shape;

  /// The number of dimensions.
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// "f64[?, 3]"; "f64[]" for a scalar.
  std::string str() const;

  bool operator==(const TensorType &) const = default;
};

/// Python's None where the API takes one: a slice bound left out, or an
/// output of `scan` that is not fed back (`outputs_info=None`).
struct NoneType {};
/// Python's None (see NoneType).
inline constexpr NoneType none{};

/// A C++ number usable where the API takes a constant.
template <typename T>
concept Number = std::integral<T> || std::floating_point<T>;

class Var;
class Index;

/// A list of axes: one axis, several, or (default) all of them.
struct Axes {
  /// All axes.
  Axes() = default;
  /// One axis (negative counts from the end).
  Axes(int64_t axis) : all(false), list{axis} {}
  /// Several axes.
  Axes(std::initializer_list<int64_t> axes) : all(false), list(axes) {}
  /// Several axes.
  Axes(std::vector<int64_t> axes) : all(false), list(std::move(axes)) {}

  /// True when no axis was named (meaning all of them).
  bool all = true;
  /// The axes named.
  std::vector<int64_t> list;
};

/// A symbolic tensor (see the file comment). Copies share the value.
class Var {
public:
  /// A null Var; using it in an operation throws scanjit::Error.
  Var() = default;
  /// Wraps a traced value (frontend internal).
  explicit Var(std::shared_ptr<detail::TracedValue> node)
      : node_(std::move(node)) {}

  /// False for a default-constructed Var.
  bool valid() const { return node_ != nullptr; }
  /// The static type.
  const TensorType &type() const;
  /// The element type.
  DType dtype() const { return type().dtype; }
  /// The number of dimensions.
  int64_t ndim() const { return type().rank(); }
  /// The name given at creation ("" if none).
  const std::string &name() const;
  /// The name, or a description of the Var if it has none.
  std::string describe() const;

  /// The shape as a symbolic i64 vector (Theano's `x.shape`).
  Var shape(std::source_location loc = std::source_location::current()) const;
  /// The size of dimension `axis` as a symbolic i64 scalar.
  Var shape(int64_t axis,
            std::source_location loc = std::source_location::current()) const;
  /// The number of elements as a symbolic i64 scalar.
  Var size(std::source_location loc = std::source_location::current()) const;

  /// The transpose: dimensions in reverse order (`x.T`).
  Var T(std::source_location loc = std::source_location::current()) const;
  /// Dimensions permuted: result dimension i is dimension `perm[i]`.
  Var transpose(
      std::vector<int64_t> perm,
      std::source_location loc = std::source_location::current()) const;
  /// The same elements in a new shape (one entry may be -1).
  Var reshape(std::vector<Var> shape,
              std::source_location loc = std::source_location::current()) const;
  /// The same elements in a new shape given by constants (one may be -1).
  Var reshape(std::vector<int64_t> shape,
              std::source_location loc = std::source_location::current()) const;
  /// The elements converted to `dtype` (an explicit cast).
  Var astype(DType dtype,
             std::source_location loc = std::source_location::current()) const;

  /// The sum over `axes` (all by default).
  Var sum(Axes axes = {}, bool keepdims = false,
          std::source_location loc = std::source_location::current()) const;
  /// The mean over `axes`.
  Var mean(Axes axes = {}, bool keepdims = false,
           std::source_location loc = std::source_location::current()) const;
  /// The maximum over `axes`.
  Var max(Axes axes = {}, bool keepdims = false,
          std::source_location loc = std::source_location::current()) const;
  /// The minimum over `axes`.
  Var min(Axes axes = {}, bool keepdims = false,
          std::source_location loc = std::source_location::current()) const;
  /// The product over `axes`.
  Var prod(Axes axes = {}, bool keepdims = false,
           std::source_location loc = std::source_location::current()) const;

  /// Indexes or slices the leading dimension: `x[2]`, `x[-1]`, `x[i]`,
  /// `x[slice(none, none, -1)]`.
  Var operator[](const Index &index) const;
  /// Indexes or slices the leading dimensions, one index each: `X(i, j)`.
  Var at(std::vector<Index> indices,
         std::source_location loc = std::source_location::current()) const;
  /// `X(i, j)`, the same as at({i, j}).
  template <typename... Indices> Var operator()(Indices &&...indices) const;

  /// The traced value (frontend internal).
  const std::shared_ptr<detail::TracedValue> &node() const { return node_; }

private:
  std::shared_ptr<detail::TracedValue> node_;
};

/// One bound of a slice: none (the default), a constant or a symbolic
/// integer scalar. Negative values count from the end.
class SliceBound {
public:
  /// Left out.
  SliceBound(NoneType = none) {}
  /// A constant.
  template <std::integral T>
  SliceBound(T value) : value(static_cast<int64_t>(value)) {}
  /// A symbolic integer scalar.
  SliceBound(Var value) : value(std::move(value)) {}

  /// The bound.
  std::variant<NoneType, int64_t, Var> value;
};

/// A slice `start:stop:step` of one dimension, as in Python.
struct Slice {
  SliceBound start, stop;
  /// The step, a non-zero constant; negative steps walk backwards.
  int64_t step = 1;
};

/// Python's `start:stop:step`; `slice(none, none, -1)` reverses.
inline Slice slice(SliceBound start, SliceBound stop, int64_t step = 1) {
  return Slice{std::move(start), std::move(stop), step};
}

/// What indexes one dimension: a constant, a symbolic integer scalar (both
/// drop the dimension; negative values count from the end) or a Slice.
class Index {
public:
  /// A constant index.
  template <std::integral T>
  Index(T value) : value(static_cast<int64_t>(value)) {}
  /// A symbolic integer index.
  Index(Var value) : value(std::move(value)) {}
  /// A slice.
  Index(Slice value) : value(std::move(value)) {}

  /// The index.
  std::variant<int64_t, Var, Slice> value;
};

template <typename... Indices> Var Var::operator()(Indices &&...indices) const {
  return at(std::vector<Index>{Index(std::forward<Indices>(indices))...});
}

namespace detail {
/// A rank-0 constant holding `value` with a dtype that suits `like`: its
/// dtype for an integer `value`, or for a float `value` when `like` is a
/// float; f64 otherwise.
Var numberLike(double value, bool isInteger, const Var &like);

template <Number T> Var numberLike(T value, const Var &like) {
  return numberLike(static_cast<double>(value), std::integral<T>, like);
}
} // namespace detail

//===----------------------------------------------------------------------===//
// Operators (NumPy semantics with broadcasting and dtype promotion)
//===----------------------------------------------------------------------===//

/// Elementwise sum.
Var operator+(const Var &a, const Var &b);
/// Elementwise difference.
Var operator-(const Var &a, const Var &b);
/// Elementwise product.
Var operator*(const Var &a, const Var &b);
/// Elementwise quotient: true division, floats for integer operands.
Var operator/(const Var &a, const Var &b);
/// Elementwise remainder with the sign of the divisor (NumPy's and
/// Python's %; see mod() in Ops.h).
Var operator%(const Var &a, const Var &b);
/// Elementwise negation.
Var operator-(const Var &a);
/// Elementwise a < b.
Var operator<(const Var &a, const Var &b);
/// Elementwise a <= b.
Var operator<=(const Var &a, const Var &b);
/// Elementwise a > b.
Var operator>(const Var &a, const Var &b);
/// Elementwise a >= b.
Var operator>=(const Var &a, const Var &b);
/// Elementwise logical (bool) or bitwise (integer) and.
Var operator&(const Var &a, const Var &b);
/// Elementwise logical or bitwise or.
Var operator|(const Var &a, const Var &b);
/// Elementwise logical or bitwise exclusive or.
Var operator^(const Var &a, const Var &b);
/// Elementwise logical not of a bool tensor.
Var operator!(const Var &a);

#define SCANJIT_NUMBER_OPERATOR(OP)                                            \
  template <Number T> Var operator OP(const Var &a, T b) {                     \
    return a OP detail::numberLike(b, a);                                      \
  }                                                                            \
  template <Number T> Var operator OP(T a, const Var &b) {                     \
    return detail::numberLike(a, b) OP b;                                      \
  }
SCANJIT_NUMBER_OPERATOR(+)
SCANJIT_NUMBER_OPERATOR(-)
SCANJIT_NUMBER_OPERATOR(*)
SCANJIT_NUMBER_OPERATOR(/)
SCANJIT_NUMBER_OPERATOR(%)
SCANJIT_NUMBER_OPERATOR(<)
SCANJIT_NUMBER_OPERATOR(<=)
SCANJIT_NUMBER_OPERATOR(>)
SCANJIT_NUMBER_OPERATOR(>=)
#undef SCANJIT_NUMBER_OPERATOR

} // namespace scanjit

#endif // SCANJIT_FRONTEND_VAR_H
