//===- Allocation.cpp - The heap of compiled code -------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// finalize-memref-to-llvm{use-generic-functions use-aligned-alloc} makes
// compiled code allocate and free through _mlir_memref_to_llvm_alloc,
// _aligned_alloc and _free. They count the bytes requested, live and at the
// peak, so that benchmarks and tests can measure the memory a scan holds.
// Each thread counts its own, with plain loads and stores: one process-wide
// counter took two locked read-modify-writes of one cache line, shared by
// every thread, per buffer (a short call allocates and frees its result);
// liveAllocatedBytes sums the threads' counts. Each buffer is preceded by a
// header (the block to free and the size requested), so the counts do not
// depend on what the heap rounds up. Buffers compiled code returns are released
// with freeBuffer.
//
// While a thread records (the JIT's call of a compiled function), the
// headers of the buffers it allocates form a list, so that a call that
// reports a run-time error can free everything it allocated and did not
// free, whatever path the compiled code took to its return.
//
// Large blocks (1 MiB and up) that are freed stay with their thread for
// reuse, a few at a time: a function called again allocates the same sizes,
// and reusing the blocks spares the kernel's page faults on fresh mappings
// (a fifth of a BPTT gradient's time). Cached blocks are not live bytes;
// the cache gives its blocks back when it is full and when its thread ends.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>

namespace {

/// The bytes one thread's allocations and frees added to the live bytes
/// (negative for a thread that frees what others allocated), and their most
/// since the last reset. Only its thread writes them (a relaxed load and
/// store: no locked instruction); any thread reads them.
struct ThreadBytes {
  ThreadBytes();
  ~ThreadBytes();
  void add(int64_t bytes) {
    int64_t now = live.load(std::memory_order_relaxed) + bytes;
    live.store(now, std::memory_order_relaxed);
    if (now > peak.load(std::memory_order_relaxed))
      peak.store(now, std::memory_order_relaxed);
  }

  std::atomic<int64_t> live{0};
  std::atomic<int64_t> peak{0};
  ThreadBytes *previous = nullptr;
  ThreadBytes *next = nullptr;
};

/// Every thread's ThreadBytes, and what the threads that ended left.
struct ByteRegistry {
  std::mutex mutex;
  ThreadBytes *first = nullptr;
  /// The live bytes and peaks of the threads that ended (their buffers may
  /// live on), and the counts of allocations and frees made on a thread
  /// after its ThreadBytes was destroyed (a thread_local freed late).
  int64_t departedLive = 0;
  int64_t departedPeak = 0;
};

/// Never destroyed: threads may end, and count, after static destructors.
ByteRegistry &byteRegistry() {
  static auto *registry = new ByteRegistry;
  return *registry;
}

ThreadBytes::ThreadBytes() {
  ByteRegistry &registry = byteRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  next = registry.first;
  if (next)
    next->previous = this;
  registry.first = this;
}

/// Set once this thread's ThreadBytes is destroyed (trivially destructible,
/// so it stays readable to the thread's last destructors).
thread_local bool threadBytesGone = false;

ThreadBytes::~ThreadBytes() {
  ByteRegistry &registry = byteRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  (previous ? previous->next : registry.first) = next;
  if (next)
    next->previous = previous;
  registry.departedLive += live.load(std::memory_order_relaxed);
  registry.departedPeak += peak.load(std::memory_order_relaxed);
  threadBytesGone = true;
}

thread_local ThreadBytes threadBytes;

/// Counts `bytes` (negative: freed) for this thread.
void countBytes(int64_t bytes) {
  if (!threadBytesGone) {
    threadBytes.add(bytes);
    return;
  }
  ByteRegistry &registry = byteRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.departedLive += bytes;
  registry.departedPeak =
      std::max(registry.departedPeak, registry.departedLive);
}

/// What precedes every buffer. A buffer allocated while its thread records
/// (beginRecordingAllocations) is linked into that thread's list until it
/// is freed or the recording ends.
struct Header {
  void *block;
  size_t size;
  Header *previous;
  Header *next;
  /// The block's alignment and its bytes (what it was allocated with, which
  /// a reused block may exceed).
  size_t alignment;
  size_t capacity;
  /// Gives the block back when it came from a BlockSource; null for the C
  /// heap's blocks.
  void (*release)(void *block);
  size_t padding;
};
static_assert(sizeof(Header) == 64, "the header keeps 64-byte alignment");

/// The alignment of every buffer, at least: room for the header (the
/// alignment memref lowering asks for, 64, so that no buffer pays twice).
constexpr size_t kMinAlignment = sizeof(Header);

/// The alignment of malloc's blocks.
constexpr size_t kMallocAlignment = alignof(std::max_align_t);
static_assert(kMallocAlignment <= kMinAlignment);

/// The buffers allocated on this thread since recording began and not freed
/// (a circular list through a sentinel; empty when not recording).
struct RecordedAllocations {
  bool recording = false;
  Header sentinel{nullptr, 0, &sentinel, &sentinel, 0, 0, nullptr, 0};
};

thread_local RecordedAllocations recorded;

Header *headerOf(void *buffer) { return static_cast<Header *>(buffer) - 1; }

/// The freed large blocks a thread keeps for reuse (see the file comment).
class LargeBlockCache {
public:
  /// The smallest block kept.
  static constexpr size_t kMinBytes = size_t{1} << 20;
  /// The most bytes kept per thread.
  static constexpr size_t kMaxBytes = size_t{1} << 30;

  ~LargeBlockCache() {
    for (Entry &entry : entries)
      std::free(entry.block);
  }

