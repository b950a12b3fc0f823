//===- CUDARuntime.cpp - The mgpu* functions over a dlopen'ed driver ------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The driver is loaded once per process, the first time any function needs
// it, and never unloaded: the names cuGetErrorName returns stay readable
// until the errors that point to them are taken. The few driver types and
// entry points used are declared here, so building needs no CUDA toolkit.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CUDARuntime.h"

#include <dlfcn.h>

#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <mutex>
#include <type_traits>
#include <vector>

using namespace scanjit::runtime::cuda;
using scanjit::runtime::ErrorCode;

namespace {

// The driver API's types (cuda.h), by their ABI.
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUjit_option = int;
using CUfunction_attribute = int;

// The driver API's constants used (cuda.h).
constexpr CUresult kInvalidValue = 1; // CUDA_ERROR_INVALID_VALUE
constexpr unsigned kStreamNonBlocking = 1;
constexpr unsigned kEventDisableTiming = 2;
constexpr unsigned kMemAttachGlobal = 1;
constexpr CUfunction_attribute kMaxDynamicSharedSizeBytes = 8;
constexpr CUjit_option kJitErrorLogBuffer = 5;
constexpr CUjit_option kJitErrorLogBufferSizeBytes = 6;
constexpr CUjit_option kJitOptimizationLevel = 7;
/// The dynamic shared memory a kernel gets without opting into more.
constexpr int32_t kDefaultSharedMemory = 48 * 1024;

/// The entry points used: (member, exported symbol, type).
#define SCANJIT_CUDA_DRIVER_FUNCTIONS(X)                                       \
  X(cuInit, "cuInit", CUresult(unsigned))                                      \
  X(cuGetErrorName, "cuGetErrorName", CUresult(CUresult, const char **))       \
  X(cuDeviceGet, "cuDeviceGet", CUresult(CUdevice *, int))                     \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain",                      \
    CUresult(CUcontext *, CUdevice))                                           \
  X(cuCtxGetCurrent, "cuCtxGetCurrent", CUresult(CUcontext *))                 \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", CUresult(CUcontext))                   \
  X(cuModuleLoadData, "cuModuleLoadData", CUresult(CUmodule *, const void *))  \
  X(cuModuleLoadDataEx, "cuModuleLoadDataEx",                                  \
    CUresult(CUmodule *, const void *, unsigned, CUjit_option *, void **))     \
  X(cuModuleUnload, "cuModuleUnload", CUresult(CUmodule))                      \
  X(cuModuleGetFunction, "cuModuleGetFunction",                                \
    CUresult(CUfunction *, CUmodule, const char *))                            \
  X(cuFuncSetAttribute, "cuFuncSetAttribute",                                  \
    CUresult(CUfunction, CUfunction_attribute, int))                           \
  X(cuLaunchKernel, "cuLaunchKernel",                                          \
    CUresult(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,     \
             unsigned, unsigned, CUstream, void **, void **))                  \
  X(cuStreamCreate, "cuStreamCreate", CUresult(CUstream *, unsigned))          \
  X(cuStreamDestroy, "cuStreamDestroy_v2", CUresult(CUstream))                 \
  X(cuStreamSynchronize, "cuStreamSynchronize", CUresult(CUstream))            \
  X(cuStreamWaitEvent, "cuStreamWaitEvent",                                    \
    CUresult(CUstream, CUevent, unsigned))                                     \
  X(cuEventCreate, "cuEventCreate", CUresult(CUevent *, unsigned))             \
  X(cuEventDestroy, "cuEventDestroy_v2", CUresult(CUevent))                    \
  X(cuEventSynchronize, "cuEventSynchronize", CUresult(CUevent))               \
  X(cuEventRecord, "cuEventRecord", CUresult(CUevent, CUstream))               \
  X(cuMemAlloc, "cuMemAlloc_v2", CUresult(CUdeviceptr *, size_t))              \
  X(cuMemAllocManaged, "cuMemAllocManaged",                                    \
    CUresult(CUdeviceptr *, size_t, unsigned))                                 \
  X(cuMemFree, "cuMemFree_v2", CUresult(CUdeviceptr))                          \
  X(cuMemcpyAsync, "cuMemcpyAsync",                                            \
    CUresult(CUdeviceptr, CUdeviceptr, size_t, CUstream))                      \
  X(cuMemsetD32Async, "cuMemsetD32Async",                                      \
    CUresult(CUdeviceptr, unsigned, size_t, CUstream))                         \
  X(cuMemsetD16Async, "cuMemsetD16Async",                                      \
    CUresult(CUdeviceptr, unsigned short, size_t, CUstream))                   \
  X(cuMemHostRegister, "cuMemHostRegister_v2",                                 \
    CUresult(void *, size_t, unsigned))                                        \
  X(cuMemHostUnregister, "cuMemHostUnregister", CUresult(void *))

