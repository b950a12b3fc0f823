//===- Conversions.h - Python values to frontend values ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// NumPy arrays cross into and out of ScanJIT without copies where their
// layout allows: an argument of a compiled function borrows the NumPy
// buffer for the call, and a result becomes a NumPy array over the memory
// the compiled code allocated. Dtypes follow NumPy's names; Python numbers
// in symbolic expressions take the other operand's dtype as NumPy scalars do.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_PYTHON_CONVERSIONS_H
#define SCANJIT_PYTHON_CONVERSIONS_H

#include "scanjit/ScanJIT.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

namespace scanjit::python {

/// The dtype of Python floats and of `float`-typed constructors (Theano's
/// floatX): "float64" unless scanjit.config.floatX says otherwise.
DType &floatX();

/// NumPy's name of `dtype` ("float64", "int32", "bool").
const char *numpyName(DType dtype);

/// The dtype `value` names: a string ("float32", "floatX", "int64"...), a
/// NumPy dtype or scalar type. Throws scanjit::Error for any other.
DType toDType(pybind11::handle value);

/// How an Array made from Python data may use that data.
enum class ArrayUse {
  /// Only while the call that made it runs: the NumPy buffer is shared.
  Borrow,
  /// For as long as ScanJIT likes (constants, shared values): a copy.
  Copy,
};

/// `value` (a NumPy array or anything numpy.asarray takes) as an Array.
/// `what` names it in errors ("argument 'X'").
Array toArray(pybind11::handle value, ArrayUse use, const std::string &what);

/// `array` as a NumPy array over the same memory, which it keeps alive.
pybind11::array toNumPy(const Array &array);

/// `value` as a Var: a Var itself; a Python number, as a constant of
/// `like`'s kind when given (NumPy's rules for scalars), else of its own
/// (floats get floatX); anything else, a constant array.
Var toVar(pybind11::handle value, const Var *like = nullptr);

} // namespace scanjit::python

#endif // SCANJIT_PYTHON_CONVERSIONS_H
