//===- Error.h - The exception ScanJIT throws -------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Every user-facing failure of the C++ API (a bad argument, a module that
// does not compile, a run-time error reported by compiled code) is thrown as
// a scanjit::Error whose message says what went wrong and names the culprit.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_SUPPORT_ERROR_H
#define SCANJIT_SUPPORT_ERROR_H

#include <stdexcept>
#include <string>

namespace scanjit {

/// The exception thrown by the ScanJIT C++ API. `what()` is a complete,
/// human-readable message.
class Error : public std::runtime_error {
public:
  /// Creates an error with the given message.
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

} // namespace scanjit

#endif // SCANJIT_SUPPORT_ERROR_H
