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
};

thread_local PendingError pendingError;

std::string str(int64_t value) { return std::to_string(value); }

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
}

void scanjit::runtime::clearPendingError() { pendingError = PendingError(); }

bool scanjit::runtime::hasPendingError() { return pendingError.pending; }

std::optional<std::string> scanjit::runtime::takePendingError() {
  if (!pendingError.pending)
    return std::nullopt;
  PendingError error = pendingError;
  clearPendingError();
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
  }
  return "scan: unknown run-time error (code " + str(code) + ", operands " +
         str(a) + ", " + str(b) + ", " + str(c) + ")";
}
