//===- Array.h - Host arrays for compiled code ------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scanjit::Array is the n-dimensional array of the C++ API: what compiled
// functions take and return. It has a dtype (see DType.h), a shape, strides
// counted in elements (NumPy's strides divided by the element size) and a
// pointer to its first element.
//
// An Array either owns its buffer or views memory it does not own:
//  - owning arrays come from the factories (zeros, ones, full, eye, arange,
//    the nested-list constructors, clone), zero-filled and 64-byte aligned
//    (16 for buffers of at most 64 bytes), and from the buffers compiled
//    code returns, freed through the runtime;
//  - Array::view wraps user memory, which must outlive the view.
// An Array is a handle, like a NumPy array object bound to a new name:
// copying an Array shares its buffer. clone() makes an independent copy.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_ARRAY_H
#define SCANJIT_ARRAY_ARRAY_H

#include "scanjit/Array/DType.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace scanjit {

/// Sizes (or strides) of an array, outermost dimension first.
using Shape = std::vector<int64_t>;

/// "[3, 2]"; "[]" for rank 0.
std::string formatShape(std::span<const int64_t> shape);

/// The strides, in elements, of a C-order (row-major) array of `shape`.
Shape contiguousStrides(std::span<const int64_t> shape);

/// An n-dimensional array of f32, f64, i32, i64 or bool elements.
class Array {
public:
  /// An empty f64 array of shape [0].
  Array();

  /// A rank-1 array of `values`, with the dtype of `T` (int gives i32,
  /// int64_t gives i64, double gives f64, ...).
  template <ArrayElement T>
  Array(std::initializer_list<T> values) : Array(values, dtypeOf<T>()) {}
  /// A rank-1 array of `values` converted to `dtype`.
  template <ArrayElement T>
  Array(std::initializer_list<T> values, DType dtype)
      : Array(fromValues(dtype, {static_cast<int64_t>(values.size())},
                         std::vector<T>(values))) {}

  /// A rank-2 array from nested lists (rows of equal length).
  template <ArrayElement T>
  Array(std::initializer_list<std::initializer_list<T>> rows)
      : Array(rows, dtypeOf<T>()) {}
  /// A rank-2 array from nested lists, converted to `dtype`.
  template <ArrayElement T>
  Array(std::initializer_list<std::initializer_list<T>> rows, DType dtype);

  /// A rank-3 array from nested lists.
  template <ArrayElement T>
  Array(std::initializer_list<std::initializer_list<std::initializer_list<T>>>
            planes)
      : Array(planes, dtypeOf<T>()) {}
  /// A rank-3 array from nested lists, converted to `dtype`.
  template <ArrayElement T>
  Array(std::initializer_list<std::initializer_list<std::initializer_list<T>>>
            planes,
        DType dtype);

  /// A rank-0 array holding `value`, with the dtype of `T`.
  template <ArrayElement T> static Array scalar(T value) {
    return scalar(value, dtypeOf<T>());
  }
  /// A rank-0 array holding `value` converted to `dtype`.
  template <ArrayElement T> static Array scalar(T value, DType dtype) {
    if constexpr (std::same_as<T, bool>) {
      uint8_t byte = value;
      return fromElements(dtype, {}, DType::Bool, &byte, 1);
    } else {
      return fromElements(dtype, {}, dtypeOf<T>(), &value, 1);
    }
  }

  /// An owning array of `shape` filled with zeros.
  static Array zeros(DType dtype, const Shape &shape);
  /// An owning array of `shape` filled with ones.
  static Array ones(DType dtype, const Shape &shape);
  /// An owning array of `shape` filled with `value` converted to `dtype`.
  static Array full(DType dtype, const Shape &shape, double value);
  /// The n x n identity matrix.
  static Array eye(DType dtype, int64_t n);
  /// The rank-1 array [0, 1, ..., stop - 1].
  static Array arange(int64_t stop, DType dtype = DType::I64);
  /// The rank-1 array [start, start + step, ...) up to `stop` (excluded).
  static Array arange(double start, double stop, double step,
                      DType dtype = DType::F64);

  /// A non-owning view of user memory: `data` points to element [0, ..., 0]
  /// and `strides` are in elements (C order when empty). The memory must
  /// outlive the view and every array that shares it.
  static Array view(void *data, DType dtype, const Shape &shape,
                    const Shape &strides = {});
  /// A typed non-owning view of user memory (see above).
  template <ArrayElement T>
  static Array view(T *data, const Shape &shape, const Shape &strides = {}) {
    return view(static_cast<void *>(data), dtypeOf<T>(), shape, strides);
  }

  /// An array that takes ownership of a buffer (as compiled code returns
  /// them): `allocated` is what `release` frees when the last array sharing
  /// the buffer goes, and `data` points to element [0, ..., 0] inside it.
  static Array adoptBuffer(void *allocated, void (*release)(void *), void *data,
                           DType dtype, Shape shape, Shape strides);

  /// The element type.
  DType dtype() const { return dtypeValue; }
  /// The number of dimensions.
  int64_t rank() const { return static_cast<int64_t>(sizes.size()); }
  /// The size of each dimension.
  const Shape &shape() const { return sizes; }
  /// The size of dimension `dim`.
  int64_t dim(int64_t dim) const;
  /// The stride of each dimension, in elements.
  const Shape &strides() const { return elementStrides; }
  /// The number of elements.
  int64_t size() const;
  /// The dtype and shape, e.g. "f64[2, 2]".
  std::string typeString() const;
  /// True when the elements lie in C order without gaps.
  bool isContiguous() const;
  /// True when this array (with its copies) owns its buffer.
  bool ownsData() const { return storage != nullptr; }

