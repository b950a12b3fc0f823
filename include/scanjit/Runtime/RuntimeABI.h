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
};

/// The symbol generated code calls: `void scanjit_rt_error(i32, i64, i64, i64)`.
inline constexpr const char *kErrorFunctionName = "scanjit_rt_error";

} // namespace scanjit::runtime

#endif // SCANJIT_RUNTIME_RUNTIMEABI_H
