//===- Allocation.cpp - The heap of compiled code -------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// finalize-memref-to-llvm{use-generic-functions use-aligned-alloc} makes
// compiled code allocate and free through _mlir_memref_to_llvm_alloc,
// _aligned_alloc and _free. They count the bytes requested, live and at the
// peak, process-wide, so that benchmarks and tests can measure the memory a
// scan holds. Each buffer is preceded by a header (the block to free and the
// size requested), so the counts do not depend on what the heap rounds up.
// Buffers compiled code returns are released with freeBuffer.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

#include <atomic>
#include <cstdlib>

namespace {

std::atomic<int64_t> liveBytes{0};
std::atomic<int64_t> peakBytes{0};

/// What precedes every buffer.
struct Header {
  void *block;
  size_t size;
};
static_assert(sizeof(Header) == 16, "the header keeps 16-byte alignment");

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }

/// `size` bytes aligned to `alignment` (a power of two, at least 16), with a
/// header in front; null when the heap is exhausted.
void *allocate(size_t alignment, size_t size) {
  void *block = nullptr;
  if (posix_memalign(&block, alignment, alignment + size) != 0)
    return nullptr;
  void *buffer = static_cast<char *>(block) + alignment;
  *headerOf(buffer) = Header{block, size};
  auto bytes = static_cast<int64_t>(size);
  int64_t live = liveBytes.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  int64_t peak = peakBytes.load(std::memory_order_relaxed);
  while (live > peak &&
         !peakBytes.compare_exchange_weak(peak, live, std::memory_order_relaxed))
    ;
  return buffer;
}

} // namespace

extern "C" void *_mlir_memref_to_llvm_alloc(size_t size) {
  // malloc's alignment on x86-64 and AArch64.
  return allocate(16, size);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t size) {
  // Alignments are powers of two; anything below the header's is raised.
  return allocate(alignment < 16 ? 16 : alignment, size);
}

extern "C" void _mlir_memref_to_llvm_free(void *buffer) {
  if (!buffer)
    return;
  Header header = *headerOf(buffer);
  liveBytes.fetch_sub(static_cast<int64_t>(header.size),
                      std::memory_order_relaxed);
  std::free(header.block);
}

void scanjit::runtime::freeBuffer(void *buffer) {
  _mlir_memref_to_llvm_free(buffer);
}

int64_t scanjit::runtime::liveAllocatedBytes() {
  return liveBytes.load(std::memory_order_relaxed);
}

int64_t scanjit::runtime::peakAllocatedBytes() {
  return peakBytes.load(std::memory_order_relaxed);
}

void scanjit::runtime::resetPeakAllocatedBytes() {
  peakBytes.store(liveBytes.load(std::memory_order_relaxed),
                  std::memory_order_relaxed);
}
