//===- CInterface.cpp - The runtime's C interface for ahead-of-time code --===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scanjit_call_begin / _end / scanjit_free (scanjit/Runtime/RuntimeC.h): the
// protocol lib/JIT follows around each call of compiled code, for programs
// that call ahead-of-time objects without lib/JIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/RuntimeC.h"

#include "scanjit/Runtime/CPURuntime.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

extern "C" void scanjit_call_begin(void) {
  scanjit::runtime::clearPendingError();
  scanjit::runtime::beginRecordingAllocations();
}

extern "C" size_t scanjit_call_end(char *message, size_t size) {
  bool failed = scanjit::runtime::hasPendingError();
  scanjit::runtime::endRecordingAllocations(/*freeRecorded=*/failed);
  if (!failed)
    return 0;
  std::string text =
      scanjit::runtime::takePendingError().value_or("run-time error");
  if (text.empty())
    text = "run-time error";
  if (message && size > 0) {
    size_t copied = std::min(text.size(), size - 1);
    std::memcpy(message, text.data(), copied);
    message[copied] = '\0';
  }
  return text.size();
}

extern "C" void scanjit_free(void *allocated) {
  if (!allocated || reinterpret_cast<uintptr_t>(allocated) == 0xdeadbeef)
    return;
  scanjit::runtime::freeBuffer(allocated);
}