/// The loaded driver: immutable once loadDriver has run.
struct Driver {
#define SCANJIT_CUDA_DRIVER_MEMBER(NAME, SYMBOL, TYPE)                         \
  std::add_pointer_t<TYPE> NAME = nullptr;
  SCANJIT_CUDA_DRIVER_FUNCTIONS(SCANJIT_CUDA_DRIVER_MEMBER)
#undef SCANJIT_CUDA_DRIVER_MEMBER
  /// Why the driver cannot be loaded; empty once it is.
  std::string loadError;
  /// What cuInit returned.
  CUresult initResult = 0;
};

/// The ordinal of the device whose primary context this thread uses.
thread_local int32_t defaultDevice = 0;

int64_t addressOf(const void *pointer) {
  return static_cast<int64_t>(reinterpret_cast<intptr_t>(pointer));
}

void loadDriver(Driver &driver) {
  const char *path = std::getenv("SCANJIT_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    driver.loadError = why ? why : std::string(path) + " cannot be loaded";
    return;
  }
#define SCANJIT_CUDA_DRIVER_RESOLVE(NAME, SYMBOL, TYPE)                        \
  driver.NAME =                                                                \
      reinterpret_cast<std::add_pointer_t<TYPE>>(dlsym(library, SYMBOL));      \
  if (!driver.NAME) {                                                          \
    driver = Driver();                                                         \
    driver.loadError = std::string(path) + " has no entry point " SYMBOL;      \
    dlclose(library);                                                          \
    return;                                                                    \
  }
  SCANJIT_CUDA_DRIVER_FUNCTIONS(SCANJIT_CUDA_DRIVER_RESOLVE)
#undef SCANJIT_CUDA_DRIVER_RESOLVE
  driver.initResult = driver.cuInit(0);
}

/// The driver, loaded on the first call.
const Driver &getDriver() {
  static Driver driver;
  static std::once_flag loaded;
  std::call_once(loaded, loadDriver, std::ref(driver));
  return driver;
}

/// The address of the name of `result` ("CUDA_ERROR_..."), or 0.
int64_t errorName(const Driver &driver, CUresult result) {
  const char *name = nullptr;
  return driver.cuGetErrorName(result, &name) == 0 ? addressOf(name) : 0;
}

/// Reports `call` as failed unless `result` is CUDA_SUCCESS; true when it is.
/// `call` must outlive the report (a literal).
bool check(const Driver &driver, CUresult result, const char *call) {
  if (result == 0)
    return true;
  scanjit_rt_error(static_cast<int32_t>(ErrorCode::CUDACallFailed), result,
                   addressOf(call), errorName(driver, result));
  return false;
}

/// Calls the driver's FN with the arguments that follow, reporting failure.
#define SCANJIT_CU(DRIVER, FN, ...) check(DRIVER, (DRIVER).FN(__VA_ARGS__), #FN)

/// The primary context of device `ordinal`, retained for the process.
CUcontext getPrimaryContext(const Driver &driver, int32_t ordinal) {
  static std::mutex mutex;
  static std::map<int32_t, CUcontext> contexts;
  std::lock_guard<std::mutex> lock(mutex);
  CUcontext &context = contexts[ordinal];
  CUdevice device = 0;
  CUcontext retained = nullptr;
  if (!context && SCANJIT_CU(driver, cuDeviceGet, &device, ordinal) &&
      SCANJIT_CU(driver, cuDevicePrimaryCtxRetain, &retained, device))
    context = retained;
  return context;
}

