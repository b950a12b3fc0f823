//===- CPURuntimeTest.cpp - Run-time error reporting of runtime/cpu -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// What compiled code's error reports become: the message of each error code,
// first-error-wins, clearing, and that reports stay on their thread; the
// byte counts of the heap compiled code allocates from.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

using namespace scanjit::runtime;

namespace {

int32_t code(ErrorCode errorCode) { return static_cast<int32_t>(errorCode); }

TEST(CPURuntimeTest, FormatsEveryErrorCode) {
  EXPECT_EQ(formatError(code(ErrorCode::NegativeNSteps), -3, 0, 0),
            "scan: n_steps (-3) is negative");
  EXPECT_EQ(formatError(code(ErrorCode::NStepsExceedsSequence), 7, 5, 0),
            "scan: n_steps (7) exceeds the 5 steps that sequence #0 provides");
  EXPECT_EQ(formatError(code(ErrorCode::NStepsExceedsSequence), 2, 1, 1),
            "scan: n_steps (2) exceeds the 1 step that sequence #1 provides");
  EXPECT_EQ(formatError(code(ErrorCode::SequenceTooShort), 1, 3, 5),
            "scan: sequence #1 has length 3, shorter than the 5 steps its "
            "taps span");
  EXPECT_EQ(formatError(code(ErrorCode::InitialValueTooShort), 0, 2, 3),
            "scan: the initial value of output #0 has 2 rows but its taps "
            "need 3");
  EXPECT_EQ(formatError(code(ErrorCode::StepShapeChanged), 1, 4, 0),
            "scan: output #1 changes shape at step 4 (every step must yield "
            "the shape of its initial value, or of its first step)");
  // (output index + axis * 2^32, size fn returns, size of the initial
  // value's steps).
  EXPECT_EQ(formatError(code(ErrorCode::StepShapeMismatch),
                        2 + (int64_t(1) << 32), 3, 1),
            "scan: output #2: fn returns a step of size 3 on axis 1, but the "
            "initial value's steps have size 1 there");
  EXPECT_EQ(formatError(code(ErrorCode::IndexOutOfBounds), -1, 0, 0),
            "index -1 is out of bounds for axis 0 with size 0");
  EXPECT_EQ(formatError(code(ErrorCode::BroadcastMismatch), 2, 3, 1),
            "operands could not be broadcast together: axis 1 has size 2 in "
            "one operand and 3 in another");
  EXPECT_EQ(formatError(code(ErrorCode::DotMismatch), 2, 3, 0),
            "dot: shapes not aligned: the left operand's last axis has size 2 "
            "but the right operand's contracted axis has size 3");
  // A check's message is bytes of the compiled module: (address, count).
  static const char kMessage[] = "check failed: x > 0 and more";
  EXPECT_EQ(
      formatError(code(ErrorCode::CheckFailed),
                  static_cast<int64_t>(reinterpret_cast<intptr_t>(kMessage)),
                  19, 0),
      "check failed: x > 0");
  EXPECT_EQ(formatError(code(ErrorCode::CheckFailed), 0, 0, 0),
            "a run-time check failed");
  EXPECT_EQ(formatError(99, 1, 2, 3),
            "scan: unknown run-time error (code 99, operands 1, 2, 3)");
}

TEST(CPURuntimeTest, KeepsTheFirstErrorUntilTaken) {
  clearPendingError();
  EXPECT_FALSE(hasPendingError());
  EXPECT_EQ(takePendingError(), std::nullopt);

  scanjit_rt_error(code(ErrorCode::NegativeNSteps), -1, 0, 0);
  scanjit_rt_error(code(ErrorCode::NStepsExceedsSequence), 7, 5, 0);
  EXPECT_TRUE(hasPendingError());
  EXPECT_EQ(takePendingError(), "scan: n_steps (-1) is negative");
  // Taking clears.
  EXPECT_FALSE(hasPendingError());
  EXPECT_EQ(takePendingError(), std::nullopt);

  scanjit_rt_error(code(ErrorCode::NegativeNSteps), -2, 0, 0);
  clearPendingError();
  EXPECT_EQ(takePendingError(), std::nullopt);
}

TEST(CPURuntimeTest, ErrorsStayOnTheirThread) {
  clearPendingError();
  std::thread other([] {
    scanjit_rt_error(code(ErrorCode::NegativeNSteps), -5, 0, 0);
    EXPECT_TRUE(hasPendingError());
  });
  other.join();
  EXPECT_FALSE(hasPendingError());

  scanjit_rt_error(code(ErrorCode::NegativeNSteps), -6, 0, 0);
  std::thread reader([] { EXPECT_FALSE(hasPendingError()); });
  reader.join();
  EXPECT_EQ(takePendingError(), "scan: n_steps (-6) is negative");
}

TEST(CPURuntimeTest, ListsTheSymbolsCompiledCodeCalls) {
  bool sawErrorFunction = false;
  size_t blasFunctions = 0;
  for (const RuntimeSymbol &symbol : getRuntimeSymbols()) {
    EXPECT_NE(symbol.address, nullptr) << symbol.name;
    if (std::strcmp(symbol.name, kErrorFunctionName) == 0) {
      sawErrorFunction = true;
      EXPECT_EQ(symbol.address, reinterpret_cast<void *>(&scanjit_rt_error));
    }
    if (std::strncmp(symbol.name, "_mlir_ciface_scanjit_blas_", 26) == 0)
      ++blasFunctions;
  }
  EXPECT_TRUE(sawErrorFunction);
  // matmul, matvec, vecmat (each also overwriting) and dot, f32 and f64.
  EXPECT_EQ(blasFunctions, 14u);
}

TEST(CPURuntimeTest, CountsTheBytesCompiledCodeHolds) {
  int64_t before = liveAllocatedBytes();
  resetPeakAllocatedBytes();
  EXPECT_EQ(peakAllocatedBytes(), before);

  void *small = _mlir_memref_to_llvm_alloc(1000);
  void *aligned = _mlir_memref_to_llvm_aligned_alloc(64, 4096);
  ASSERT_NE(small, nullptr);
  ASSERT_NE(aligned, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 64, 0u);
  // The sizes requested, whatever the heap rounds them to.
  EXPECT_EQ(liveAllocatedBytes() - before, 5096);
  int64_t peakWithBoth = peakAllocatedBytes();
  EXPECT_EQ(peakWithBoth, liveAllocatedBytes());

  _mlir_memref_to_llvm_free(small);
  freeBuffer(aligned);
  EXPECT_EQ(liveAllocatedBytes(), before);
  EXPECT_EQ(peakAllocatedBytes(), peakWithBoth);
  resetPeakAllocatedBytes();
  EXPECT_EQ(peakAllocatedBytes(), before);

  // Zero bytes still give a pointer compiled code can free.
  void *empty = _mlir_memref_to_llvm_alloc(0);
  EXPECT_NE(empty, nullptr);
  _mlir_memref_to_llvm_free(empty);
  _mlir_memref_to_llvm_free(nullptr);
  EXPECT_EQ(liveAllocatedBytes(), before);
}

/// Each thread counts its own bytes; the totals sum them: a buffer freed on
/// another thread than its own, and one that outlives the thread that
/// allocated it, leave the live bytes where they were.
TEST(CPURuntimeTest, CountsBytesAcrossThreads) {
  int64_t before = liveAllocatedBytes();
  resetPeakAllocatedBytes();
  void *fromWorker = nullptr;
  std::thread worker([&] { fromWorker = _mlir_memref_to_llvm_alloc(3000); });
  worker.join();
  ASSERT_NE(fromWorker, nullptr);
  // The worker has ended; its buffer lives on, and so does its peak.
  EXPECT_EQ(liveAllocatedBytes() - before, 3000);
  EXPECT_EQ(peakAllocatedBytes() - before, 3000);

  void *mine = _mlir_memref_to_llvm_alloc(500);
  EXPECT_EQ(liveAllocatedBytes() - before, 3500);
  EXPECT_EQ(peakAllocatedBytes() - before, 3500);
  // Freed here, allocated by the worker; and one freed on another thread.
  freeBuffer(fromWorker);
  std::thread freer([&] { freeBuffer(mine); });
  freer.join();
  EXPECT_EQ(liveAllocatedBytes(), before);
  EXPECT_EQ(peakAllocatedBytes() - before, 3500);
  resetPeakAllocatedBytes();
  EXPECT_EQ(peakAllocatedBytes(), before);
}

TEST(CPURuntimeTest, AlignsEveryBufferAsAsked) {
  // Blocks come from malloc (16-byte aligned) and are aligned by hand:
  // every alignment compiled code asks for, small and large sizes, each
  // buffer writable to its end and apart from the others.
  int64_t before = liveAllocatedBytes();
  std::vector<std::pair<unsigned char *, size_t>> buffers;
  for (size_t alignment : {1, 8, 16, 32, 64, 128, 256, 4096})
    for (size_t size : {0, 1, 24, 100, 4096, 3 << 20}) {
      auto *buffer = static_cast<unsigned char *>(
          _mlir_memref_to_llvm_aligned_alloc(alignment, size));
      ASSERT_NE(buffer, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer) %
                    std::max<size_t>(alignment, 64),
                0u)
          << "alignment " << alignment << ", " << size << " bytes";
      std::memset(buffer, static_cast<int>(buffers.size()), size);
      buffers.emplace_back(buffer, size);
    }
  for (size_t i = 0; i < buffers.size(); ++i) {
    auto [buffer, size] = buffers[i];
    if (size == 0)
      continue;
    for (size_t byte : {size_t{0}, size / 2, size - 1})
      EXPECT_EQ(buffer[byte], static_cast<unsigned char>(i));
  }
  for (auto [buffer, size] : buffers)
    freeBuffer(buffer);
  EXPECT_EQ(liveAllocatedBytes(), before);
}

