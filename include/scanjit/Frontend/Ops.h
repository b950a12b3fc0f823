//===- Ops.h - Tensor operations of the C++ frontend ------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The operations on Vars, named as in Theano / NumPy. Elementwise operations
// broadcast (see Var.h) and promote dtypes as NumPy does (bool < i32 < i64 <
// f32 < f64, with integers and f32 together giving f64). Each call traces its
// ops (see Var.h); nothing is computed until `function()` compiles them.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_OPS_H
#define SCANJIT_FRONTEND_OPS_H

#include "scanjit/Frontend/Var.h"
#include "scanjit/Array/Array.h"

#include <concepts>
#include <source_location>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace scanjit {

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// A constant holding a copy of `value`.
Var constant(const Array &value, std::string name = "",
             std::source_location loc = std::source_location::current());
/// A scalar constant of `dtype`.
Var constant(double value, DType dtype = DType::F64,
             std::source_location loc = std::source_location::current());

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// -x.
Var neg(const Var &x,
        std::source_location loc = std::source_location::current());
/// |x|.
Var abs(const Var &x,
        std::source_location loc = std::source_location::current());
/// e**x.
Var exp(const Var &x,
        std::source_location loc = std::source_location::current());
/// e**x - 1, accurate for small x (NumPy's expm1).
Var expm1(const Var &x,
          std::source_location loc = std::source_location::current());
/// The natural logarithm.
Var log(const Var &x,
        std::source_location loc = std::source_location::current());
/// The hyperbolic tangent.
Var tanh(const Var &x,
         std::source_location loc = std::source_location::current());
/// The logistic function 1 / (1 + exp(-x)).
Var sigmoid(const Var &x,
            std::source_location loc = std::source_location::current());
/// The square root.
Var sqrt(const Var &x,
         std::source_location loc = std::source_location::current());
/// The sine.
Var sin(const Var &x,
        std::source_location loc = std::source_location::current());
/// The cosine.
Var cos(const Var &x,
        std::source_location loc = std::source_location::current());
/// x**y elementwise.
Var pow(const Var &x, const Var &y,
        std::source_location loc = std::source_location::current());
/// x**y with a constant exponent.
template <Number T>
Var pow(const Var &x, T y,
        std::source_location loc = std::source_location::current()) {
  return pow(x, detail::numberLike(y, x), loc);
}
/// The elementwise maximum (NaN if either is NaN).
Var maximum(const Var &a, const Var &b,
            std::source_location loc = std::source_location::current());
/// The elementwise minimum (NaN if either is NaN).
Var minimum(const Var &a, const Var &b,
            std::source_location loc = std::source_location::current());
/// The remainder of floor division, with the sign of the divisor (NumPy's
/// mod / remainder, Python's %): mod(-7, 3) = 2, mod(7, -3) = -2,
/// mod(-7.5, 2.0) = 0.5; floor_divide(a, b) * b + mod(a, b) == a up to
/// rounding.
/// For integers a zero divisor fails the call with "integer division or
/// modulo by zero" (NumPy warns and gives 0); for floats it gives NaN.
Var mod(const Var &a, const Var &b,
        std::source_location loc = std::source_location::current());
/// Division rounded toward minus infinity (NumPy's floor_divide, Python's
/// //): floor_divide(-7, 2) = -4, floor_divide(7.5, -2.0) = -4.0. The dtype
/// is the operands' promoted dtype (integers stay integers). For integers a
/// zero divisor fails the call as in mod(); for floats it gives a / b (inf
/// or NaN), as NumPy does.
Var floor_divide(const Var &a, const Var &b,
                 std::source_location loc = std::source_location::current());
/// -1, 0 or 1 as `x` is negative, zero or positive, in the dtype of `x`
/// (NumPy's sign); NaN stays NaN. Not defined for bools.
Var sign(const Var &x,
         std::source_location loc = std::source_location::current());
/// `x` limited to [lo, hi] elementwise: minimum(maximum(x, lo), hi), as
/// NumPy's clip (hi wins where lo > hi). `lo` and `hi` broadcast against
/// `x` and take part in the dtype promotion; NaN in `x` stays NaN.
Var clip(const Var &x, const Var &lo, const Var &hi,
         std::source_location loc = std::source_location::current());
/// a == b elementwise.
Var eq(const Var &a, const Var &b,
       std::source_location loc = std::source_location::current());
/// a != b elementwise.
Var neq(const Var &a, const Var &b,
        std::source_location loc = std::source_location::current());
/// a < b.
Var lt(const Var &a, const Var &b,
       std::source_location loc = std::source_location::current());
/// a <= b.
Var le(const Var &a, const Var &b,
       std::source_location loc = std::source_location::current());
/// a > b.
Var gt(const Var &a, const Var &b,
       std::source_location loc = std::source_location::current());
/// a >= b.
Var ge(const Var &a, const Var &b,
       std::source_location loc = std::source_location::current());
/// Logical and (numbers are true where they are not zero, as in NumPy).
Var logical_and(const Var &a, const Var &b,
                std::source_location loc = std::source_location::current());
