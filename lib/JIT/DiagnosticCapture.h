//===- DiagnosticCapture.h - Collect MLIR diagnostics as text ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// While alive, captures the diagnostics emitted in an MLIRContext (by the
// parser, the verifier, a pass, the LLVM IR translation) as text, so that the
// JIT can put them into the message of the scanjit::Error it throws. Private
// to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_DIAGNOSTICCAPTURE_H
#define SCANJIT_LIB_JIT_DIAGNOSTICCAPTURE_H

#include "mlir/IR/Diagnostics.h"

#include <mutex>
#include <string>

namespace scanjit::detail {

/// Captures every diagnostic of a context, with its notes, one per line:
/// "file:line:col: error: message".
class DiagnosticCapture {
public:
  /// Captures the diagnostics of `context`. Unless `withOperations`, drops
  /// the notes that print the operation a diagnostic is about ("see current
  /// operation: ..."): a user's error needs its message and location, a
  /// compiler bug the IR too.
  explicit DiagnosticCapture(mlir::MLIRContext *context,
                             bool withOperations = true);

  /// The diagnostics captured so far; "" when there were none.
  std::string text() const;

  /// `what`, followed by the captured diagnostics on the next lines.
  std::string messageWith(const std::string &what) const;

private:
  mutable std::mutex mutex;
  std::string captured;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_DIAGNOSTICCAPTURE_H
