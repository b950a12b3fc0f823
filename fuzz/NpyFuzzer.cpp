//===- NpyFuzzer.cpp - Fuzz the .npy reader -------------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness of readNpy: the input is a .npy image read from an
// istringstream. A malformed image must throw scanjit::Error; any other
// exception escapes and is reported as a crash, as are sanitizer reports. An
// image that reads is written back and read again, and must round-trip.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Npy.h"
#include "scanjit/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

using namespace scanjit;

namespace {

/// Aborts (a finding) with `what` when `ok` is false.
void require(bool ok, const char *what) {
  if (ok)
    return;
  std::fprintf(stderr, "npy fuzzer: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::istringstream in(
      std::string(reinterpret_cast<const char *>(data), size));
  Array array;
  try {
    array = readNpy(in, "fuzz.npy");
  } catch (const Error &) {
    return 0;
  }

  // What was read writes and reads back to the same array.
  std::ostringstream out;
  writeNpy(out, array);
  std::istringstream again(out.str());
  Array copy = readNpy(again, "round-trip.npy");
  require(copy.dtype() == array.dtype(), "dtype changed in a round trip");
  require(copy.shape() == array.shape(), "shape changed in a round trip");
  Array a = array.contiguous(), b = copy.contiguous();
  size_t bytes = static_cast<size_t>(a.size()) * elementSize(a.dtype());
  require(bytes == 0 || std::memcmp(a.data(), b.data(), bytes) == 0,
          "elements changed in a round trip");
  return 0;
}
