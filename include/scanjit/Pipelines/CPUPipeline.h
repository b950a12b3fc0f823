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
// `scan-to-llvm` runs all three. scan-opt registers each as a pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_PIPELINES_CPUPIPELINE_H
#define SCANJIT_PIPELINES_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace scanjit {

/// One stage of the CPU pipeline.
struct PipelineStage {
  /// The name scan-opt registers it under.
  llvm::StringRef name;
  /// What it does, for --help.
  llvm::StringRef description;
  /// Adds the stage's passes to `pm` (which runs on builtin.module).
  void (*build)(mlir::OpPassManager &pm);
};

/// The stages of the CPU pipeline, in order.
llvm::ArrayRef<PipelineStage> getCPUPipelineStages();

/// Adds every stage of the CPU pipeline to `pm`, which runs on
/// builtin.module: a module of func.func with scan.scan and upstream tensor
/// ops becomes a module of the LLVM dialect.
void buildScanToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers each stage and `scan-to-llvm` as pass pipelines.
void registerCPUPipelines();

} // namespace scanjit

#endif // SCANJIT_PIPELINES_CPUPIPELINE_H