/// The driver, with the primary context of this thread's default device
/// current; null, having reported why, when it cannot be used. Null without
/// a report when `needed` is false: an operand is a null handle, that of a
/// failure already reported.
const Driver *enter(bool needed = true) {
  if (!needed)
    return nullptr;
  const Driver &driver = getDriver();
  if (!driver.loadError.empty()) {
    scanjit_rt_error(static_cast<int32_t>(ErrorCode::CUDADriverMissing),
                     addressOf(driver.loadError.c_str()), 0, 0);
    return nullptr;
  }
  if (!check(driver, driver.initResult, "cuInit"))
    return nullptr;
  CUcontext context = getPrimaryContext(driver, defaultDevice);
  CUcontext current = nullptr;
  if (!context || !SCANJIT_CU(driver, cuCtxGetCurrent, &current))
    return nullptr;
  if (current != context && !SCANJIT_CU(driver, cuCtxSetCurrent, context))
    return nullptr;
  return &driver;
}

/// The first element of a memref whose elements have `elementSizeBytes`.
char *firstElement(const scanjit::runtime::MemRefDescriptor<char, 1> *memref,
                   int64_t elementSizeBytes) {
  return memref->aligned + memref->offset * elementSizeBytes;
}

CUdeviceptr devicePointer(void *pointer) {
  return static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(pointer));
}

/// The bytes a memref spans from its first element, whatever its
/// (non-negative) strides; 0 when it is empty.
uint64_t spannedBytes(int64_t rank,
                      const scanjit::runtime::MemRefDescriptor<char, 1> *memref,
                      int64_t elementSizeBytes) {
  // The sizes and then the strides follow the offset, whatever the rank.
  const int64_t *sizes = memref->sizes;
  int64_t lastElement = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes[i] == 0)
      return 0;
    lastElement += (sizes[i] - 1) * sizes[rank + i];
  }
  return static_cast<uint64_t>(lastElement + 1) * elementSizeBytes;
}

} // namespace

extern "C" CUmodule mgpuModuleLoad(void *data, size_t /*gpuBlobSize*/) {
  CUmodule module = nullptr;
  const Driver *driver = enter();
  if (!driver || !SCANJIT_CU(*driver, cuModuleLoadData, &module, data))
    return nullptr;
  return module;
}

extern "C" CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  const Driver *driver = enter();
  if (!driver)
    return nullptr;
  char log[4096] = {};
  CUjit_option options[] = {kJitErrorLogBuffer, kJitErrorLogBufferSizeBytes,
                            kJitOptimizationLevel};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log)),
                    reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUmodule module = nullptr;
  CUresult result =
      driver->cuModuleLoadDataEx(&module, data, 3, options, values);
  // The report points to the log: keep it on this thread, and overwrite it
  // only when no earlier report may point to it.
  thread_local std::string call;
  if (result != 0 && !scanjit::runtime::hasPendingError()) {
    call = log[0] ? std::string("cuModuleLoadDataEx (") + log + ")"
                  : "cuModuleLoadDataEx";
    check(*driver, result, call.c_str());
  }
  return result == 0 ? module : nullptr;
}

extern "C" void mgpuModuleUnload(CUmodule module) {
  if (const Driver *driver = enter(module))
    SCANJIT_CU(*driver, cuModuleUnload, module);
}

extern "C" CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  CUfunction function = nullptr;
  const Driver *driver = enter(module);
  if (!driver ||
      !SCANJIT_CU(*driver, cuModuleGetFunction, &function, module, name))
    return nullptr;
  return function;
}

