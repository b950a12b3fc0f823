//===- SymbolTable.cpp - The CUDA runtime's symbols, for a JIT to bind ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CUDARuntime.h"

namespace {

template <typename Fn> void *addressOf(Fn *function) {
  return reinterpret_cast<void *>(function);
}

#define SCANJIT_CUDA_RUNTIME_SYMBOL(NAME)                                      \
  { #NAME, addressOf(&NAME) }

const scanjit::runtime::RuntimeSymbol kCUDARuntimeSymbols[] = {
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuModuleLoad),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuModuleLoadJIT),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuModuleUnload),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuModuleGetFunction),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuLaunchKernel),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuStreamCreate),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuStreamDestroy),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuStreamSynchronize),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuStreamWaitEvent),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuEventCreate),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuEventDestroy),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuEventSynchronize),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuEventRecord),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemAlloc),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemFree),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemcpy),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemset32),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemset16),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemHostRegister),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemHostRegisterMemRef),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemHostUnregister),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuMemHostUnregisterMemRef),
    SCANJIT_CUDA_RUNTIME_SYMBOL(mgpuSetDefaultDevice),
};

} // namespace

std::span<const scanjit::runtime::RuntimeSymbol>
scanjit::runtime::getCUDARuntimeSymbols() {
  return kCUDARuntimeSymbols;
}
