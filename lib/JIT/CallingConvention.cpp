//===- CallingConvention.cpp - Calling compiled functions -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Arguments: a tensor is passed as a pointer to a memref descriptor over a
// contiguous buffer (non-contiguous views are copied first), with the
// allocated and aligned pointers both set to the first element; a scalar is
// passed by value.
//
// Results: compiled code returns memrefs whose buffers it allocated through
// the runtime; each becomes an owning Array freed with runtime::freeBuffer. A returned buffer
// that the caller does not own (an argument's, one already adopted by an
// earlier result, or a constant global, marked with the allocated pointer
// 0xdeadbeef by finalize-memref-to-llvm) is copied instead.
//
//===----------------------------------------------------------------------===//

#include "CallingConvention.h"

#include "scanjit/Runtime/CPURuntime.h"
#include "scanjit/Support/Error.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// The allocated pointer finalize-memref-to-llvm gives memrefs of globals.
const void *const kGlobalMemRefMarker =
    reinterpret_cast<const void *>(static_cast<uintptr_t>(0xdeadbeef));

/// Writes the memref descriptor of `array` (allocated and aligned pointers,
/// offset, sizes, strides) to `words`, which has room for it.
void writeDescriptor(const Array &array, int64_t *words) {
  auto address = static_cast<int64_t>(reinterpret_cast<intptr_t>(array.data()));
  words[0] = address;
  words[1] = address;
  words[2] = 0;
  std::copy(array.shape().begin(), array.shape().end(), words + 3);
  std::copy(array.strides().begin(), array.strides().end(),
            words + 3 + array.rank());
}

/// The value of a rank-0 array, converted to `T`.
template <typename T> T scalarValue(const Array &array) {
  switch (array.dtype()) {
  case DType::F32:
    return static_cast<T>(*static_cast<const float *>(array.data()));
  case DType::F64:
    return static_cast<T>(*static_cast<const double *>(array.data()));
  case DType::I32:
    return static_cast<T>(*static_cast<const int32_t *>(array.data()));
  case DType::I64:
    return static_cast<T>(*static_cast<const int64_t *>(array.data()));
  case DType::Bool:
    return static_cast<T>(*static_cast<const uint8_t *>(array.data()) != 0);
  }
  return T();
}

/// The scalar `argument` holds, as the machine type of `type` (stored in the
/// low bytes of a 64-bit slot, which is little-endian). checkArguments made
/// sure the value fits.
uint64_t makeScalarSlot(const ValueType &type, const Array &argument) {
  uint64_t slot = 0;
  auto store = [&](auto value) { std::memcpy(&slot, &value, sizeof(value)); };
  switch (type.scalarKind) {
  case ScalarKind::I1:
    store(static_cast<uint8_t>(scalarValue<uint8_t>(argument) != 0));
    break;
  case ScalarKind::I32:
    store(scalarValue<int32_t>(argument));
    break;
  case ScalarKind::I64:
  case ScalarKind::Index:
    store(scalarValue<int64_t>(argument));
    break;
  case ScalarKind::F32:
    store(scalarValue<float>(argument));
    break;
  case ScalarKind::F64:
    store(scalarValue<double>(argument));
    break;
  }
  return slot;
}

template <typename T> T load(const std::byte *address) {
  T value;
  std::memcpy(&value, address, sizeof(value));
  return value;
}

Array readScalar(const ValueType &type, const std::byte *address) {
  switch (type.scalarKind) {
  case ScalarKind::I1:
    return Array::scalar((load<uint8_t>(address) & 1) != 0);
  case ScalarKind::I32:
    return Array::scalar(load<int32_t>(address));
  case ScalarKind::I64:
  case ScalarKind::Index:
    return Array::scalar(load<int64_t>(address));
  case ScalarKind::F32:
    return Array::scalar(load<float>(address));
  case ScalarKind::F64:
    return Array::scalar(load<double>(address));
  }
  return Array();
}

/// A memref descriptor returned by compiled code.
struct ReturnedMemRef {
  void *allocated;
  void *data;
  Shape sizes;
  Shape strides;
};

ReturnedMemRef readMemRef(const ValueType &type, const std::byte *address) {
  auto rank = static_cast<int64_t>(type.shape.size());
  auto word = [&](int64_t index) {
    return load<int64_t>(address + index * sizeof(int64_t));
  };
  ReturnedMemRef memref;
  memref.sizes.reserve(static_cast<size_t>(rank));
  memref.strides.reserve(static_cast<size_t>(rank));
  memref.allocated = reinterpret_cast<void *>(static_cast<intptr_t>(word(0)));
  auto *aligned = reinterpret_cast<std::byte *>(static_cast<intptr_t>(word(1)));
  memref.data =
      aligned + word(2) * static_cast<int64_t>(elementSize(type.dtype));
  for (int64_t dim = 0; dim < rank; ++dim) {
    memref.sizes.push_back(word(3 + dim));
    memref.strides.push_back(word(3 + rank + dim));
  }
  return memref;
}