  /// A kept block of at least `bytes` (at most twice as many) aligned to
  /// `alignment`, or null; `capacity` receives its size.
  void *take(size_t alignment, size_t bytes, size_t &capacity) {
    // Small blocks are never kept: do not search for them.
    if (bytes < kMinBytes || kept == 0)
      return nullptr;
    for (Entry &entry : entries)
      if (entry.block && entry.alignment == alignment && entry.bytes >= bytes &&
          entry.bytes / 2 <= bytes) {
        void *block = entry.block;
        capacity = entry.bytes;
        kept -= entry.bytes;
        entry = Entry{};
        return block;
      }
    return nullptr;
  }

  /// Keeps `block` (`bytes` at `alignment`) or frees it, or another, when
  /// the cache is full.
  void give(void *block, size_t alignment, size_t bytes) {
    if (bytes < kMinBytes || bytes > kMaxBytes) {
      std::free(block);
      return;
    }
    Entry *slot = nullptr;
    for (Entry &entry : entries)
      if (!entry.block) {
        slot = &entry;
        break;
      }
    // Full (in slots or bytes): the oldest goes.
    while (!slot || kept + bytes > kMaxBytes) {
      Entry &oldest = entries[next];
      next = (next + 1) % entries.size();
      if (oldest.block) {
        std::free(oldest.block);
        kept -= oldest.bytes;
        oldest = Entry{};
      }
      if (!slot)
        slot = &oldest;
    }
    *slot = Entry{block, alignment, bytes};
    kept += bytes;
  }

private:
  struct Entry {
    void *block = nullptr;
    size_t alignment = 0;
    size_t bytes = 0;
  };
  std::array<Entry, 16> entries{};
  size_t next = 0;
  size_t kept = 0;
};

thread_local LargeBlockCache largeBlocks;

void unlink(Header *header) {
  header->previous->next = header->next;
  header->next->previous = header->previous;
  header->previous = header->next = nullptr;
}

/// `size` bytes aligned to `alignment` (a power of two, at least
/// kMinAlignment), with a header in front, from `source` (the C heap when
/// null); null, with an ErrorCode::AllocationFailed report, when the heap is
/// exhausted or the size overflows.
void *allocate(size_t alignment, size_t size,
               const scanjit::runtime::BlockSource *source = nullptr) {
  void *block = nullptr;
  // From the C heap, malloc's block (aligned to kMallocAlignment) holds the
  // header, the padding up to `alignment` and the buffer: malloc is several
  // times faster than posix_memalign, which splits and frees chunks to align
  // a block (a fifth of the time of a short call of compiled code).
  size_t overhead =
      source ? alignment : sizeof(Header) + (alignment - kMallocAlignment);
  bool fits = size <= SIZE_MAX - overhead &&
              size <= static_cast<size_t>(INT64_MAX) - overhead;
  size_t capacity = fits ? overhead + size : 0;
  if (fits && source) {
    // Sources give blocks aligned to at least the header's size.
    block = source->acquire(capacity);
    if (block && reinterpret_cast<uintptr_t>(block) % alignment != 0) {
      source->release(block);
      block = nullptr;
    }
  } else if (fits) {
    block = largeBlocks.take(alignment, capacity, capacity);
    if (!block)
      block = std::malloc(capacity);
  }
  if (!block) {
    // Compiled code checks for null (scan-guard-allocations) and returns;
    // the report says why. It neither allocates nor throws.
    scanjit_rt_error(
        static_cast<int32_t>(scanjit::runtime::ErrorCode::AllocationFailed),
        static_cast<int64_t>(size), static_cast<int64_t>(alignment), 0);
    return nullptr;
  }
  // The first address past the header aligned to `alignment` (block +
  // alignment for a source's aligned block).
  auto address = reinterpret_cast<uintptr_t>(block) + sizeof(Header);
  address = (address + alignment - 1) & ~(uintptr_t{alignment} - 1);
  void *buffer = reinterpret_cast<void *>(address);
  Header *header = headerOf(buffer);
  *header = Header{block,
                   size,
                   nullptr,
                   nullptr,
                   alignment,
                   capacity,
                   source ? source->release : nullptr,
                   0};
  if (recorded.recording) {
    Header &sentinel = recorded.sentinel;
    header->previous = sentinel.previous;
    header->next = &sentinel;
    sentinel.previous->next = header;
    sentinel.previous = header;
  }
  countBytes(static_cast<int64_t>(size));
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
  countBytes(-static_cast<int64_t>(header->size));
  if (header->release) {
    header->release(header->block);
    return;
  }
  largeBlocks.give(header->block, header->alignment, header->capacity);
}

void *scanjit::runtime::allocateFrom(const BlockSource &source,
                                     size_t alignment, size_t size) {
  return allocate(alignment < kMinAlignment ? kMinAlignment : alignment, size,
                  &source);
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

namespace {

/// `departed` of the registry plus `count` of every thread's ThreadBytes.
int64_t sumOverThreads(int64_t ByteRegistry::*departed,
                       std::atomic<int64_t> ThreadBytes::*count) {
  ByteRegistry &registry = byteRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  int64_t sum = registry.*departed;
  for (ThreadBytes *thread = registry.first; thread; thread = thread->next)
    sum += (thread->*count).load(std::memory_order_relaxed);
  return sum;
}

} // namespace

int64_t scanjit::runtime::liveAllocatedBytes() {
  return sumOverThreads(&ByteRegistry::departedLive, &ThreadBytes::live);
}

int64_t scanjit::runtime::peakAllocatedBytes() {
  return sumOverThreads(&ByteRegistry::departedPeak, &ThreadBytes::peak);
}

void scanjit::runtime::resetPeakAllocatedBytes() {
  ByteRegistry &registry = byteRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.departedPeak = registry.departedLive;
  for (ThreadBytes *thread = registry.first; thread; thread = thread->next)
    thread->peak.store(thread->live.load(std::memory_order_relaxed),
                       std::memory_order_relaxed);
}
