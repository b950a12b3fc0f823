//===- DLPack.h - Arrays in and out of DLPack tensors -----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Arrays cross into and out of ScanJIT as DLPack tensors (DLManagedTensor,
// Debian's libdlpack-dev, DLPack 0.6), without copies, so that they move
// between ScanJIT, NumPy, PyTorch and JAX:
//
//   scanjit::Array x = scanjit::fromDLPack(producer_tensor);   // a view
//   DLManagedTensor *t = scanjit::toDLPack(result);            // no copy
//
// Dtypes: f32, f64 (kDLFloat), i32, i64 (kDLInt), bool (code 6, kDLBool of
// later DLPack versions, 8 bits), one lane. Devices: CPU memory, and the
// CUDA host and managed memory the CPU reads; device memory is refused.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_DLPACK_H
#define SCANJIT_ARRAY_DLPACK_H

#include "scanjit/Array/Array.h"

struct DLManagedTensor;

namespace scanjit {

/// An Array viewing `tensor`'s memory (its byte offset, shape and strides;
/// C order when it has none), which becomes the Array's: the tensor's
/// deleter runs exactly once, when the last Array sharing the memory goes.
/// Throws scanjit::Error, leaving the tensor the caller's (its deleter not
/// called), for a null tensor, a dtype or lane count ScanJIT has no type
/// for, device memory the CPU cannot read, or a shape that overflows.
Array fromDLPack(DLManagedTensor *tensor);

/// A DLPack tensor viewing `array`'s memory, no copy: it shares the buffer
/// (the array's storage stays alive until the consumer calls the tensor's
/// deleter, which frees the tensor too). Strides in elements, CPU device.
DLManagedTensor *toDLPack(const Array &array);

} // namespace scanjit

#endif // SCANJIT_ARRAY_DLPACK_H
