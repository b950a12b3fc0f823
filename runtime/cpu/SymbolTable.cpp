//===- SymbolTable.cpp - The runtime's symbols, for a JIT to bind ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/CPURuntime.h"

namespace {

template <typename Fn> void *addressOf(Fn *function) {
  return reinterpret_cast<void *>(function);
}

#define SCANJIT_RUNTIME_SYMBOL(NAME)                                           \
  { #NAME, addressOf(&NAME) }

const scanjit::runtime::RuntimeSymbol kRuntimeSymbols[] = {
    SCANJIT_RUNTIME_SYMBOL(scanjit_rt_error),
    SCANJIT_RUNTIME_SYMBOL(_mlir_memref_to_llvm_alloc),
    SCANJIT_RUNTIME_SYMBOL(_mlir_memref_to_llvm_aligned_alloc),
    SCANJIT_RUNTIME_SYMBOL(_mlir_memref_to_llvm_free),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matmul_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matmul_overwrite_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matvec_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matvec_overwrite_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_vecmat_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_vecmat_overwrite_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_dot_f32),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matmul_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matmul_overwrite_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matvec_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_matvec_overwrite_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_vecmat_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_vecmat_overwrite_f64),
    SCANJIT_RUNTIME_SYMBOL(_mlir_ciface_scanjit_blas_dot_f64),
};

} // namespace

std::span<const scanjit::runtime::RuntimeSymbol>
scanjit::runtime::getRuntimeSymbols() {
  return kRuntimeSymbols;
}
