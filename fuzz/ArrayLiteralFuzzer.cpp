//===- ArrayLiteralFuzzer.cpp - Fuzz the array-literal parser -------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness of parseArrayLiteral (scan-run's --arg): the input is the
// literal's text, exactly its bytes (not NUL-terminated, so reading past the
// end is an ASan report). A malformed literal must throw scanjit::Error; an
// array that parses is printed, as scan-run prints results.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/ArrayFormat.h"
#include "scanjit/Array/ArrayLiteral.h"
#include "scanjit/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace scanjit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Array array;
  try {
    array = parseArrayLiteral(
        std::string_view(reinterpret_cast<const char *>(data), size));
  } catch (const Error &) {
    return 0;
  }
  (void)formatArray(array);
  return 0;
}