extern "C" void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                 intptr_t gridY, intptr_t gridZ,
                                 intptr_t blockX, intptr_t blockY,
                                 intptr_t blockZ, int32_t smem, CUstream stream,
                                 void **params, void **extra,
                                 size_t /*paramsCount*/) {
  const Driver *driver = enter(function);
  if (!driver)
    return;
  // The driver takes unsigned sizes: refuse what would wrap around.
  for (intptr_t size : {gridX, gridY, gridZ, blockX, blockY, blockZ,
                        static_cast<intptr_t>(smem)})
    if (size < 0 ||
        static_cast<uintmax_t>(size) > std::numeric_limits<unsigned>::max()) {
      check(*driver, kInvalidValue, "cuLaunchKernel");
      return;
    }
  if (smem > kDefaultSharedMemory &&
      !SCANJIT_CU(*driver, cuFuncSetAttribute, function,
                  kMaxDynamicSharedSizeBytes, smem))
    return;
  SCANJIT_CU(*driver, cuLaunchKernel, function, gridX, gridY, gridZ, blockX,
             blockY, blockZ, smem, stream, params, extra);
}

namespace {

/// Streams a thread destroyed, kept for its next mgpuStreamCreate: every
/// synchronous kernel launch of the host-loop schedule creates and destroys
/// a stream (gpu.launch_func's translation), and the driver's calls cost
/// microseconds each. (Left to the driver at exit.)
thread_local std::vector<CUstream> idleStreams;

/// The most streams a thread keeps.
constexpr size_t kMaxIdleStreams = 8;

} // namespace

extern "C" CUstream mgpuStreamCreate() {
  if (!idleStreams.empty()) {
    CUstream stream = idleStreams.back();
    idleStreams.pop_back();
    return stream;
  }
  CUstream stream = nullptr;
  const Driver *driver = enter();
  if (!driver ||
      !SCANJIT_CU(*driver, cuStreamCreate, &stream, kStreamNonBlocking))
    return nullptr;
  return stream;
}

extern "C" void mgpuStreamDestroy(CUstream stream) {
  if (stream && idleStreams.size() < kMaxIdleStreams) {
    // Its work is done before it is reused, as before a destruction.
    if (const Driver *driver = enter(stream))
      if (SCANJIT_CU(*driver, cuStreamSynchronize, stream))
        idleStreams.push_back(stream);
    return;
  }
  if (const Driver *driver = enter(stream))
    SCANJIT_CU(*driver, cuStreamDestroy, stream);
}

extern "C" void mgpuStreamSynchronize(CUstream stream) {
  if (const Driver *driver = enter(stream))
    SCANJIT_CU(*driver, cuStreamSynchronize, stream);
}

extern "C" void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  if (const Driver *driver = enter(stream && event))
    SCANJIT_CU(*driver, cuStreamWaitEvent, stream, event, 0);
}

extern "C" CUevent mgpuEventCreate() {
  CUevent event = nullptr;
  const Driver *driver = enter();
  if (!driver ||
      !SCANJIT_CU(*driver, cuEventCreate, &event, kEventDisableTiming))
    return nullptr;
  return event;
}

extern "C" void mgpuEventDestroy(CUevent event) {
  if (const Driver *driver = enter(event))
    SCANJIT_CU(*driver, cuEventDestroy, event);
}

extern "C" void mgpuEventSynchronize(CUevent event) {
  if (const Driver *driver = enter(event))
    SCANJIT_CU(*driver, cuEventSynchronize, event);
}

extern "C" void mgpuEventRecord(CUevent event, CUstream stream) {
  if (const Driver *driver = enter(event && stream))
    SCANJIT_CU(*driver, cuEventRecord, event, stream);
}

namespace {

/// A block of unified memory (cuMemAllocManaged: 256-byte aligned at least).
void *acquireUnifiedBlock(size_t bytes) {
  const Driver *driver = enter();
  CUdeviceptr pointer = 0;
  if (!driver || !SCANJIT_CU(*driver, cuMemAllocManaged, &pointer, bytes,
                             kMemAttachGlobal))
    return nullptr;
  return reinterpret_cast<void *>(pointer);
}

void releaseUnifiedBlock(void *block) {
  if (const Driver *driver = enter(block))
    SCANJIT_CU(*driver, cuMemFree, devicePointer(block));
}

/// Unified memory as runtime/cpu's heap sees it.
const scanjit::runtime::BlockSource kUnifiedMemory = {acquireUnifiedBlock,
                                                      releaseUnifiedBlock};

/// The alignment of a host-shared buffer: that of memref lowering.
constexpr size_t kHostSharedAlignment = 64;

} // namespace