/// Logical or (numbers are true where they are not zero).
Var logical_or(const Var &a, const Var &b,
               std::source_location loc = std::source_location::current());
/// Logical exclusive or (numbers are true where they are not zero).
Var logical_xor(const Var &a, const Var &b,
                std::source_location loc = std::source_location::current());
/// Logical not (numbers are true where they are not zero).
Var logical_not(const Var &a,
                std::source_location loc = std::source_location::current());
/// `a` where `condition` holds, else `b` (NumPy's where, Theano's switch);
/// the three broadcast together. A numeric condition holds where it is not
/// zero.
Var where(const Var &condition, const Var &a, const Var &b,
          std::source_location loc = std::source_location::current());
/// Theano's name for where().
inline Var switch_(const Var &condition, const Var &a, const Var &b,
                   std::source_location loc = std::source_location::current()) {
  return where(condition, a, b, loc);
}

/// The binary functions above with a C++ number on either side, which
/// takes the dtype of the Var when it can (as NumPy treats Python scalars):
/// `mod(i, 3)`, `maximum(x, 0.0)`, `eq(k, 0)`.
#define SCANJIT_NUMBER_FUNCTION(NAME)                                          \
  template <Number T>                                                          \
  Var NAME(const Var &a, T b,                                                  \
           std::source_location loc = std::source_location::current()) {       \
    return NAME(a, detail::numberLike(b, a), loc);                             \
  }                                                                            \
  template <Number T>                                                          \
  Var NAME(T a, const Var &b,                                                  \
           std::source_location loc = std::source_location::current()) {       \
    return NAME(detail::numberLike(a, b), b, loc);                             \
  }
SCANJIT_NUMBER_FUNCTION(maximum)
SCANJIT_NUMBER_FUNCTION(minimum)
SCANJIT_NUMBER_FUNCTION(mod)
SCANJIT_NUMBER_FUNCTION(floor_divide)
SCANJIT_NUMBER_FUNCTION(eq)
SCANJIT_NUMBER_FUNCTION(neq)
SCANJIT_NUMBER_FUNCTION(lt)
SCANJIT_NUMBER_FUNCTION(le)
SCANJIT_NUMBER_FUNCTION(gt)
SCANJIT_NUMBER_FUNCTION(ge)
#undef SCANJIT_NUMBER_FUNCTION

/// A clip() bound: a Var or a C++ number.
template <typename T>
concept ClipBound = Number<T> || std::same_as<std::remove_cvref_t<T>, Var>;

/// clip() with constant bounds (either or both): `clip(x, 0.0, 1.0)`,
/// `clip(i, 0, n)`. A number takes the dtype of `x` when it can.
template <ClipBound L, ClipBound H>
requires(Number<L> || Number<H>) Var
    clip(const Var &x, const L &lo, const H &hi,
         std::source_location loc = std::source_location::current()) {
  auto bound = [&](const auto &value) -> Var {
    if constexpr (Number<std::remove_cvref_t<decltype(value)>>)
      return detail::numberLike(value, x);
    else
      return value;
  };
  return clip(x, bound(lo), bound(hi), loc);
}

/// where() with a C++ number for either branch: `where(x > 0, x, 0.0)`.
template <Number T>
Var where(const Var &condition, const Var &a, T b,
          std::source_location loc = std::source_location::current()) {
  return where(condition, a, detail::numberLike(b, a), loc);
}
/// where() with a C++ number for the first branch.
template <Number T>
Var where(const Var &condition, T a, const Var &b,
          std::source_location loc = std::source_location::current()) {
  return where(condition, detail::numberLike(a, b), b, loc);
}
/// where() with C++ numbers for both branches: `where(c, 1.0, -1.0)`.
template <Number T, Number U>
Var where(const Var &condition, T a, U b,
          std::source_location loc = std::source_location::current()) {
  return where(condition, detail::numberLike(a, condition),
               detail::numberLike(b, condition), loc);
}
/// switch_() with a C++ number for either branch.
template <Number T>
Var switch_(const Var &condition, const Var &a, T b,
            std::source_location loc = std::source_location::current()) {
  return where(condition, a, b, loc);
}
/// switch_() with a C++ number for the first branch.
template <Number T>
Var switch_(const Var &condition, T a, const Var &b,
            std::source_location loc = std::source_location::current()) {
  return where(condition, a, b, loc);
}
/// switch_() with C++ numbers for both branches.
template <Number T, Number U>
Var switch_(const Var &condition, T a, U b,
            std::source_location loc = std::source_location::current()) {
  return where(condition, a, b, loc);
}

/// `x` converted to `dtype` (an explicit cast; floats to integers truncate).
Var cast(const Var &x, DType dtype,
         std::source_location loc = std::source_location::current());

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

