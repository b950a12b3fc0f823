//===- RuntimeABI.h - What compiled code calls in the runtime ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The contract between generated code and runtime/cpu: symbol names and the
// codes of run-time errors. Compiled code never aborts: it reports an error
// through `scanjit_rt_error`, makes the failing loop run zero steps, and
// returns; the caller (lib/JIT) then turns the report into a scanjit::Error.
// This header has no MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_RUNTIME_RUNTIMEABI_H
#define SCANJIT_RUNTIME_RUNTIMEABI_H

#include <cstdint>

namespace scanjit::runtime {

/// The run-time errors compiled code reports, with the meaning of the three
/// integer operands that come with each.
enum class ErrorCode : int32_t {
  /// n_steps is negative. (n_steps, -, -)
  NegativeNSteps = 1,
  /// n_steps asks for more steps than a sequence provides.
  /// (n_steps, steps the sequence provides, sequence index)
  NStepsExceedsSequence = 2,
  /// A sequence is shorter than the span of its taps.
  /// (sequence index, length, steps the taps span)
  SequenceTooShort = 3,
  /// An initial value holds fewer past steps than its deepest tap needs.
  /// (output index, rows of the initial value, rows needed)
  InitialValueTooShort = 4,
  /// A step yields a value whose shape differs from the output's step shape
  /// (that of its initial value, or of its first step). (output index, step, -)
  StepShapeChanged = 5,
  /// An index reads past the end (or before the start) of an axis.
  /// (index as written, size of the axis, axis)
  IndexOutOfBounds = 6,
  /// The operands of an elementwise op differ in a size that is not 1.
  /// (size in one operand, size in the other, axis of the result)
  BroadcastMismatch = 7,
  /// The contracted sizes of a dot differ. (size in the left operand, size
  /// in the right operand, -)
  DotMismatch = 8,
  /// A check the graph asked for does not hold (scanjit::check, an integer
  /// division by zero). (address of the message's UTF-8 bytes, their
  /// count, -): the message is a constant of the compiled module, so it
  /// outlives the call that reports it.
  CheckFailed = 9,
  /// A step of a recurrent output differs in size from the initial value's
  /// step shape. (output index + axis * 2^32, size fn returns on that axis,
  /// size of the initial value's steps on that axis)
  StepShapeMismatch = 10,
  /// A reshape's sizes do not fit the number of elements, or are negative
  /// (other than one -1). (number of elements, address of the requested
  /// sizes as i64s, their count): the runtime copies at most
  /// kMaxReportedSizes sizes when the error is reported, so they may live
  /// on the stack of the compiled code.
  ReshapeSizeMismatch = 11,
  /// An integer division or remainder by zero (scan-guard-integer-division).
  /// (-, -, -)
  IntegerDivisionByZero = 12,
  /// The byte count of a buffer compiled code allocates overflows, or a
  /// size is negative (scan-guard-allocations). (bytes per element, address
  /// of the buffer's sizes as i64s, their count): copied like those of
  /// ReshapeSizeMismatch.
  AllocationSizeOverflow = 13,
  /// The runtime's heap cannot provide a buffer: reported by the allocation
  /// functions themselves, which then return null. (bytes requested,
  /// alignment, -)
  AllocationFailed = 14,
  /// Tensors concatenated (or stacked) differ in size off the axis. (size
  /// of a later tensor, size of the first, dimension)
  ConcatenateMismatch = 15,
  /// runtime/cuda cannot load the CUDA driver (libcuda.so.1, or the library
  /// SCANJIT_CUDA_DRIVER names), or it lacks an entry point. (address of a
  /// NUL-terminated description of why, or 0, -, -): the text lives as long
  /// as the process.
  CUDADriverMissing = 16,
  /// A call of the CUDA driver failed. (its CUresult, address of the call's
  /// NUL-terminated name, address of the result's name from cuGetErrorName
  /// or 0): both strings outlive the report on the thread that made it.
  CUDACallFailed = 17,
};

/// The most sizes an error report (ReshapeSizeMismatch,
/// AllocationSizeOverflow) copies: NumPy's limit on dimensions.
inline constexpr int64_t kMaxReportedSizes = 64;

/// The symbol generated code calls: `void scanjit_rt_error(i32, i64, i64, i64)`.
inline constexpr const char *kErrorFunctionName = "scanjit_rt_error";

/// The BLAS glue generated code calls, through the C interface of memrefs
/// (`_mlir_ciface_<name>(StridedMemRefType<T, N> *...)`), with `T` spelled
/// `f32` or `f64` at the end of the name. Each accumulates into its last
/// operand, like the linalg op it replaces, and accepts any strides:
///   scanjit_blas_matmul_T(A[M,K], B[K,N], C[M,N])   C += A B
///   scanjit_blas_matvec_T(A[M,N], x[N], y[M])       y += A x
///   scanjit_blas_vecmat_T(x[M], A[M,N], y[N])       y += x A
///   scanjit_blas_dot_T(x[N], y[N], r[])             r += x . y
/// and, for an output that held zeros, variants that overwrite it instead
/// (BLAS's beta = 0: the old values are not read):
///   scanjit_blas_matmul_overwrite_T                 C = A B
///   scanjit_blas_matvec_overwrite_T                 y = A x
///   scanjit_blas_vecmat_overwrite_T                 y = x A
inline constexpr const char *kBlasFunctionPrefix = "scanjit_blas_";

/// The descriptor of a rank-N memref, as the C interface of a compiled
/// function passes it (MLIR's StridedMemRefType): the allocated pointer, the
/// aligned pointer, the offset in elements, then the sizes and strides.
template <typename T, int N>
struct MemRefDescriptor {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];

  /// The first element.
  T *data() const { return aligned + offset; }
};

/// The descriptor of a rank-0 memref.
template <typename T>
struct MemRefDescriptor<T, 0> {
  T *allocated;
  T *aligned;
  int64_t offset;

  /// The element.
  T *data() const { return aligned + offset; }
};

} // namespace scanjit::runtime

#endif // SCANJIT_RUNTIME_RUNTIMEABI_H
