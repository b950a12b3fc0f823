//===- ErrorMatchers.h - Expect scanjit::Error in unit tests ----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_UNITTESTS_JIT_ERRORMATCHERS_H
#define SCANJIT_UNITTESTS_JIT_ERRORMATCHERS_H

#include "scanjit/Support/Error.h"

#include "gtest/gtest.h"

#include <string>

namespace scanjit::testing {

/// The message of the scanjit::Error `statement` throws, or "<no error>".
template <typename Statement> std::string errorMessageOf(Statement statement) {
  try {
    statement();
  } catch (const scanjit::Error &error) {
    return error.what();
  }
  return "<no error>";
}

/// Passes when `message` contains `part`.
inline ::testing::AssertionResult contains(const std::string &message,
                                           const std::string &part) {
  if (message.find(part) != std::string::npos)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\"" << message << "\" does not contain \"" << part << "\"";
}

} // namespace scanjit::testing

#endif // SCANJIT_UNITTESTS_JIT_ERRORMATCHERS_H
