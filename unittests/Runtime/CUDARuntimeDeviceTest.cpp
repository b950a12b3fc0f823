//===- CUDARuntimeDeviceTest.cpp - runtime/cuda on a GPU ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The mgpu* functions against the real driver: a PTX kernel loaded, launched
// and its results copied back; memsets, events and managed memory; and the
// reports of failed driver calls. Every test is skipped where the driver
// cannot be used (no libcuda.so.1, or no GPU).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CUDARuntime.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string>
#include <vector>

using namespace scanjit::runtime;

namespace {

/// add_one(float *data, uint32_t count): data[i] += 1 for i < count.
const char kAddOnePTX[] = R"(
.version 7.0
.target sm_75
.address_size 64

.visible .entry add_one(.param .u64 data, .param .u32 count)
{
  .reg .pred %p;
  .reg .b32 %r<6>;
  .reg .b64 %rd<4>;
  .reg .f32 %f<3>;
  ld.param.u64 %rd1, [data];
  ld.param.u32 %r1, [count];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %tid.x;
  mad.lo.s32 %r5, %r2, %r3, %r4;
  setp.ge.u32 %p, %r5, %r1;
  @%p bra DONE;
  cvta.to.global.u64 %rd2, %rd1;
  mul.wide.u32 %rd3, %r5, 4;
  add.s64 %rd2, %rd2, %rd3;
  ld.global.f32 %f1, [%rd2];
  add.f32 %f2, %f1, 0f3F800000;
  st.global.f32 [%rd2], %f2;
DONE:
  ret;
}
)";

class CUDARuntimeDeviceTest : public testing::Test {
protected:
  void SetUp() override {
    if (!isCUDADriverAvailable())
      GTEST_SKIP() << *getCUDADriverError();
    clearPendingError();
  }

  /// Fails the test with the message of any error reported.
  void expectNoError() {
    std::optional<std::string> error = takePendingError();
    EXPECT_FALSE(error) << *error;
  }

  /// Expects the error reported to start with `prefix`.
  void expectError(const std::string &prefix) {
    std::optional<std::string> error = takePendingError();
    ASSERT_TRUE(error) << "expected: " << prefix;
    EXPECT_EQ(error->rfind(prefix, 0), 0u) << *error;
  }
};

TEST_F(CUDARuntimeDeviceTest, LaunchesAKernel) {
  auto *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePTX), 2);
  auto *function = mgpuModuleGetFunction(module, "add_one");
  ASSERT_NE(function, nullptr);
  auto *stream = mgpuStreamCreate();
  std::vector<float> host(1000);
  for (size_t i = 0; i < host.size(); ++i)
    host[i] = static_cast<float>(i);
  size_t bytes = host.size() * sizeof(float);
  void *device = mgpuMemAlloc(bytes, stream, /*isHostShared=*/false);
  mgpuMemcpy(device, host.data(), bytes, stream);
  uint32_t count = static_cast<uint32_t>(host.size());
  void *params[] = {&device, &count};
  mgpuLaunchKernel(function, 8, 1, 1, 128, 1, 1, 0, stream, params, nullptr, 2);
  mgpuMemcpy(host.data(), device, bytes, stream);
  mgpuStreamSynchronize(stream);
  expectNoError();
  for (size_t i = 0; i < host.size(); ++i)
    ASSERT_EQ(host[i], static_cast<float>(i) + 1) << i;
  mgpuMemFree(device, stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  expectNoError();
}

TEST_F(CUDARuntimeDeviceTest, SetsMemoryAcrossStreams) {
  auto *first = mgpuStreamCreate();
  auto *second = mgpuStreamCreate();
  auto *event = mgpuEventCreate();
  // Managed memory, read on the host once both streams are done.
  auto *shared = static_cast<uint16_t *>(mgpuMemAlloc(16, first, true));
  ASSERT_NE(shared, nullptr);
  mgpuMemset32(shared, 0x00010002u, 4, first);
  mgpuEventRecord(event, first);
  mgpuStreamWaitEvent(second, event);
  mgpuMemset16(shared, 7, 2, second);
  mgpuStreamSynchronize(second);
  mgpuEventSynchronize(event);
  expectNoError();
  EXPECT_EQ(shared[0], 7);
  EXPECT_EQ(shared[1], 7);
  EXPECT_EQ(shared[2], 2);
  EXPECT_EQ(shared[3], 1);
  EXPECT_EQ(mgpuMemAlloc(0, first, false), nullptr);
  mgpuMemFree(shared, first);
  mgpuEventDestroy(event);
  mgpuStreamDestroy(second);
  mgpuStreamDestroy(first);
  expectNoError();
}

TEST_F(CUDARuntimeDeviceTest, RegistersMemRefs) {
  std::vector<float> host(12);
  // A 3x4 memref, passed as gpu.host_register passes any rank.
  MemRefDescriptor<float, 2> descriptor = {
      host.data(), host.data(), 0, {3, 4}, {4, 1}};
  auto *memref = reinterpret_cast<MemRefDescriptor<char, 1> *>(&descriptor);
  mgpuMemHostRegisterMemRef(2, memref, sizeof(float));
  mgpuMemHostUnregisterMemRef(2, memref, sizeof(float));
  expectNoError();
}

TEST_F(CUDARuntimeDeviceTest, ReportsFailedCalls) {
  char garbage[64] = "not a cubin";
  EXPECT_EQ(mgpuModuleLoad(garbage, sizeof(garbage)), nullptr);
  expectError("CUDA: cuModuleLoadData failed: CUDA_ERROR_");
  EXPECT_EQ(mgpuModuleLoadJIT(garbage, 2), nullptr);
  expectError("CUDA: cuModuleLoadDataEx");
  auto *module = mgpuModuleLoadJIT(const_cast<char *>(kAddOnePTX), 2);
  EXPECT_EQ(mgpuModuleGetFunction(module, "no_such_kernel"), nullptr);
  expectError("CUDA: cuModuleGetFunction failed: CUDA_ERROR_NOT_FOUND");
  auto *function = mgpuModuleGetFunction(module, "add_one");
  void *data = nullptr;
  uint32_t count = 0;
  void *params[] = {&data, &count};
  // A grid the driver's unsigned sizes cannot hold is refused, not wrapped.
  mgpuLaunchKernel(function, int64_t(1) << 32, 1, 1, 1, 1, 1, 0, nullptr,
                   params, nullptr, 2);
  expectError("CUDA: cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (1)");
  mgpuLaunchKernel(function, 0, 1, 1, 1, 1, 1, 0, nullptr, params, nullptr, 2);
  expectError("CUDA: cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (1)");
  mgpuModuleUnload(module);
  expectNoError();
}

} // namespace
