//===- Array.cpp - Host arrays passed to and returned by compiled code ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Array.h"

#include "scanjit/Support/Error.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

using namespace scanjit;

namespace {

/// The alignment of buffers that arrays allocate (a cache line, enough for
/// any vector load compiled code performs).
constexpr size_t kBufferAlignment = 64;

/// Buffers up to this size share one allocation with their reference count
/// (aligned to 16 bytes only), which makes small results cheap.
constexpr size_t kSmallBufferSize = 64;

/// One element, read as the widest C++ type of its kind.
struct Element {
  enum Kind { Float, Integer, Boolean } kind;
  double floatValue = 0;
  int64_t intValue = 0;
};

Element loadElement(const std::byte *address, DType dtype) {
  switch (dtype) {
  case DType::F32: {
    float value;
    std::memcpy(&value, address, sizeof(value));
    return {Element::Float, value, 0};
  }
  case DType::F64: {
    double value;
    std::memcpy(&value, address, sizeof(value));
    return {Element::Float, value, 0};
  }
  case DType::I32: {
    int32_t value;
    std::memcpy(&value, address, sizeof(value));
    return {Element::Integer, 0, value};
  }
  case DType::I64: {
    int64_t value;
    std::memcpy(&value, address, sizeof(value));
    return {Element::Integer, 0, value};
  }
  case DType::Bool: {
    uint8_t value;
    std::memcpy(&value, address, sizeof(value));
    return {Element::Boolean, 0, value != 0};
  }
  }
  return {Element::Integer, 0, 0};
}

std::string describe(const Element &element) {
  if (element.kind == Element::Float) {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.17g", element.floatValue);
    return buffer;
  }
  return std::to_string(element.intValue);
}

/// The integer `element` holds, checked to lie in [min, max].
int64_t toInteger(const Element &element, DType dtype, int64_t min,
                  int64_t max) {
  if (element.kind == Element::Float) {
    double value = std::trunc(element.floatValue);
    // 2^63 is the first double above the int64 range.
    if (!(value >= static_cast<double>(min) &&
          value <= static_cast<double>(max) && value < 9223372036854775808.0))
      throw Error("cannot convert " + describe(element) + " to " +
                  std::string(toString(dtype)) + ": out of range");
    return static_cast<int64_t>(value);
  }
  if (element.intValue < min || element.intValue > max)
    throw Error("cannot convert " + describe(element) + " to " +
                std::string(toString(dtype)) + ": out of range");
  return element.intValue;
}

void storeElement(std::byte *address, DType dtype, const Element &element) {
  double asDouble = element.kind == Element::Float
                        ? element.floatValue
                        : static_cast<double>(element.intValue);
  switch (dtype) {
  case DType::F32: {
    float value = static_cast<float>(asDouble);
    std::memcpy(address, &value, sizeof(value));
    return;
  }
  case DType::F64:
    std::memcpy(address, &asDouble, sizeof(asDouble));
    return;
  case DType::I32: {
    int32_t value =
        static_cast<int32_t>(toInteger(element, dtype, INT32_MIN, INT32_MAX));
    std::memcpy(address, &value, sizeof(value));
    return;
  }
  case DType::I64: {
    int64_t value = toInteger(element, dtype, INT64_MIN, INT64_MAX);
    std::memcpy(address, &value, sizeof(value));
    return;
  }
  case DType::Bool: {
    uint8_t value = element.kind == Element::Float ? element.floatValue != 0
                                                   : element.intValue != 0;
    std::memcpy(address, &value, sizeof(value));
    return;
  }
  }
}

/// Calls `visit(offset)` with the element offset of every element of an
/// array of `shape` and `strides`, in C order.
template <typename Visit>
void forEachElementOffset(const Shape &shape, const Shape &strides,
                          Visit visit) {
  for (int64_t size : shape)
    if (size == 0)
      return;
  size_t rank = shape.size();
  Shape index(rank, 0);
  int64_t offset = 0;
  while (true) {
    visit(offset);
    // Advance the index like an odometer, innermost dimension first.
    size_t dim = rank;
    while (dim > 0) {
      --dim;
      if (++index[dim] < shape[dim]) {
        offset += strides[dim];
        break;
      }
      offset -= strides[dim] * (shape[dim] - 1);
      index[dim] = 0;
      if (dim == 0)
        return;
    }
    if (rank == 0)
      return;
  }
}

int64_t elementCount(const Shape &shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size < 0)
      throw Error("invalid shape " + formatShape(shape) +
                  ": sizes must not be negative");
    if (__builtin_mul_overflow(count, size, &count))
      throw Error("invalid shape " + formatShape(shape) +
                  ": too many elements");
  }
  return count;
}

} // namespace

