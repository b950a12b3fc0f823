//===- CUDARuntime.h - The CUDA runtime of compiled code --------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// runtime/cuda: the `mgpu*` functions that MLIR 22's GPU lowering
// (convert-gpu-to-llvm, and the module loading that SelectObjectAttr embeds)
// makes compiled host code call, with the signatures of upstream's
// mlir/lib/ExecutionEngine/CudaRuntimeWrappers.cpp. Unlike upstream, this
// runtime neither links nor includes the CUDA driver: it loads libcuda.so.1
// (or the library the environment variable SCANJIT_CUDA_DRIVER names) with
// dlopen on first use, and never aborts nor prints. A missing driver or a
// failed driver call is reported through scanjit_rt_error
// (ErrorCode::CUDADriverMissing, ErrorCode::CUDACallFailed), after which the
// function returns null or does nothing, and so do the functions given the
// null handles it returned. Every function makes the primary context of the
// calling thread's default device current. No MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_RUNTIME_CUDARUNTIME_H
#define SCANJIT_RUNTIME_CUDARUNTIME_H

#include "scanjit/Runtime/CPURuntime.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace scanjit::runtime::cuda {
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;
struct CUevent_st;
/// The driver's opaque handles, as compiled code passes them: pointers.
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;
using CUevent = CUevent_st *;
} // namespace scanjit::runtime::cuda

extern "C" {
/// Loads a cubin or fatbin of `gpuBlobSize` bytes (gpu.binary's `bin` and
/// `fatbin` formats); null on failure.
scanjit::runtime::cuda::CUmodule mgpuModuleLoad(void *data, size_t gpuBlobSize);
/// Loads a NUL-terminated PTX module (gpu.binary's `isa` format), compiling
/// it at `optLevel`; null on failure. The error report of a failed
/// compilation carries the JIT's log.
scanjit::runtime::cuda::CUmodule mgpuModuleLoadJIT(void *data, int optLevel);
/// Unloads a module.
void mgpuModuleUnload(scanjit::runtime::cuda::CUmodule module);
/// The kernel `name` of `module`; null on failure.
scanjit::runtime::cuda::CUfunction
mgpuModuleGetFunction(scanjit::runtime::cuda::CUmodule module,
                      const char *name);
/// Launches `function` on `stream` with `smem` bytes of dynamic shared
/// memory (opting in above the default 48 KiB); `params` holds the addresses
/// of its `paramsCount` arguments.
void mgpuLaunchKernel(scanjit::runtime::cuda::CUfunction function,
                      intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                      int32_t smem, scanjit::runtime::cuda::CUstream stream,
                      void **params, void **extra, size_t paramsCount);
/// A non-blocking stream: one this thread destroyed before (kept for reuse,
/// at most 8), or a new one; null on failure.
scanjit::runtime::cuda::CUstream mgpuStreamCreate();
/// Destroys a stream once its work is done, or keeps it for this thread's
/// next mgpuStreamCreate.
void mgpuStreamDestroy(scanjit::runtime::cuda::CUstream stream);
/// Waits for the work of `stream`.
void mgpuStreamSynchronize(scanjit::runtime::cuda::CUstream stream);
/// Makes later work of `stream` wait for `event`.
void mgpuStreamWaitEvent(scanjit::runtime::cuda::CUstream stream,
                         scanjit::runtime::cuda::CUevent event);
/// A new event without timing; null on failure.
scanjit::runtime::cuda::CUevent mgpuEventCreate();
/// Destroys an event.
void mgpuEventDestroy(scanjit::runtime::cuda::CUevent event);
/// Waits for `event`.
void mgpuEventSynchronize(scanjit::runtime::cuda::CUevent event);
/// Records `event` at the current end of `stream`.
void mgpuEventRecord(scanjit::runtime::cuda::CUevent event,
                     scanjit::runtime::cuda::CUstream stream);
/// Allocates `sizeBytes` of device memory, or, when `isHostShared`, a buffer
/// of runtime/cpu's heap in unified (managed) memory, 64-byte aligned, that
/// _mlir_memref_to_llvm_free frees (memref.dealloc: what the CUDA pipeline
/// emits); null for zero bytes or on failure.
void *mgpuMemAlloc(uint64_t sizeBytes, scanjit::runtime::cuda::CUstream stream,
                   bool isHostShared);
/// Frees device memory mgpuMemAlloc returned (not a host-shared buffer: see
/// mgpuMemAlloc).
void mgpuMemFree(void *ptr, scanjit::runtime::cuda::CUstream stream);
/// Copies `sizeBytes` from `src` to `dst`, either on the host or the
/// device, in order on `stream`.
void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                scanjit::runtime::cuda::CUstream stream);
/// Sets `count` 32-bit words at `dst` to `value`, in order on `stream`.
void mgpuMemset32(void *dst, unsigned int value, size_t count,
                  scanjit::runtime::cuda::CUstream stream);
/// Sets `count` 16-bit words at `dst` to `value`, in order on `stream`.
void mgpuMemset16(void *dst, unsigned short value, size_t count,
                  scanjit::runtime::cuda::CUstream stream);
/// Page-locks `sizeBytes` of host memory at `ptr` and maps it for the
/// device.
void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes);
/// Registers the elements a memref of rank `rank` spans (gpu.host_register:
/// `descriptor` is its ranked descriptor, whatever its rank).
void mgpuMemHostRegisterMemRef(
    int64_t rank, scanjit::runtime::MemRefDescriptor<char, 1> *descriptor,
    int64_t elementSizeBytes);
/// Undoes mgpuMemHostRegister.
void mgpuMemHostUnregister(void *ptr);
/// Undoes mgpuMemHostRegisterMemRef (gpu.host_unregister).
void mgpuMemHostUnregisterMemRef(
    int64_t rank, scanjit::runtime::MemRefDescriptor<char, 1> *descriptor,
    int64_t elementSizeBytes);
/// Makes device `device` the one whose primary context later calls on this
/// thread use (0 until then).
void mgpuSetDefaultDevice(int32_t device);
}

namespace scanjit::runtime {

/// Every mgpu* function of runtime/cuda, for a JIT to bind.
std::span<const RuntimeSymbol> getCUDARuntimeSymbols();

/// Whether the CUDA driver is loaded and initialized (loading it on the
/// first call).
bool isCUDADriverAvailable();

/// Why the CUDA driver cannot be used, as the message compiled code's first
/// call would report ("no CUDA driver found (...)", "CUDA: cuInit failed:
/// CUDA_ERROR_NO_DEVICE (100)"); std::nullopt when it can.
std::optional<std::string> getCUDADriverError();

} // namespace scanjit::runtime

#endif // SCANJIT_RUNTIME_CUDARUNTIME_H