extern "C" void *mgpuMemAlloc(uint64_t sizeBytes, CUstream /*stream*/,
                              bool isHostShared) {
  if (sizeBytes == 0)
    return nullptr;
  // Host-shared buffers are runtime/cpu heap buffers in unified memory:
  // memref.dealloc (_mlir_memref_to_llvm_free), the JIT's freeBuffer and a
  // failed call's cleanup free them.
  if (isHostShared)
    return scanjit::runtime::allocateFrom(kUnifiedMemory, kHostSharedAlignment,
                                          sizeBytes);
  const Driver *driver = enter();
  CUdeviceptr pointer = 0;
  if (!driver || !SCANJIT_CU(*driver, cuMemAlloc, &pointer, sizeBytes))
    return nullptr;
  return reinterpret_cast<void *>(pointer);
}

extern "C" void mgpuMemFree(void *ptr, CUstream /*stream*/) {
  if (const Driver *driver = enter(ptr))
    SCANJIT_CU(*driver, cuMemFree, devicePointer(ptr));
}

extern "C" void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                           CUstream stream) {
  if (const Driver *driver = enter(dst && src && sizeBytes))
    SCANJIT_CU(*driver, cuMemcpyAsync, devicePointer(dst), devicePointer(src),
               sizeBytes, stream);
}

extern "C" void mgpuMemset32(void *dst, unsigned int value, size_t count,
                             CUstream stream) {
  if (const Driver *driver = enter(dst && count))
    SCANJIT_CU(*driver, cuMemsetD32Async, devicePointer(dst), value, count,
               stream);
}

extern "C" void mgpuMemset16(void *dst, unsigned short value, size_t count,
                             CUstream stream) {
  if (const Driver *driver = enter(dst && count))
    SCANJIT_CU(*driver, cuMemsetD16Async, devicePointer(dst), value, count,
               stream);
}

extern "C" void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  if (const Driver *driver = enter(ptr && sizeBytes))
    SCANJIT_CU(*driver, cuMemHostRegister, ptr, sizeBytes, 0);
}

extern "C" void mgpuMemHostRegisterMemRef(
    int64_t rank, scanjit::runtime::MemRefDescriptor<char, 1> *descriptor,
    int64_t elementSizeBytes) {
  mgpuMemHostRegister(firstElement(descriptor, elementSizeBytes),
                      spannedBytes(rank, descriptor, elementSizeBytes));
}

extern "C" void mgpuMemHostUnregister(void *ptr) {
  if (const Driver *driver = enter(ptr))
    SCANJIT_CU(*driver, cuMemHostUnregister, ptr);
}

extern "C" void mgpuMemHostUnregisterMemRef(
    int64_t rank, scanjit::runtime::MemRefDescriptor<char, 1> *descriptor,
    int64_t elementSizeBytes) {
  mgpuMemHostUnregister(firstElement(descriptor, elementSizeBytes));
}

extern "C" void mgpuSetDefaultDevice(int32_t device) { defaultDevice = device; }

bool scanjit::runtime::isCUDADriverAvailable() {
  const Driver &driver = getDriver();
  return driver.loadError.empty() && driver.initResult == 0;
}

std::optional<std::string> scanjit::runtime::getCUDADriverError() {
  const Driver &driver = getDriver();
  if (!driver.loadError.empty())
    return formatError(static_cast<int32_t>(ErrorCode::CUDADriverMissing),
                       addressOf(driver.loadError.c_str()), 0, 0);
  if (driver.initResult == 0)
    return std::nullopt;
  return formatError(static_cast<int32_t>(ErrorCode::CUDACallFailed),
                     driver.initResult, addressOf("cuInit"),
                     errorName(driver, driver.initResult));
}
