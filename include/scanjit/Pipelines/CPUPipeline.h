//===- CPUPipeline.h - From scan.scan to the LLVM dialect -------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The CPU pipeline, as named stages that can each be run and printed:
//   scan-lower-loops   scan.scan -> scf loops on tensors (ring buffers)
//   scan-bufferize     tensors -> memrefs (one-shot), deallocation
//   scan-lower-to-llvm linalg -> loops, scf/arith/math/memref/func -> LLVM
// `scan-to-llvm` runs all three. Each is built from typed passes
// (`pm.addPass(createX(options))`, as upstream's GPUToNVVMPipeline) and
// takes CPUPipelineOptions; scan-opt registers each as a pipeline with
// those options (`scan-to-llvm{blas-min-flops=0}`).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_PIPELINES_CPUPIPELINE_H
#define SCANJIT_PIPELINES_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace scanjit {

/// The options of the CPU pipeline and of each of its stages.
struct CPUPipelineOptions : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<int64_t> blasMinFlops{
      *this, "blas-min-flops",
      llvm::cl::desc("The fewest multiply-adds of a contraction that calls "
                     "BLAS (smaller ones become loops)"),
      llvm::cl::init(4096)};
  PassOptions::Option<bool> polynomialTanh{
      *this, "polynomial-tanh",
      llvm::cl::desc("Approximate f32 tanh with a polynomial the vectorizer "
                     "widens (otherwise libm's tanhf)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> matvecKernelMaxElements{
      *this, "matvec-kernel-max-elements",
      llvm::cl::desc("The largest loop-invariant matrix (in elements) whose "
                     "per-step matrix-vector product runs as a generated "
                     "kernel rather than a BLAS call (0: none)"),
      llvm::cl::init(524288)};
  PassOptions::Option<int64_t> vectorBytes{
      *this, "vector-bytes",
      llvm::cl::desc("The bytes of one vector register of the CPU the "
                     "generated kernels are for (64: AVX-512, 32: AVX2)"),
      llvm::cl::init(64)};
};

/// One stage of the CPU pipeline.
struct PipelineStage {
  /// The name scan-opt registers it under.
  llvm::StringRef name;
  /// What it does, for --help.
  llvm::StringRef description;
  /// Adds the stage's passes to `pm` (which runs on builtin.module).
  void (*build)(mlir::OpPassManager &pm, const CPUPipelineOptions &options);
};

/// The first stage of every target (scan-lower-loops): scan.scan -> scf
/// loops over tensors, ring buffers, push-out, gradients expanded.
void buildScanLowerLoopsStage(mlir::OpPassManager &pm);

/// The second stage of every target (scan-bufferize): tensors -> memrefs,
/// elementwise ops fused into linalg.generic, deallocations inserted.
void buildScanBufferizeStage(mlir::OpPassManager &pm);

/// The host code's last lowering, shared by every target: math (libm for
/// what LLVM lacks), arith, index, memrefs (through the runtime's heap),
/// func and control flow to the LLVM dialect; `addTargetConversions` (the
/// CUDA target's gpu-to-llvm) runs before the final cleanups.
void buildHostToLLVMPasses(
    mlir::OpPassManager &pm,
    llvm::function_ref<void(mlir::OpPassManager &)> addTargetConversions = {});

/// The stages of the CPU pipeline, in order.
llvm::ArrayRef<PipelineStage> getCPUPipelineStages();

/// Adds every stage of the CPU pipeline to `pm`, which runs on
/// builtin.module: a module of func.func with scan.scan and upstream tensor
/// ops becomes a module of the LLVM dialect.
void buildScanToLLVMPipeline(mlir::OpPassManager &pm,
                             const CPUPipelineOptions &options);

/// Registers each stage and `scan-to-llvm` as pass pipelines taking
/// CPUPipelineOptions.
void registerCPUPipelines();

} // namespace scanjit

#endif // SCANJIT_PIPELINES_CPUPIPELINE_H