TEST(CPURuntimeTest, OverwritingBLASGlueIgnoresTheOldOutput) {
  // y = A x and C = A B through the glue's _overwrite_ variants, which do
  // not read their output (it holds NaN here), checked against plain loops;
  // once with unit strides (CBLAS) and once with A read through a stride of
  // 2 between columns (the glue's own loops).
  constexpr int64_t n = 3;
  std::vector<double> storage(n * n * 2), x = {1.5, -2, 0.25};
  for (size_t i = 0; i < storage.size(); ++i)
    storage[i] = 0.5 * static_cast<double>(i) - 3;
  for (int64_t columnStride : {1, 2}) {
    MemRefDescriptor<double, 2> a{storage.data(),
                                  storage.data(),
                                  0,
                                  {n, n},
                                  {n * columnStride, columnStride}};
    auto element = [&](int64_t i, int64_t j) {
      return storage[static_cast<size_t>(i * n * columnStride +
                                         j * columnStride)];
    };
    std::vector<double> y(n, std::nan("")), c(n * n, std::nan(""));
    MemRefDescriptor<double, 1> xv{x.data(), x.data(), 0, {n}, {1}};
    MemRefDescriptor<double, 1> yv{y.data(), y.data(), 0, {n}, {1}};
    MemRefDescriptor<double, 2> cv{c.data(), c.data(), 0, {n, n}, {n, 1}};
    _mlir_ciface_scanjit_blas_matvec_overwrite_f64(&a, &xv, &yv);
    for (int64_t i = 0; i < n; ++i) {
      double expected = 0;
      for (int64_t j = 0; j < n; ++j)
        expected += element(i, j) * x[static_cast<size_t>(j)];
      EXPECT_NEAR(y[static_cast<size_t>(i)], expected, 1e-12)
          << "stride " << columnStride << ", y[" << i << "]";
    }
    std::fill(y.begin(), y.end(), std::nan(""));
    _mlir_ciface_scanjit_blas_vecmat_overwrite_f64(&xv, &a, &yv);
    for (int64_t j = 0; j < n; ++j) {
      double expected = 0;
      for (int64_t i = 0; i < n; ++i)
        expected += x[static_cast<size_t>(i)] * element(i, j);
      EXPECT_NEAR(y[static_cast<size_t>(j)], expected, 1e-12)
          << "stride " << columnStride << ", y[" << j << "]";
    }
    _mlir_ciface_scanjit_blas_matmul_overwrite_f64(&a, &a, &cv);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double expected = 0;
        for (int64_t k = 0; k < n; ++k)
          expected += element(i, k) * element(k, j);
        EXPECT_NEAR(c[static_cast<size_t>(i * n + j)], expected, 1e-12)
            << "stride " << columnStride << ", C[" << i << ", " << j << "]";
      }
  }
  // An empty contraction still overwrites: zeros.
  std::vector<double> y(2, std::nan(""));
  MemRefDescriptor<double, 2> empty{nullptr, nullptr, 0, {2, 0}, {0, 1}};
  MemRefDescriptor<double, 1> none{nullptr, nullptr, 0, {0}, {1}};
  MemRefDescriptor<double, 1> yv{y.data(), y.data(), 0, {2}, {1}};
  _mlir_ciface_scanjit_blas_matvec_overwrite_f64(&empty, &none, &yv);
  EXPECT_EQ(y, std::vector<double>(2, 0.0));
}

