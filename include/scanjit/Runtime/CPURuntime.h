//===- CPURuntime.h - The CPU runtime of compiled code ----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// runtime/cpu: the extern "C" functions that compiled code calls, and the C++
// API the JIT uses to collect what they recorded. Run-time errors are kept
// per thread: compiled code reports them on the thread that runs it, and the
// caller takes the report after the call returns, on the same thread. No
// MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_RUNTIME_CPURUNTIME_H
#define SCANJIT_RUNTIME_CPURUNTIME_H

#include "scanjit/Runtime/RuntimeABI.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

extern "C" {
/// Called by compiled code to report a run-time error (see
/// scanjit::runtime::ErrorCode for the meaning of `a`, `b` and `c`). Only the
/// first report since the last clearPendingError() on this thread is kept.
/// Never aborts: compiled code continues with a zero-step loop and returns.
void scanjit_rt_error(int32_t code, int64_t a, int64_t b, int64_t c);

/// The heap of compiled code (finalize-memref-to-llvm's generic allocation
/// functions). Every byte is counted; see scanjit::runtime::
/// peakAllocatedBytes.
void *_mlir_memref_to_llvm_alloc(size_t size);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *buffer);
}

/// Declares the BLAS glue of element type `T` (see RuntimeABI.h), with the C
/// interface of memrefs that compiled code calls.
#define SCANJIT_DECLARE_BLAS_GLUE(T, SUFFIX)                                   \
  extern "C" {                                                                 \
  void _mlir_ciface_scanjit_blas_matmul_##SUFFIX(                              \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *b,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *c);                            \
  void _mlir_ciface_scanjit_blas_matmul_overwrite_##SUFFIX(                    \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *b,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *c);                            \
  void _mlir_ciface_scanjit_blas_matvec_##SUFFIX(                              \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *x,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *y);                            \
  void _mlir_ciface_scanjit_blas_matvec_overwrite_##SUFFIX(                    \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *x,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *y);                            \
  void _mlir_ciface_scanjit_blas_vecmat_##SUFFIX(                              \
      scanjit::runtime::MemRefDescriptor<T, 1> *x,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *y);                            \
  void _mlir_ciface_scanjit_blas_vecmat_overwrite_##SUFFIX(                    \
      scanjit::runtime::MemRefDescriptor<T, 1> *x,                             \
      scanjit::runtime::MemRefDescriptor<T, 2> *a,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *y);                            \
  void _mlir_ciface_scanjit_blas_dot_##SUFFIX(                                 \
      scanjit::runtime::MemRefDescriptor<T, 1> *x,                             \
      scanjit::runtime::MemRefDescriptor<T, 1> *y,                             \
      scanjit::runtime::MemRefDescriptor<T, 0> *r);                            \
  }

SCANJIT_DECLARE_BLAS_GLUE(float, f32)
SCANJIT_DECLARE_BLAS_GLUE(double, f64)

namespace scanjit::runtime {

/// A function of the runtime that compiled code calls, by name.
struct RuntimeSymbol {
  /// The symbol name compiled code refers to.
  const char *name;
  /// Its address in this process.
  void *address;
};

/// Every runtime function compiled code may call, for a JIT to bind (the
/// runtime is linked statically, so the process does not export them).
std::span<const RuntimeSymbol> getRuntimeSymbols();

/// Memory other than the C heap that buffers of compiled code may live in
/// (CUDA's unified memory): how to get and give back a block.
struct BlockSource {
  /// A block of `bytes`, aligned to 256 bytes at least, or null.
  void *(*acquire)(size_t bytes);
  /// Gives back a block `acquire` returned.
  void (*release)(void *block);
};

/// A buffer of `size` bytes aligned to `alignment` (a power of two) carved
/// from a block of `source`, with the heap's header: freed by
/// _mlir_memref_to_llvm_free and freeBuffer, counted, and recorded like any
/// buffer of compiled code. Null, with an AllocationFailed report, when the
/// source has no block.
void *allocateFrom(const BlockSource &source, size_t alignment, size_t size);

/// Frees a buffer that compiled code allocated (and returned).
void freeBuffer(void *buffer);

/// Starts recording the buffers compiled code allocates on the calling
/// thread, until endRecordingAllocations: what the JIT does around a call,
/// so that a call that fails frees everything it allocated.
void beginRecordingAllocations();

/// Stops recording on the calling thread. With `freeRecorded` (the call
/// reported an error), frees every buffer allocated since
/// beginRecordingAllocations and not freed yet, returned ones included;
/// otherwise they stay live, owned by whoever holds them.
void endRecordingAllocations(bool freeRecorded);

/// The bytes compiled code has allocated and not yet freed, process-wide
/// (a returned buffer counts until its Array releases it).
int64_t liveAllocatedBytes();

/// The most bytes live at once since the last resetPeakAllocatedBytes():
/// the sum over threads of the most each thread's allocations and frees
/// held at once. Exact while one thread allocates and frees (the others'
/// counts stand still), an upper bound when several do at once.
int64_t peakAllocatedBytes();

/// Starts a new peak measurement from the bytes live now. Call it while no
/// other thread allocates (a thread's concurrent update may undo the reset
/// of its own peak).
void resetPeakAllocatedBytes();

/// Forgets any error reported on the calling thread.
void clearPendingError();

/// True when an error was reported on the calling thread since the last
/// clearPendingError() or takePendingError().
bool hasPendingError();

/// Returns the message of the first error reported on the calling thread
/// since the last clear, and clears it; std::nullopt when there was none.
std::optional<std::string> takePendingError();

/// The message for an error `code` with operands `a`, `b`, `c`, e.g.
/// "scan: n_steps (7) exceeds the 5 steps that sequence #0 provides". For
/// ErrorCode::CheckFailed, `a` is the address of the message's `b` bytes
/// (or 0), which must still be readable; for ErrorCode::ReshapeSizeMismatch,
/// `b` is the address of `c` sizes.
std::string formatError(int32_t code, int64_t a, int64_t b, int64_t c);

} // namespace scanjit::runtime

#endif // SCANJIT_RUNTIME_CPURUNTIME_H
