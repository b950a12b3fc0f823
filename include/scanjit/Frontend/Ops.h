//===- Ops.h - Tensor operations of the C++ frontend ------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The operations on Vars, named as in Theano / NumPy. Elementwise operations
// broadcast (see Var.h) and promote dtypes as NumPy does (bool < i32 < i64 <
// f32 < f64, with integers and f32 together giving f64). Each call adds a
// node to the graph; nothing is computed until `function()` compiles it.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_OPS_H
#define SCANJIT_FRONTEND_OPS_H

#include "scanjit/Frontend/Var.h"
#include "scanjit/JIT/Array.h"

#include <variant>
#include <vector>

namespace scanjit {

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// A constant holding a copy of `value`.
Var constant(const Array &value, std::string name = "");
/// A scalar constant of `dtype`.
Var constant(double value, DType dtype = DType::F64);

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// -x.
Var neg(const Var &x);
/// |x|.
Var abs(const Var &x);
/// e**x.
Var exp(const Var &x);
/// The natural logarithm.
Var log(const Var &x);
/// The hyperbolic tangent.
Var tanh(const Var &x);
/// The logistic function 1 / (1 + exp(-x)).
Var sigmoid(const Var &x);
/// The square root.
Var sqrt(const Var &x);
/// The sine.
Var sin(const Var &x);
/// The cosine.
Var cos(const Var &x);
/// x**y elementwise.
Var pow(const Var &x, const Var &y);
/// x**y with a constant exponent.
template <Number T> Var pow(const Var &x, T y) {
  return pow(x, detail::numberLike(y, x));
}
/// The elementwise maximum.
Var maximum(const Var &a, const Var &b);
/// The elementwise minimum.
Var minimum(const Var &a, const Var &b);
/// a == b elementwise.
Var eq(const Var &a, const Var &b);
/// a != b elementwise.
Var neq(const Var &a, const Var &b);
/// a < b.
Var lt(const Var &a, const Var &b);
/// a <= b.
Var le(const Var &a, const Var &b);
/// a > b.
Var gt(const Var &a, const Var &b);
/// a >= b.
Var ge(const Var &a, const Var &b);
/// Logical and of bool tensors.
Var logical_and(const Var &a, const Var &b);
/// Logical or of bool tensors.
Var logical_or(const Var &a, const Var &b);
/// Logical exclusive or of bool tensors.
Var logical_xor(const Var &a, const Var &b);
/// Logical not of a bool tensor.
Var logical_not(const Var &a);
/// `a` where `condition` holds, else `b` (NumPy's where, Theano's switch).
Var where(const Var &condition, const Var &a, const Var &b);
/// Theano's name for where().
inline Var switch_(const Var &condition, const Var &a, const Var &b) {
  return where(condition, a, b);
}
/// `x` converted to `dtype` (an explicit cast; floats to integers truncate).
Var cast(const Var &x, DType dtype);

//===----------------------------------------------------------------------===//
// Linear algebra, reductions, shapes
//===----------------------------------------------------------------------===//

/// NumPy's dot: scalar products scale, vector . vector is a scalar,
/// vector . matrix and matrix . vector are vectors, matrix . matrix a matrix.
Var dot(const Var &a, const Var &b);
/// The sum over `axes`.
Var sum(const Var &x, Axes axes = {}, bool keepdims = false);
/// The mean over `axes`.
Var mean(const Var &x, Axes axes = {}, bool keepdims = false);
/// The maximum over `axes`.
Var max(const Var &x, Axes axes = {}, bool keepdims = false);
/// The minimum over `axes`.
Var min(const Var &x, Axes axes = {}, bool keepdims = false);
/// The product over `axes`.
Var prod(const Var &x, Axes axes = {}, bool keepdims = false);

/// `xs` joined along the existing dimension `axis`.
Var concatenate(const std::vector<Var> &xs, int64_t axis = 0);
/// `xs` stacked along a new dimension `axis`.
Var stack(const std::vector<Var> &xs, int64_t axis = 0);

/// A size in a shape: a constant or a symbolic integer scalar.
using Dim = std::variant<int64_t, Var>;

/// [0, 1, ..., stop - 1]; i64 for a constant `stop`, the dtype of a
/// symbolic one.
Var arange(const Var &stop);
/// [0, 1, ..., stop - 1] as i64.
Var arange(int64_t stop);
/// [start, start + step, ...) up to `stop` (excluded), with the dtype that
/// the bounds promote to.
Var arange(const Var &start, const Var &stop, const Var &step);
/// An array of zeros of `shape`.
Var zeros(const std::vector<Dim> &shape, DType dtype = DType::F64);
/// An array of zeros whose shape is the i64 vector `shape` (e.g. x.shape()).
Var zeros(const Var &shape, DType dtype = DType::F64);
/// An array of ones of `shape`.
Var ones(const std::vector<Dim> &shape, DType dtype = DType::F64);
/// An array of ones whose shape is the i64 vector `shape`.
Var ones(const Var &shape, DType dtype = DType::F64);
/// An array of `shape` filled with `value`.
Var full(const std::vector<Dim> &shape, double value,
         DType dtype = DType::F64);
/// The n x n identity.
Var eye(Dim n, DType dtype = DType::F64);
/// Zeros with the shape and dtype of `x`.
Var zeros_like(const Var &x);
/// Ones with the shape and dtype of `x`.
Var ones_like(const Var &x);
/// `value` with the shape and dtype of `x`.
Var full_like(const Var &x, double value);

//===----------------------------------------------------------------------===//
// Subtensors
//===----------------------------------------------------------------------===//

/// `x` with the part that `part` (an indexing or slicing of x, such as
/// `x(i, j)` or `x[slice(1, 3)]`) selects replaced by `value`, broadcast to
/// its shape. Slices must have positive steps.
Var set_subtensor(const Var &part, const Var &value);
/// `x` with `value` added to the part that `part` selects.
Var inc_subtensor(const Var &part, const Var &value);

} // namespace scanjit

#endif // SCANJIT_FRONTEND_OPS_H