TEST(CPURuntimeTest, ReusesLargeBlocksOnTheirThread) {
  int64_t before = liveAllocatedBytes();
  constexpr size_t kLarge = size_t{4} << 20;
  auto *first = static_cast<char *>(
      _mlir_memref_to_llvm_aligned_alloc(64, kLarge));
  ASSERT_NE(first, nullptr);
  first[kLarge - 1] = 1;
  _mlir_memref_to_llvm_free(first);
  // Freed bytes are not live, even while the block is kept.
  EXPECT_EQ(liveAllocatedBytes(), before);

  // The same size again reuses the block; a much smaller one does not.
  auto *again = static_cast<char *>(
      _mlir_memref_to_llvm_aligned_alloc(64, kLarge));
  EXPECT_EQ(again, first);
  EXPECT_EQ(liveAllocatedBytes() - before, static_cast<int64_t>(kLarge));
  void *small = _mlir_memref_to_llvm_aligned_alloc(64, kLarge / 4);
  EXPECT_NE(small, again);
  _mlir_memref_to_llvm_free(small);
  _mlir_memref_to_llvm_free(again);

  // Another alignment gets a block of its own, aligned as asked.
  auto *wide = static_cast<char *>(
      _mlir_memref_to_llvm_aligned_alloc(4096, kLarge));
  ASSERT_NE(wide, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(wide) % 4096, 0u);
  wide[0] = 1;
  _mlir_memref_to_llvm_free(wide);

  // Many large blocks at once: the cache keeps a bounded few and frees the
  // rest (ASan's leak check sees none left at exit).
  std::vector<void *> blocks;
  for (int i = 0; i < 40; ++i)
    blocks.push_back(_mlir_memref_to_llvm_alloc((size_t{1} << 20) + i));
  for (void *block : blocks)
    _mlir_memref_to_llvm_free(block);
  EXPECT_EQ(liveAllocatedBytes(), before);
}

