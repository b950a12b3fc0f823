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
// While a thread records (the JIT's call of a compiled function), the
// headers of the buffers it allocates form a list, so that a call that
// reports a run-time error can free everything it allocated and did not
// free, whatever path the compiled code took to its return.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace {

std::atomic<int64_t> liveBytes{0};
std::atomic<int64_t> peakBytes{0};

/// What precedes every buffer. A buffer allocated while its thread records
/// (beginRecordingAllocations) is linked into that thread's list until it
/// is freed or the recording ends.
struct Header {
  void *block;
  size_t size;
  Header *previous;
  Header *next;
};
static_assert(sizeof(Header) == 32, "the header keeps 32-byte alignment");

/// The alignment of every buffer, at least: room for the header.
constexpr size_t kMinAlignment = sizeof(Header);

/// The buffers allocated on this thread since recording began and not freed
/// (a circular list through a sentinel; empty when not recording).
struct RecordedAllocations {
  bool recording = false;
  Header sentinel{nullptr, 0, &sentinel, &sentinel};
};

thread_local RecordedAllocations recorded;

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }

void unlink(Header *header) {
  header->previous->next = header->next;
  header->next->previous = header->previous;
  header->previous = header->next = nullptr;
}

/// `size` bytes aligned to `alignment` (a power of two, at least
/// kMinAlignment), with a header in front; null, with an
/// ErrorCode::AllocationFailed report, when the heap is exhausted or the
/// size overflows.
void *allocate(size_t alignment, size_t size) {
  void *block = nullptr;
  if (size > SIZE_MAX - alignment ||
      size > static_cast<size_t>(INT64_MAX) - alignment ||
      posix_memalign(&block, alignment, alignment + size) != 0) {
    // Compiled code checks for null (scan-guard-allocations) and returns;
    // the report says why. It neither allocates nor throws.
    scanjit_rt_error(
        static_cast<int32_t>(scanjit::runtime::ErrorCode::AllocationFailed),
        static_cast<int64_t>(size), static_cast<int64_t>(alignment), 0);
    return nullptr;
  }
  void *buffer = static_cast<char *>(block) + alignment;
  Header *header = headerOf(buffer);
  *header = Header{block, size, nullptr, nullptr};
  if (recorded.recording) {
    Header &sentinel = recorded.sentinel;
    header->previous = sentinel.previous;
    header->next = &sentinel;
    sentinel.previous->next = header;
    sentinel.previous = header;
  }
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
  // At least malloc's alignment on x86-64 and AArch64 (16).
  return allocate(kMinAlignment, size);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t size) {
  // Alignments are powers of two; anything below the header's is raised.
  return allocate(alignment < kMinAlignment ? kMinAlignment : alignment, size);
}

extern "C" void _mlir_memref_to_llvm_free(void *buffer) {
  if (!buffer)
    return;
  Header *header = headerOf(buffer);
  // Recorded buffers are freed on the thread that allocated them (compiled
  // code runs on the caller's thread), while it records.
  if (header->next)
    unlink(header);
  liveBytes.fetch_sub(static_cast<int64_t>(header->size),
                      std::memory_order_relaxed);
  std::free(header->block);
}

void scanjit::runtime::beginRecordingAllocations() {
  recorded.recording = true;
}

void scanjit::runtime::endRecordingAllocations(bool freeRecorded) {
  Header &sentinel = recorded.sentinel;
  while (sentinel.next != &sentinel) {
    Header *header = sentinel.next;
    unlink(header);
    if (freeRecorded)
      _mlir_memref_to_llvm_free(header + 1);
  }
  recorded.recording = false;
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
