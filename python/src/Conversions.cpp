//===- Conversions.cpp - Python values to frontend values and back --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Conversions.h"

#include <memory>

namespace py = pybind11;

namespace scanjit::python {

DType &floatX() {
  static DType dtype = DType::F64;
  return dtype;
}

const char *numpyName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

namespace {
/// The DType of a NumPy dtype, if ScanJIT has one.
std::optional<DType> fromNumPy(const py::dtype &dtype) {
  char kind = dtype.kind();
  size_t size = static_cast<size_t>(dtype.itemsize());
  if (kind == 'f' && size == 8)
    return DType::F64;
  if (kind == 'f' && size == 4)
    return DType::F32;
  if (kind == 'i' && size == 8)
    return DType::I64;
  if (kind == 'i' && size == 4)
    return DType::I32;
  if (kind == 'b' && size == 1)
    return DType::Bool;
  return std::nullopt;
}

std::string describeNumPy(const py::dtype &dtype) {
  return py::str(static_cast<const py::handle &>(dtype)).cast<std::string>();
}

/// Releases the NumPy array an Array borrowed (from any thread).
void releaseNumPy(void *array) {
  py::gil_scoped_acquire gil;
  Py_DECREF(static_cast<PyObject *>(array));
}
} // namespace

DType toDType(py::handle value) {
  if (py::isinstance<py::str>(value)) {
    std::string name = value.cast<std::string>();
    if (name == "floatX")
      return floatX();
    for (DType dtype :
         {DType::F32, DType::F64, DType::I32, DType::I64, DType::Bool})
      if (name == numpyName(dtype) || name == toString(dtype))
        return dtype;
    throw Error("unknown dtype '" + name +
                "' (float32, float64, int32, int64, bool or floatX)");
  }
  py::dtype dtype;
  try {
    dtype = py::dtype::from_args(py::reinterpret_borrow<py::object>(value));
  } catch (py::error_already_set &) {
    throw Error("not a dtype: " + py::repr(value).cast<std::string>());
  }
  if (std::optional<DType> known = fromNumPy(dtype))
    return *known;
  throw Error("ScanJIT has no dtype " + describeNumPy(dtype) +
              " (float32, float64, int32, int64, bool)");
}

Array toArray(py::handle value, ArrayUse use, const std::string &what) {
  py::array array = py::array::ensure(value);
  if (!array)
    throw Error(what + ": cannot make an array of " +
                py::repr(value).cast<std::string>());
  std::optional<DType> dtype = fromNumPy(array.dtype());
  if (!dtype)
    throw Error(what + ": ScanJIT has no dtype " +
                describeNumPy(array.dtype()) +
                " (float32, float64, int32, int64, bool)");
  Shape shape(array.shape(), array.shape() + array.ndim());
  const py::ssize_t itemsize = array.itemsize();
  Shape strides;
  bool elementStrides = true;
  for (py::ssize_t i = 0; i < array.ndim(); ++i) {
    py::ssize_t stride = array.strides()[i];
    elementStrides = elementStrides && stride % itemsize == 0;
    strides.push_back(stride / itemsize);
  }
  if (use == ArrayUse::Copy || !elementStrides) {
    py::array packed = py::array::ensure(array, py::array::c_style);
    if (!packed)
      throw Error(what + ": cannot make a contiguous copy");
    Array view = Array::view(const_cast<void *>(packed.data()), *dtype, shape);
    if (use == ArrayUse::Copy)
      return view.clone();
    array = packed;
    strides = contiguousStrides(shape);
  }
  void *data = const_cast<void *>(array.data());
  return Array::adoptBuffer(array.release().ptr(), releaseNumPy, data, *dtype,
                            shape, strides);
}

py::array toNumPy(const Array &array) {
  auto owner = std::make_unique<Array>(array);
  py::capsule base(owner.get(),
                   [](void *kept) { delete static_cast<Array *>(kept); });
  Array *kept = owner.release();
  std::vector<py::ssize_t> shape(kept->shape().begin(), kept->shape().end());
  std::vector<py::ssize_t> strides;
  const py::ssize_t itemsize =
      static_cast<py::ssize_t>(elementSize(kept->dtype()));
  for (int64_t stride : kept->strides())
    strides.push_back(static_cast<py::ssize_t>(stride) * itemsize);
  return py::array(py::dtype(numpyName(kept->dtype())), shape, strides,
                   kept->data(), base);
}

Var toVar(py::handle value, const Var *like) {
  if (py::isinstance<Var>(value))
    return value.cast<Var>();
  if (py::isinstance<py::bool_>(value))
    return like ? detail::numberLike(value.cast<bool>(), true, *like)
                : constant(Array::scalar(value.cast<bool>()));
  if (py::isinstance<py::int_>(value)) {
    int overflow = 0;
    long long integer = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow)
      throw Error("the integer " + py::str(value).cast<std::string>() +
                  " does not fit in int64");
    if (like)
      return detail::numberLike(static_cast<double>(integer), true, *like);
    return constant(Array::scalar(static_cast<int64_t>(integer)));
  }
  if (py::isinstance<py::float_>(value)) {
    if (like)
      return detail::numberLike(value.cast<double>(), false, *like);
    return constant(value.cast<double>(), floatX());
  }
  return constant(toArray(value, ArrayUse::Copy, "a constant"));
}

} // namespace scanjit::python