std::string scanjit::formatShape(std::span<const int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

Shape scanjit::contiguousStrides(std::span<const int64_t> shape) {
  Shape strides(shape.size());
  int64_t stride = 1;
  for (size_t i = shape.size(); i > 0; --i) {
    strides[i - 1] = stride;
    // An empty array's other sizes still give its strides: as NumPy, their
    // product must fit ("array is too big").
    if (__builtin_mul_overflow(stride, shape[i - 1] > 0 ? shape[i - 1] : 1,
                               &stride))
      throw Error("invalid shape " + formatShape(shape) +
                  ": too many elements");
  }
  return strides;
}

Array::Array() : sizes{0}, elementStrides{1} {}

Array::Array(DType dtype, Shape shape, Shape strides,
             std::shared_ptr<void> storage, void *firstElement)
    : dtypeValue(dtype), sizes(std::move(shape)),
      elementStrides(std::move(strides)), storage(std::move(storage)),
      firstElement(firstElement) {}

Array Array::allocate(DType dtype, const Shape &shape) {
  int64_t count = elementCount(shape);
  // Bytes and the rounded-up size in checked arithmetic: a shape of 2^61
  // doubles must not wrap to a small buffer.
  int64_t bytes64 = 0, rounded64 = 0;
  if (__builtin_mul_overflow(count, static_cast<int64_t>(elementSize(dtype)),
                             &bytes64) ||
      __builtin_add_overflow(bytes64,
                             static_cast<int64_t>(kBufferAlignment - 1),
                             &rounded64))
    throw Error("cannot allocate an array of shape " + formatShape(shape) +
                " of " + std::string(toString(dtype)) + ": its size overflows 64 bits");
  size_t bytes = static_cast<size_t>(bytes64);
  if (bytes <= kSmallBufferSize) {
    std::shared_ptr<std::byte[]> small =
        std::make_shared<std::byte[]>(kSmallBufferSize);
    void *buffer = small.get();
    return Array(dtype, shape, contiguousStrides(shape),
                 std::shared_ptr<void>(std::move(small), buffer), buffer);
  }
  size_t rounded = (std::max<size_t>(bytes, 1) + kBufferAlignment - 1) /
                   kBufferAlignment * kBufferAlignment;
  void *buffer = std::aligned_alloc(kBufferAlignment, rounded);
  if (!buffer)
    throw Error("cannot allocate " + std::to_string(bytes) +
                " bytes for an array of shape " + formatShape(shape) + " of " +
                std::string(toString(dtype)));
  std::memset(buffer, 0, rounded);
  std::shared_ptr<void> storage(buffer, std::free);
  return Array(dtype, shape, contiguousStrides(shape), std::move(storage),
               buffer);
}

Array Array::fromElements(DType dtype, const Shape &shape, DType sourceType,
                          const void *source, int64_t count) {
  Array array = allocate(dtype, shape);
  if (count != array.size())
    throw Error("cannot make an array of shape " + formatShape(shape) +
                " from " + std::to_string(count) + " values");
  auto *from = static_cast<const std::byte *>(source);
  auto *to = static_cast<std::byte *>(array.firstElement);
  size_t fromSize = elementSize(sourceType), toSize = elementSize(dtype);
  for (int64_t i = 0; i < count; ++i)
    storeElement(to + i * toSize, dtype,
                 loadElement(from + i * fromSize, sourceType));
  return array;
}

Array Array::fromValues(DType dtype, const Shape &shape,
                        const std::vector<bool> &values) {
  std::vector<uint8_t> bytes(values.begin(), values.end());
  return fromElements(dtype, shape, DType::Bool, bytes.data(),
                      static_cast<int64_t>(bytes.size()));
}

void Array::checkRectangular(std::span<const size_t> lengths,
                             const char *what) {
  for (size_t i = 1; i < lengths.size(); ++i)
    if (lengths[i] != lengths[0])
      throw Error(std::string("ragged nested list: ") + what + " #" +
                  std::to_string(i) + " has " + std::to_string(lengths[i]) +
                  " elements but " + what + " #0 has " +
                  std::to_string(lengths[0]));
}

Array Array::zeros(DType dtype, const Shape &shape) {
  return allocate(dtype, shape);
}

Array Array::ones(DType dtype, const Shape &shape) {
  return full(dtype, shape, 1.0);
}

Array Array::full(DType dtype, const Shape &shape, double value) {
  Array array = allocate(dtype, shape);
  auto *to = static_cast<std::byte *>(array.firstElement);
  Element element{Element::Float, value, 0};
  size_t size = elementSize(dtype);
  for (int64_t i = 0, e = array.size(); i < e; ++i)
    storeElement(to + i * size, dtype, element);
  return array;
}

Array Array::eye(DType dtype, int64_t n) {
  Array array = allocate(dtype, {n, n});
  auto *to = static_cast<std::byte *>(array.firstElement);
  Element one{Element::Integer, 0, 1};
  for (int64_t i = 0; i < n; ++i)
    storeElement(to + (i * n + i) * elementSize(dtype), dtype, one);
  return array;
}

Array Array::arange(int64_t stop, DType dtype) {
  Array array = allocate(dtype, {std::max<int64_t>(stop, 0)});
  auto *to = static_cast<std::byte *>(array.firstElement);
  for (int64_t i = 0; i < stop; ++i)
    storeElement(to + i * elementSize(dtype), dtype,
                 Element{Element::Integer, 0, i});
  return array;
}

Array Array::arange(double start, double stop, double step, DType dtype) {
  if (step == 0 || !std::isfinite(start) || !std::isfinite(stop) ||
      !std::isfinite(step))
    throw Error("arange: start, stop and step must be finite and step "
                "non-zero");
  double count = std::ceil((stop - start) / step);
  // 2^63 is the first double beyond int64's range.
  if (!(count < 9223372036854775808.0))
    throw Error("arange: " + std::to_string(count) +
                " elements do not fit in an array");
  Array array = allocate(dtype, {count > 0 ? static_cast<int64_t>(count) : 0});
  auto *to = static_cast<std::byte *>(array.firstElement);
  for (int64_t i = 0, e = array.size(); i < e; ++i)
    storeElement(
        to + i * elementSize(dtype), dtype,
        Element{Element::Float, start + static_cast<double>(i) * step, 0});
  return array;
}

Array Array::view(void *data, DType dtype, const Shape &shape,
                  const Shape &strides) {
  int64_t count = elementCount(shape);
  if (!strides.empty() && strides.size() != shape.size())
    throw Error("a view of shape " + formatShape(shape) + " needs " +
                std::to_string(shape.size()) + " strides, not " +
                std::to_string(strides.size()));
  if (!data && count != 0)
    throw Error("a view of shape " + formatShape(shape) +
                " needs a non-null data pointer");
  return Array(dtype, shape,
               strides.empty() ? contiguousStrides(shape) : strides, nullptr,
               data);
}

Array Array::adoptBuffer(void *allocated, void (*release)(void *), void *data,
                         DType dtype, Shape shape, Shape strides) {
  elementCount(shape);
  if (strides.size() != shape.size())
    throw Error("a buffer of shape " + formatShape(shape) + " needs " +
                std::to_string(shape.size()) + " strides, not " +
                std::to_string(strides.size()));
  std::shared_ptr<void> storage(allocated, release);
  return Array(dtype, std::move(shape), std::move(strides), std::move(storage),
               data);
}

int64_t Array::dim(int64_t dim) const {
  if (dim < 0 || dim >= rank())
    throw Error("dimension " + std::to_string(dim) +
                " is out of range for an array of rank " +
                std::to_string(rank()));
  return sizes[dim];
}

int64_t Array::size() const { return elementCount(sizes); }

std::string Array::typeString() const {
  return std::string(toString(dtypeValue)) + formatShape(sizes);
}

bool Array::isContiguous() const {
  int64_t expected = 1;
  for (size_t i = sizes.size(); i > 0; --i) {
    int64_t size = sizes[i - 1];
    if (size == 0)
      return true;
    if (size != 1 && elementStrides[i - 1] != expected)
      return false;
    expected *= size;
  }
  return true;
}

void Array::checkElementType(DType requested) const {
  if (requested != dtypeValue)
    throw Error("cannot access the elements of a " + typeString() +
                " array as " + std::string(toString(requested)));
}

void *Array::elementAddress(std::initializer_list<int64_t> index) const {
  if (static_cast<int64_t>(index.size()) != rank())
    throw Error("an index with " + std::to_string(index.size()) +
                " entries cannot address an array of rank " +
                std::to_string(rank()));
  int64_t offset = 0;
  size_t dim = 0;
  for (int64_t position : index) {
    int64_t size = sizes[dim];
    int64_t wrapped = position < 0 ? position + size : position;
    if (wrapped < 0 || wrapped >= size)
      throw Error("index " + std::to_string(position) +
                  " is out of bounds for dimension " + std::to_string(dim) +
                  " of size " + std::to_string(size));
    offset += wrapped * elementStrides[dim];
    ++dim;
  }
  return static_cast<std::byte *>(firstElement) +
         offset * static_cast<int64_t>(elementSize(dtypeValue));
}

void Array::copyConvertedTo(DType dtype, void *out) const {
  auto *from = static_cast<const std::byte *>(firstElement);
  auto *to = static_cast<std::byte *>(out);
  int64_t fromSize = static_cast<int64_t>(elementSize(dtypeValue));
  size_t toSize = elementSize(dtype);
  if (dtype == dtypeValue && isContiguous()) {
    // An empty array may have no buffer at all.
    if (size() != 0)
      std::memcpy(out, firstElement, static_cast<size_t>(size()) * toSize);
    return;
  }
  forEachElementOffset(sizes, elementStrides, [&](int64_t offset) {
    storeElement(to, dtype, loadElement(from + offset * fromSize, dtypeValue));
    to += toSize;
  });
}

Array Array::clone() const { return astype(dtypeValue); }

Array Array::contiguous() const { return isContiguous() ? *this : clone(); }

Array Array::astype(DType dtype) const {
  Array copy = allocate(dtype, sizes);
  copyConvertedTo(dtype, copy.firstElement);
  return copy;
}

bool scanjit::arrayEqual(const Array &a, const Array &b) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape())
    return false;
  switch (a.dtype()) {
  case DType::F32:
    return a.toVector<float>() == b.toVector<float>();
  case DType::F64:
    return a.toVector<double>() == b.toVector<double>();
  case DType::I32:
  case DType::I64:
    return a.toVector<int64_t>() == b.toVector<int64_t>();
  case DType::Bool:
    return a.toVector<bool>() == b.toVector<bool>();
  }
  return false;
}

bool scanjit::allClose(const Array &a, const Array &b, double rtol,
                       double atol) {
  if (a.shape() != b.shape())
    return false;
  std::vector<double> left = a.toVector<double>();
  std::vector<double> right = b.toVector<double>();
  for (size_t i = 0; i < left.size(); ++i) {
    if (left[i] == right[i])
      continue;
    if (!(std::fabs(left[i] - right[i]) <= atol + rtol * std::fabs(right[i])))
      return false;
  }
  return true;
}
