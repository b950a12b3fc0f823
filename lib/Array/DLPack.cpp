//===- DLPack.cpp - Arrays in and out of DLPack tensors -------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/DLPack.h"

#include "scanjit/Support/Error.h"

#include <dlpack/dlpack.h>

#include <memory>
#include <string>
#include <vector>

using namespace scanjit;

namespace {

/// kDLBool, which DLPack 0.6 predates (NumPy and PyTorch use code 6).
constexpr uint8_t kBoolCode = 6;

/// The dtype of `type`, or an Error naming it.
DType dtypeOfDataType(const DLDataType &type) {
  if (type.lanes != 1)
    throw Error("DLPack: a tensor of " + std::to_string(type.lanes) +
                "-lane vectors has no ScanJIT dtype");
  if (type.code == kDLFloat && type.bits == 32)
    return DType::F32;
  if (type.code == kDLFloat && type.bits == 64)
    return DType::F64;
  if (type.code == kDLInt && type.bits == 32)
    return DType::I32;
  if (type.code == kDLInt && type.bits == 64)
    return DType::I64;
  if (type.code == kBoolCode && type.bits == 8)
    return DType::Bool;
  throw Error("DLPack: type code " + std::to_string(type.code) + " with " +
              std::to_string(type.bits) +
              " bits has no ScanJIT dtype (f32, f64, i32, i64, bool)");
}

/// The DLPack type of `dtype`.
DLDataType dataTypeOf(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return {kDLFloat, 32, 1};
  case DType::F64:
    return {kDLFloat, 64, 1};
  case DType::I32:
    return {kDLInt, 32, 1};
  case DType::I64:
    return {kDLInt, 64, 1};
  case DType::Bool:
    return {kBoolCode, 8, 1};
  }
  return {kDLFloat, 64, 1};
}

/// Gives the tensor back to its producer.
void callDeleter(void *tensor) {
  auto *managed = static_cast<DLManagedTensor *>(tensor);
  if (managed->deleter)
    managed->deleter(managed);
}

/// What a tensor toDLPack made owns: the array (sharing its buffer), the
/// shape and strides the tensor points to, and the tensor itself.
struct ExportedArray {
  Array array;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  DLManagedTensor tensor{};
};

} // namespace

Array scanjit::fromDLPack(DLManagedTensor *tensor) {
  if (!tensor)
    throw Error("DLPack: no tensor (a null DLManagedTensor)");
  const DLTensor &dl = tensor->dl_tensor;
  if (dl.device.device_type != kDLCPU && dl.device.device_type != kDLCUDAHost &&
      dl.device.device_type != kDLCUDAManaged)
    throw Error("DLPack: the tensor is in memory of device type " +
                std::to_string(dl.device.device_type) +
                ", which the CPU cannot read (copy it to the host first)");
  DType dtype = dtypeOfDataType(dl.dtype);
  if (dl.ndim < 0)
    throw Error("DLPack: a negative number of dimensions");
  Shape shape(dl.shape, dl.shape + dl.ndim);
  Shape strides = dl.strides ? Shape(dl.strides, dl.strides + dl.ndim)
                             : contiguousStrides(shape);
  bool empty = false;
  for (int64_t size : shape)
    empty |= size == 0;
  if (!dl.data && !empty)
    throw Error("DLPack: a tensor with elements but no data");
  void *data = static_cast<char *>(dl.data) + dl.byte_offset;
  return Array::adoptBuffer(tensor, callDeleter, data, dtype, shape, strides);
}

DLManagedTensor *scanjit::toDLPack(const Array &array) {
  auto exported = std::make_unique<ExportedArray>();
  exported->array = array;
  exported->shape.assign(array.shape().begin(), array.shape().end());
  exported->strides.assign(array.strides().begin(), array.strides().end());
  DLTensor &dl = exported->tensor.dl_tensor;
  dl.data = const_cast<void *>(array.data());
  dl.device = {kDLCPU, 0};
  dl.ndim = static_cast<int32_t>(array.rank());
  dl.dtype = dataTypeOf(array.dtype());
  dl.shape = exported->shape.data();
  dl.strides = exported->strides.data();
  dl.byte_offset = 0;
  exported->tensor.manager_ctx = exported.get();
  exported->tensor.deleter = [](DLManagedTensor *self) {
    delete static_cast<ExportedArray *>(self->manager_ctx);
  };
  return &exported.release()->tensor;
}