/// `x`, checked (PyTensor's Assert): when the compiled function computes
/// the returned Var and some element of `condition` does not hold (a
/// numeric condition holds where it is not zero), the call throws
/// scanjit::Error with "check failed: " followed by `message`. The check
/// runs where the returned Var is computed, and only if it is used: use the
/// result in place of `x`. In a scan body it runs at every step when `x`
/// or `condition` depends on the step's arguments (once, before the loop,
/// when neither does). A constant condition that holds everywhere adds
/// nothing. Compiled code goes on after a failed check; the call throws
/// when it returns, reporting the first failure.
///
///   Var p = check(x, x >= 0.0, "x must not be negative");
[[nodiscard]] Var
check(const Var &x, const Var &condition, const std::string &message,
      std::source_location loc = std::source_location::current());
/// `condition` itself, checked as check(condition, condition, message)
/// does: use it (as `until`, in where(), ...) for the check to run.
[[nodiscard]] Var
check(const Var &condition, const std::string &message,
      std::source_location loc = std::source_location::current());

//===----------------------------------------------------------------------===//
// Linear algebra, reductions, shapes
//===----------------------------------------------------------------------===//

/// NumPy's dot: scalar products scale, vector . vector is a scalar,
/// vector . matrix and matrix . vector are vectors, matrix . matrix a matrix.
Var dot(const Var &a, const Var &b,
        std::source_location loc = std::source_location::current());
/// The sum over `axes`.
Var sum(const Var &x, Axes axes = {}, bool keepdims = false,
        std::source_location loc = std::source_location::current());
/// The mean over `axes`.
Var mean(const Var &x, Axes axes = {}, bool keepdims = false,
         std::source_location loc = std::source_location::current());
/// The maximum over `axes`.
Var max(const Var &x, Axes axes = {}, bool keepdims = false,
        std::source_location loc = std::source_location::current());
/// The minimum over `axes`.
Var min(const Var &x, Axes axes = {}, bool keepdims = false,
        std::source_location loc = std::source_location::current());
/// The product over `axes`.
Var prod(const Var &x, Axes axes = {}, bool keepdims = false,
         std::source_location loc = std::source_location::current());

/// `xs` joined along the existing dimension `axis`.
Var concatenate(const std::vector<Var> &xs, int64_t axis = 0,
                std::source_location loc = std::source_location::current());
/// `xs` stacked along a new dimension `axis`.
Var stack(const std::vector<Var> &xs, int64_t axis = 0,
          std::source_location loc = std::source_location::current());

/// A size in a shape: a constant or a symbolic integer scalar.
using Dim = std::variant<int64_t, Var>;

/// [0, 1, ..., stop - 1]; i64 for a constant `stop`, the dtype of a
/// symbolic one.
Var arange(const Var &stop,
           std::source_location loc = std::source_location::current());
/// [0, 1, ..., stop - 1] as i64.
Var arange(int64_t stop,
           std::source_location loc = std::source_location::current());
/// [start, start + step, ...) up to `stop` (excluded), with the dtype that
/// the bounds promote to.
Var arange(const Var &start, const Var &stop, const Var &step,
           std::source_location loc = std::source_location::current());
/// An array of zeros of `shape`.
Var zeros(const std::vector<Dim> &shape, DType dtype = DType::F64,
          std::source_location loc = std::source_location::current());
/// An array of zeros whose shape is the i64 vector `shape` (e.g. x.shape()).
Var zeros(const Var &shape, DType dtype = DType::F64,
          std::source_location loc = std::source_location::current());
/// An array of ones of `shape`.
Var ones(const std::vector<Dim> &shape, DType dtype = DType::F64,
         std::source_location loc = std::source_location::current());
/// An array of ones whose shape is the i64 vector `shape`.
Var ones(const Var &shape, DType dtype = DType::F64,
         std::source_location loc = std::source_location::current());
/// An array of `shape` filled with `value`.
Var full(const std::vector<Dim> &shape, double value, DType dtype = DType::F64,
         std::source_location loc = std::source_location::current());
/// The n x n identity.
Var eye(Dim n, DType dtype = DType::F64,
        std::source_location loc = std::source_location::current());
/// Zeros with the shape and dtype of `x`.
Var zeros_like(const Var &x,
               std::source_location loc = std::source_location::current());
/// Ones with the shape and dtype of `x`.
Var ones_like(const Var &x,
              std::source_location loc = std::source_location::current());
/// `value` with the shape and dtype of `x`.
Var full_like(const Var &x, double value,
              std::source_location loc = std::source_location::current());

//===----------------------------------------------------------------------===//
// Subtensors
//===----------------------------------------------------------------------===//

/// `x` with the part that `part` (an indexing or slicing of x, such as
/// `x(i, j)` or `x[slice(1, 3)]`) selects replaced by `value`, broadcast to
/// its shape. Slices must have positive steps.
Var set_subtensor(const Var &part, const Var &value,
                  std::source_location loc = std::source_location::current());
/// `x` with `value` added to the part that `part` selects.
Var inc_subtensor(const Var &part, const Var &value,
                  std::source_location loc = std::source_location::current());

} // namespace scanjit

#endif // SCANJIT_FRONTEND_OPS_H