TEST(CPURuntimeTest, FreesWhatAFailedCallAllocated) {
  int64_t before = liveAllocatedBytes();
  // A failed call: what it freed itself is not freed twice, the rest is.
  beginRecordingAllocations();
  void *kept = _mlir_memref_to_llvm_alloc(100);
  void *freed = _mlir_memref_to_llvm_aligned_alloc(64, 200);
  void *returned = _mlir_memref_to_llvm_alloc(300);
  _mlir_memref_to_llvm_free(freed);
  EXPECT_EQ(liveAllocatedBytes() - before, 400);
  endRecordingAllocations(/*freeRecorded=*/true);
  EXPECT_EQ(liveAllocatedBytes(), before);
  (void)kept;
  (void)returned;

  // A call that succeeds leaves its buffers to their owners, which may free
  // them on any thread.
  beginRecordingAllocations();
  void *result = _mlir_memref_to_llvm_alloc(48);
  endRecordingAllocations(/*freeRecorded=*/false);
  EXPECT_EQ(liveAllocatedBytes() - before, 48);
  std::thread([&] { freeBuffer(result); }).join();
  EXPECT_EQ(liveAllocatedBytes(), before);

  // Outside a recording nothing is recorded.
  void *outside = _mlir_memref_to_llvm_alloc(16);
  beginRecordingAllocations();
  endRecordingAllocations(/*freeRecorded=*/true);
  EXPECT_EQ(liveAllocatedBytes() - before, 16);
  freeBuffer(outside);
  EXPECT_EQ(liveAllocatedBytes(), before);
}

TEST(CPURuntimeTest, AllocationsTooLargeReturnNullAndReportIt) {
  int64_t before = liveAllocatedBytes();
  clearPendingError();
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(SIZE_MAX), nullptr);
  EXPECT_EQ(takePendingError(),
            "cannot allocate 18446744073709551615 bytes: out of memory");
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(SIZE_MAX - 8), nullptr);
  EXPECT_TRUE(hasPendingError());
  clearPendingError();
  EXPECT_EQ(_mlir_memref_to_llvm_aligned_alloc(64, SIZE_MAX - 32), nullptr);
  clearPendingError();
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(size_t{1} << 62), nullptr);
  EXPECT_EQ(takePendingError(),
            "cannot allocate 4611686018427387904 bytes: out of memory");
  EXPECT_EQ(liveAllocatedBytes(), before);
}

TEST(CPURuntimeTest, CopiesTheSizesAReportPointsTo) {
  clearPendingError();
  {
    // The sizes live on the reporter's stack; the report keeps a copy.
    int64_t sizes[] = {2, -1};
    scanjit_rt_error(code(ErrorCode::ReshapeSizeMismatch), 3,
                     static_cast<int64_t>(reinterpret_cast<intptr_t>(sizes)),
                     2);
    sizes[0] = 99;
  }
  EXPECT_EQ(takePendingError(),
            "reshape: cannot reshape array of size 3 into shape (2,-1)");
  int64_t huge[] = {int64_t{1} << 40, int64_t{1} << 40};
  scanjit_rt_error(code(ErrorCode::AllocationSizeOverflow), 8,
                   static_cast<int64_t>(reinterpret_cast<intptr_t>(huge)), 2);
  EXPECT_EQ(takePendingError(),
            "cannot allocate an array of shape (1099511627776,1099511627776) "
            "with 8-byte elements: its size in bytes overflows");
  int64_t negative[] = {-2};
  scanjit_rt_error(code(ErrorCode::AllocationSizeOverflow), 8,
                   static_cast<int64_t>(reinterpret_cast<intptr_t>(negative)),
                   1);
  EXPECT_EQ(takePendingError(), "cannot allocate an array of shape (-2,): "
                                "negative dimensions are not allowed");
  scanjit_rt_error(code(ErrorCode::IntegerDivisionByZero), 0, 0, 0);
  EXPECT_EQ(takePendingError(), "integer division or modulo by zero");
}

} // namespace