/// What callPacked reuses from one call to the next on a thread (compiled
/// code never calls back into it, so one set per thread suffices). Only
/// grown: every slot a call reads it writes first.
struct CallScratch {
  std::vector<int64_t> descriptors;
  std::vector<void *> descriptorAddresses;
  std::vector<uint64_t> scalarSlots;
  std::vector<uint64_t> resultStruct;
  std::vector<void *> packed;
  std::vector<const void *> adopted;
};

thread_local CallScratch callScratch;

/// Makes `buffer` hold at least `size` elements.
template <typename T> T *reserveScratch(std::vector<T> &buffer, size_t size) {
  if (buffer.size() < size)
    buffer.resize(size);
  return buffer.data();
}

} // namespace

std::vector<Array>
scanjit::detail::callPacked(const FunctionInfo &info, PackedFunction function,
                            const std::vector<Array> &arguments) {
  size_t numArguments = info.arguments.size();
  // Everything the packed argument list points to is sized before any
  // address is taken, and stays in place until the call returns. The
  // thread's reused buffers: a call pays no heap allocation for them.
  CallScratch &scratch = callScratch;
  int64_t *descriptors =
      reserveScratch(scratch.descriptors, info.descriptorWords);
  void **descriptorAddresses =
      reserveScratch(scratch.descriptorAddresses, numArguments);
  uint64_t *scalarSlots = reserveScratch(scratch.scalarSlots, numArguments);
  uint64_t *resultStruct =
      reserveScratch(scratch.resultStruct, (info.resultStructSize + 7) / 8 + 1);
  void **packed = reserveScratch(scratch.packed, numArguments + 1);
  std::vector<const void *> &adopted = scratch.adopted;
  adopted.clear();
  void *resultStructAddress = resultStruct;
  // Contiguous copies of non-contiguous arguments (an Array's data does not
  // move with it, so the descriptors stay valid as the vector grows).
  std::vector<Array> copies;

  size_t numPacked = 0;
  if (info.resultsThroughPointer)
    packed[numPacked++] = &resultStructAddress;
  size_t nextWord = 0;
  for (size_t i = 0; i < numArguments; ++i) {
    const ValueType &type = info.arguments[i];
    if (!type.isMemRef) {
      scalarSlots[i] = makeScalarSlot(type, arguments[i]);
      packed[numPacked++] = &scalarSlots[i];
      continue;
    }
    const Array *buffer = &arguments[i];
    if (!buffer->isContiguous()) {
      copies.push_back(buffer->clone());
      buffer = &copies.back();
    }
    writeDescriptor(*buffer, &descriptors[nextWord]);
    descriptorAddresses[i] = &descriptors[nextWord];
    nextWord += 3 + 2 * type.shape.size();
    packed[numPacked++] = &descriptorAddresses[i];
  }
  if (!info.resultsThroughPointer && !info.results.empty())
    packed[numPacked++] = resultStruct;

  runtime::clearPendingError();
  runtime::beginRecordingAllocations();
  function(packed);
  // A call that failed frees everything it allocated and still holds, its
  // results included, whatever path the compiled code took to return.
  if (runtime::hasPendingError()) {
    runtime::endRecordingAllocations(/*freeRecorded=*/true);
    throw Error("@" + info.name + ": " + *runtime::takePendingError());
  }
  runtime::endRecordingAllocations(/*freeRecorded=*/false);

  // Whether a returned buffer is one the caller owns (an argument's, the
  // first word of its descriptor, or a global's): those are copied.
  auto isForeign = [&](const void *allocated) {
    if (!allocated || allocated == kGlobalMemRefMarker)
      return true;
    for (size_t i = 0; i < numArguments; ++i)
      if (info.arguments[i].isMemRef &&
          static_cast<const int64_t *>(descriptorAddresses[i])[0] ==
              static_cast<int64_t>(reinterpret_cast<intptr_t>(allocated)))
        return true;
    return false;
  };

  // Adopt or copy every result.
  std::vector<Array> results;
  results.reserve(info.results.size());
  auto *structBytes = reinterpret_cast<const std::byte *>(resultStruct);
  for (size_t i = 0; i < info.results.size(); ++i) {
    const ValueType &type = info.results[i];
    const std::byte *address = structBytes + info.resultOffsets[i];
    if (!type.isMemRef) {
      results.push_back(readScalar(type, address));
      continue;
    }
    ReturnedMemRef memref = readMemRef(type, address);
    if (isForeign(memref.allocated) ||
        std::find(adopted.begin(), adopted.end(), memref.allocated) !=
            adopted.end()) {
      results.push_back(
          Array::view(memref.data, type.dtype, memref.sizes, memref.strides)
              .clone());
      continue;
    }
    adopted.push_back(memref.allocated);
    results.push_back(Array::adoptBuffer(
        memref.allocated, runtime::freeBuffer, memref.data, type.dtype,
        std::move(memref.sizes), std::move(memref.strides)));
  }
  return results;
}