  /// The address of element [0, ..., 0].
  void *data() { return firstElement; }
  /// The address of element [0, ..., 0].
  const void *data() const { return firstElement; }
  /// The address of element [0, ..., 0]; throws if `T` is not the dtype.
  template <ArrayElement T> T *data() {
    checkElementType(dtypeOf<T>());
    return static_cast<T *>(firstElement);
  }
  /// The address of element [0, ..., 0]; throws if `T` is not the dtype.
  template <ArrayElement T> const T *data() const {
    checkElementType(dtypeOf<T>());
    return static_cast<const T *>(firstElement);
  }

  /// The element at `index` (one entry per dimension; {} for rank 0).
  /// Throws scanjit::Error if `T` is not the dtype or the index is out of
  /// bounds.
  template <ArrayElement T> T &at(std::initializer_list<int64_t> index) {
    checkElementType(dtypeOf<T>());
    return *static_cast<T *>(elementAddress(index));
  }
  /// The element at `index` (see above).
  template <ArrayElement T>
  const T &at(std::initializer_list<int64_t> index) const {
    checkElementType(dtypeOf<T>());
    return *static_cast<const T *>(elementAddress(index));
  }

  /// The elements in C order, converted to `T`.
  template <ArrayElement T> std::vector<T> toVector() const {
    std::vector<T> values(static_cast<size_t>(size()));
    if constexpr (std::same_as<T, bool>) {
      // std::vector<bool> is packed: go through bytes.
      std::vector<uint8_t> bytes(values.size());
      copyConvertedTo(DType::Bool, bytes.data());
      for (size_t i = 0; i < bytes.size(); ++i)
        values[i] = bytes[i] != 0;
    } else {
      copyConvertedTo(dtypeOf<T>(), values.data());
    }
    return values;
  }

  /// An owning, contiguous copy.
  Array clone() const;
  /// This array if it is contiguous, else a contiguous copy.
  Array contiguous() const;
  /// An owning, contiguous copy converted to `dtype`. Throws when a value
  /// does not fit (a NaN or out-of-range float converted to an integer).
  Array astype(DType dtype) const;

private:
  Array(DType dtype, Shape shape, Shape strides, std::shared_ptr<void> storage,
        void *firstElement);

  /// An owning, zero-filled, contiguous array.
  static Array allocate(DType dtype, const Shape &shape);
  /// An owning array of `shape` holding `values` (C order) converted to
  /// `dtype`.
  template <ArrayElement T>
  static Array fromValues(DType dtype, const Shape &shape,
                          const std::vector<T> &values) {
    return fromElements(dtype, shape, dtypeOf<T>(), values.data(),
                        static_cast<int64_t>(values.size()));
  }
  static Array fromValues(DType dtype, const Shape &shape,
                          const std::vector<bool> &values);
  static Array fromElements(DType dtype, const Shape &shape, DType sourceType,
                            const void *source, int64_t count);
  /// Throws unless the array length of every nested list equals the first.
  static void checkRectangular(std::span<const size_t> lengths,
                               const char *what);

  void checkElementType(DType requested) const;
  void *elementAddress(std::initializer_list<int64_t> index) const;
  /// Writes the elements in C order, converted to `dtype`, to `out`.
  void copyConvertedTo(DType dtype, void *out) const;

  DType dtypeValue = DType::F64;
  Shape sizes;
  Shape elementStrides;
  /// The owned buffer; null for views.
  std::shared_ptr<void> storage;
  void *firstElement = nullptr;
};

template <ArrayElement T>
Array::Array(std::initializer_list<std::initializer_list<T>> rows, DType dtype)
    : Array() {
  std::vector<size_t> lengths;
  std::vector<T> values;
  for (const auto &row : rows) {
    lengths.push_back(row.size());
    values.insert(values.end(), row.begin(), row.end());
  }
  checkRectangular(lengths, "row");
  int64_t columns = lengths.empty() ? 0 : static_cast<int64_t>(lengths[0]);
  *this =
      fromValues(dtype, {static_cast<int64_t>(rows.size()), columns}, values);
}

template <ArrayElement T>
Array::Array(
    std::initializer_list<std::initializer_list<std::initializer_list<T>>>
        planes,
    DType dtype)
    : Array() {
  std::vector<size_t> planeLengths, rowLengths;
  std::vector<T> values;
  for (const auto &plane : planes) {
    planeLengths.push_back(plane.size());
    for (const auto &row : plane) {
      rowLengths.push_back(row.size());
      values.insert(values.end(), row.begin(), row.end());
    }
  }
  checkRectangular(planeLengths, "plane");
  checkRectangular(rowLengths, "row");
  int64_t rowsPerPlane =
      planeLengths.empty() ? 0 : static_cast<int64_t>(planeLengths[0]);
  int64_t columns =
      rowLengths.empty() ? 0 : static_cast<int64_t>(rowLengths[0]);
  *this = fromValues(
      dtype, {static_cast<int64_t>(planes.size()), rowsPerPlane, columns},
      values);
}

/// True when `a` and `b` have the same dtype, shape and elements (NaN
/// differs from everything, as in numpy.array_equal).
bool arrayEqual(const Array &a, const Array &b);

/// True when `a` and `b` have the same shape and, compared as doubles,
/// |a - b| <= atol + rtol * |b| elementwise (as numpy.allclose; dtypes may
/// differ).
bool allClose(const Array &a, const Array &b, double rtol = 1e-7,
              double atol = 0.0);

/// Prints `array` as NumPy's str() does (see ArrayFormat.h).
std::ostream &operator<<(std::ostream &os, const Array &array);

} // namespace scanjit

#endif // SCANJIT_ARRAY_ARRAY_H
