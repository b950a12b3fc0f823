//===- CUDARuntimeTest.cpp - runtime/cuda without a driver ----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// What runtime/cuda does where no CUDA driver can be loaded: every function
// reports it and returns null or does nothing. The whole executable forces
// that path, on machines with a GPU too, by pointing SCANJIT_CUDA_DRIVER at
// a library that does not exist before anything loads the driver (once per
// process). Also: the messages of the CUDA error codes, and the symbol
// table. CUDARuntimeDeviceTest.cpp covers the runtime on a real GPU.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CUDARuntime.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

using namespace scanjit::runtime;

namespace {

/// Set while static objects are constructed, before any test runs.
const bool kDriverHidden =
    setenv("SCANJIT_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1) == 0;

int32_t code(ErrorCode errorCode) { return static_cast<int32_t>(errorCode); }

int64_t addressOf(const char *string) {
  return static_cast<int64_t>(reinterpret_cast<intptr_t>(string));
}

TEST(CUDARuntimeTest, FormatsDriverErrors) {
  EXPECT_EQ(formatError(code(ErrorCode::CUDACallFailed), 719,
                        addressOf("cuLaunchKernel"),
                        addressOf("CUDA_ERROR_LAUNCH_FAILED")),
            "CUDA: cuLaunchKernel failed: CUDA_ERROR_LAUNCH_FAILED (719)");
  // Without the result's name (cuGetErrorName did not know it).
  EXPECT_EQ(formatError(code(ErrorCode::CUDACallFailed), 719,
                        addressOf("cuLaunchKernel"), 0),
            "CUDA: cuLaunchKernel failed: error 719");
  EXPECT_EQ(formatError(code(ErrorCode::CUDADriverMissing),
                        addressOf("libcuda.so.1: cannot open shared object "
                                  "file"),
                        0, 0),
            "no CUDA driver found (libcuda.so.1: cannot open shared object "
            "file)");
  EXPECT_EQ(formatError(code(ErrorCode::CUDADriverMissing), 0, 0, 0),
            "no CUDA driver found (libcuda.so.1 cannot be loaded)");
}

TEST(CUDARuntimeTest, SymbolTableListsEveryFunction) {
  const std::set<std::string> expected = {
      "mgpuModuleLoad",        "mgpuModuleLoadJIT",
      "mgpuModuleUnload",      "mgpuModuleGetFunction",
      "mgpuLaunchKernel",      "mgpuStreamCreate",
      "mgpuStreamDestroy",     "mgpuStreamSynchronize",
      "mgpuStreamWaitEvent",   "mgpuEventCreate",
      "mgpuEventDestroy",      "mgpuEventSynchronize",
      "mgpuEventRecord",       "mgpuMemAlloc",
      "mgpuMemFree",           "mgpuMemcpy",
      "mgpuMemset32",          "mgpuMemset16",
      "mgpuMemHostRegister",   "mgpuMemHostRegisterMemRef",
      "mgpuMemHostUnregister", "mgpuMemHostUnregisterMemRef",
      "mgpuSetDefaultDevice"};
  std::set<std::string> names;
  std::set<void *> addresses;
  for (const RuntimeSymbol &symbol : getCUDARuntimeSymbols()) {
    EXPECT_NE(symbol.address, nullptr) << symbol.name;
    EXPECT_TRUE(names.insert(symbol.name).second) << symbol.name;
    EXPECT_TRUE(addresses.insert(symbol.address).second) << symbol.name;
  }
  EXPECT_EQ(names, expected);
}

/// Expects the error pending on this thread to be the missing driver.
void expectDriverMissing(const char *call) {
  std::optional<std::string> error = takePendingError();
  ASSERT_TRUE(error) << call;
  EXPECT_EQ(error->rfind("no CUDA driver found (/nonexistent/libcuda.so.1", 0),
            0u)
      << call << ": " << *error;
}

TEST(CUDARuntimeNoDriverTest, EveryCallReportsTheMissingDriver) {
  ASSERT_TRUE(kDriverHidden);
  EXPECT_FALSE(isCUDADriverAvailable());
  std::optional<std::string> why = getCUDADriverError();
  ASSERT_TRUE(why);
  EXPECT_EQ(why->rfind("no CUDA driver found (", 0), 0u) << *why;

  clearPendingError();
  char blob[16] = {};
  EXPECT_EQ(mgpuModuleLoad(blob, sizeof(blob)), nullptr);
  expectDriverMissing("mgpuModuleLoad");
  EXPECT_EQ(mgpuModuleLoadJIT(blob, 2), nullptr);
  expectDriverMissing("mgpuModuleLoadJIT");
  EXPECT_EQ(mgpuMemAlloc(64, nullptr, false), nullptr);
  expectDriverMissing("mgpuMemAlloc");
  EXPECT_EQ(mgpuMemAlloc(64, nullptr, true), nullptr);
  expectDriverMissing("mgpuMemAlloc (host shared)");
  EXPECT_EQ(mgpuStreamCreate(), nullptr);
  expectDriverMissing("mgpuStreamCreate");
  EXPECT_EQ(mgpuEventCreate(), nullptr);
  expectDriverMissing("mgpuEventCreate");
  float host[4] = {};
  mgpuMemHostRegister(host, sizeof(host));
  expectDriverMissing("mgpuMemHostRegister");
}

TEST(CUDARuntimeNoDriverTest, NullHandlesAreHarmless) {
  // What compiled code goes on calling after the calls above returned null:
  // nothing happens, and nothing more is reported.
  clearPendingError();
  void *params[1] = {nullptr};
  mgpuLaunchKernel(nullptr, 1, 1, 1, 1, 1, 1, 0, nullptr, params, nullptr, 1);
  EXPECT_EQ(mgpuModuleGetFunction(nullptr, "kernel"), nullptr);
  char buffer[8] = {};
  mgpuMemcpy(nullptr, buffer, sizeof(buffer), nullptr);
  mgpuMemset32(nullptr, 0, 2, nullptr);
  mgpuMemset16(nullptr, 0, 4, nullptr);
  mgpuStreamWaitEvent(nullptr, nullptr);
  mgpuEventRecord(nullptr, nullptr);
  mgpuEventSynchronize(nullptr);
  mgpuEventDestroy(nullptr);
  mgpuStreamSynchronize(nullptr);
  mgpuStreamDestroy(nullptr);
  mgpuMemFree(nullptr, nullptr);
  mgpuMemHostUnregister(nullptr);
  mgpuModuleUnload(nullptr);
  mgpuSetDefaultDevice(1);
  mgpuSetDefaultDevice(0);
  EXPECT_FALSE(hasPendingError());
}

} // namespace
