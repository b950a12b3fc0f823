//===- ErrorReporting.cpp - Run-time errors of compiled code --------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scanjit_rt_error records the first error of the current call in
// thread-local storage, as plain integers: reporting neither allocates nor
// throws, so it is safe to call from any compiled code. The message is
// formatted when the caller takes the error.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

using scanjit::runtime::ErrorCode;

namespace {

/// The first error reported on a thread since the last clear.
struct PendingError {
  bool pending = false;
  int32_t code = 0;
  int64_t operands[3] = {0, 0, 0};
  /// The sizes an ErrorCode::ReshapeSizeMismatch points to, copied.
  int64_t sizes[scanjit::runtime::kMaxReportedSizes] = {};
};

thread_local PendingError pendingError;

std::string str(int64_t value) { return std::to_string(value); }

/// Whether the operands of `code` are (-, address of sizes, count), the
/// sizes being copied when the error is reported.
bool copiesSizes(int32_t code) {
  return static_cast<ErrorCode>(code) == ErrorCode::ReshapeSizeMismatch ||
         static_cast<ErrorCode>(code) == ErrorCode::AllocationSizeOverflow;
}

/// NumPy's spelling of a shape, "(2,-1)", "(8,)", from the `count` sizes
/// at `address`.
std::string shapeAt(int64_t address, int64_t count) {
  const auto *sizes =
      reinterpret_cast<const int64_t *>(static_cast<intptr_t>(address));
  std::string shape = "(";
  for (int64_t i = 0; sizes && i < count; ++i)
    shape += (i ? "," : "") + str(sizes[i]);
  return shape + (count == 1 ? ",)" : ")");
}

/// The NUL-terminated string at `address`, or `otherwise` when it is 0.
std::string stringAt(int64_t address, const char *otherwise) {
  const auto *string =
      reinterpret_cast<const char *>(static_cast<intptr_t>(address));
  return string ? string : otherwise;
}

/// "1 step" / "5 steps".
std::string steps(int64_t count) {
  return str(count) + (count == 1 ? " step" : " steps");
}

} // namespace

extern "C" void scanjit_rt_error(int32_t code, int64_t a, int64_t b,
                                 int64_t c) {
  if (pendingError.pending)
    return;
  pendingError.pending = true;
  pendingError.code = code;
  pendingError.operands[0] = a;
  pendingError.operands[1] = b;
  pendingError.operands[2] = c;
  if (copiesSizes(code)) {
    // The sizes may be on the reporting function's stack: keep a copy.
    int64_t count = b != 0 && c > 0 ? c : 0;
    if (count > scanjit::runtime::kMaxReportedSizes)
      count = scanjit::runtime::kMaxReportedSizes;
    const auto *sizes =
        reinterpret_cast<const int64_t *>(static_cast<intptr_t>(b));
    for (int64_t i = 0; i < count; ++i)
      pendingError.sizes[i] = sizes[i];
    pendingError.operands[2] = count;
  }
}

void scanjit::runtime::clearPendingError() {
  // A report fills every field it reads: the flag is all there is to clear
  // (every call of compiled code clears it; the sizes are half a kilobyte).
  pendingError.pending = false;
}

bool scanjit::runtime::hasPendingError() { return pendingError.pending; }

std::optional<std::string> scanjit::runtime::takePendingError() {
  if (!pendingError.pending)
    return std::nullopt;
  PendingError error = pendingError;
  clearPendingError();
  if (copiesSizes(error.code))
    error.operands[1] = static_cast<int64_t>(
        reinterpret_cast<intptr_t>(static_cast<int64_t *>(error.sizes)));
  return formatError(error.code, error.operands[0], error.operands[1],
                     error.operands[2]);
}

std::string scanjit::runtime::formatError(int32_t code, int64_t a, int64_t b,
                                          int64_t c) {
  switch (static_cast<ErrorCode>(code)) {
  case ErrorCode::NegativeNSteps:
    return "scan: n_steps (" + str(a) + ") is negative";
  case ErrorCode::NStepsExceedsSequence:
    return "scan: n_steps (" + str(a) + ") exceeds the " + steps(b) +
           " that sequence #" + str(c) + " provides";
  case ErrorCode::SequenceTooShort:
    return "scan: sequence #" + str(a) + " has length " + str(b) +
           ", shorter than the " + steps(c) + " its taps span";
  case ErrorCode::InitialValueTooShort:
    return "scan: the initial value of output #" + str(a) + " has " + str(b) +
           (b == 1 ? " row" : " rows") + " but its taps need " + str(c);
  case ErrorCode::StepShapeChanged:
    return "scan: output #" + str(a) + " changes shape at step " + str(b) +
           " (every step must yield the shape of its initial value, or of "
           "its first step)";
  case ErrorCode::StepShapeMismatch:
    // a: the output's index in the low 32 bits, the axis above them.
    return "scan: output #" + str(a & 0xffffffff) +
           ": fn returns a step of size " + str(b) + " on axis " +
           str(a >> 32) + ", but the initial value's steps have size " +
           str(c) + " there";
  case ErrorCode::IndexOutOfBounds:
    // NumPy's wording.
    return "index " + str(a) + " is out of bounds for axis " + str(c) +
           " with size " + str(b);
  case ErrorCode::BroadcastMismatch:
    return "operands could not be broadcast together: axis " + str(c) +
           " has size " + str(a) + " in one operand and " + str(b) +
           " in another";
  case ErrorCode::DotMismatch:
    return "dot: shapes not aligned: the left operand's last axis has size " +
           str(a) + " but the right operand's contracted axis has size " +
           str(b);
  case ErrorCode::CheckFailed:
    // The message's bytes, in the compiled module's constants.
    if (a == 0 || b < 0)
      return "a run-time check failed";
    return std::string(reinterpret_cast<const char *>(static_cast<intptr_t>(a)),
                       static_cast<size_t>(b));
  case ErrorCode::IntegerDivisionByZero:
    // Python's and NumPy's wording.
    return "integer division or modulo by zero";
  case ErrorCode::ReshapeSizeMismatch:
    // NumPy's wording.
    return "reshape: cannot reshape array of size " + str(a) +
           " into shape " + shapeAt(b, c);
  case ErrorCode::AllocationSizeOverflow: {
    std::string shape = shapeAt(b, c);
    const auto *sizes =
        reinterpret_cast<const int64_t *>(static_cast<intptr_t>(b));
    for (int64_t i = 0; sizes && i < c; ++i)
      if (sizes[i] < 0)
        return "cannot allocate an array of shape " + shape +
               ": negative dimensions are not allowed";
    return "cannot allocate an array of shape " + shape + " with " + str(a) +
           "-byte elements: its size in bytes overflows";
  }
  case ErrorCode::AllocationFailed:
    return "cannot allocate " + std::to_string(static_cast<uint64_t>(a)) +
           " bytes: out of memory";
  case ErrorCode::ConcatenateMismatch:
    // NumPy's wording.
    return "all the input array dimensions except for the concatenation "
           "axis must match exactly, but along dimension " +
           str(c) + ", the first array has size " + str(b) +
           " and another has size " + str(a);
  case ErrorCode::CUDADriverMissing:
    return "no CUDA driver found (" +
           stringAt(a, "libcuda.so.1 cannot be loaded") + ")";
  case ErrorCode::CUDACallFailed:
    return "CUDA: " + stringAt(b, "a driver call") + " failed: " +
           (c ? stringAt(c, "") + " (" + str(a) + ")" : "error " + str(a));
  }
  return "scan: unknown run-time error (code " + str(code) + ", operands " +
         str(a) + ", " + str(b) + ", " + str(c) + ")";
}
