//===- CPUPipeline.cpp - From scan.scan to the LLVM dialect ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Pipelines/CPUPipeline.h"

#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// Parses `pipeline` (passes nested under builtin.module) into `pm`. The
/// pipelines are fixed strings of registered passes: a failure is a bug.
static void addPipeline(OpPassManager &pm, StringRef pipeline) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (failed(parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("invalid ScanJIT pipeline '") +
                             pipeline + "': " + errors);
}

/// scan.scan -> scf loops over tensors; tap histories and outputs whose
/// consumers read only their last steps in ring buffers.
static void buildLowerLoopsStage(OpPassManager &pm) {
  addPipeline(pm, "scan-readonly-arguments,canonicalize,cse,scan-save-mem,"
                  "convert-scan-to-scf,canonicalize,"
                  "scan-fold-casts-into-elementwise,canonicalize,cse");
}

/// Tensors -> memrefs. Elementwise ops become linalg.generic and fuse;
/// tensor.empty feeding an insert_slice writes in place; allocations leave
/// loops where their size allows; every buffer is freed.
static void buildBufferizeStage(OpPassManager &pm) {
  addPipeline(pm,
              "func.func(convert-elementwise-to-linalg,"
              "linalg-fuse-elementwise-ops),"
              "eliminate-empty-tensors,cse,"
              "one-shot-bufferize{bufferize-function-boundaries "
              "function-boundary-type-conversion=identity-layout-map "
              "allow-return-allocs-from-loops},"
              "func.func(buffer-hoisting,buffer-loop-hoisting,"
              "convert-memref-copy-to-linalg),"
              "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
              "func.func(convert-memref-copy-to-linalg),canonicalize,cse");
}

/// Large contractions -> BLAS calls, the rest -> loops; then loops and
/// memrefs -> the LLVM dialect.
static void buildLowerToLLVMStage(OpPassManager &pm) {
  addPipeline(pm, "convert-linalg-to-blas,"
                  "convert-linalg-to-loops,func.func(convert-math-to-polynomial),"
                  "expand-strided-metadata,"
                  "lower-affine,convert-scf-to-cf,canonicalize,"
                  "convert-math-to-llvm,convert-math-to-libm,"
                  "convert-arith-to-llvm,convert-index-to-llvm,"
                  "finalize-memref-to-llvm{use-generic-functions use-aligned-alloc},"
                  "convert-func-to-llvm,"
                  "convert-cf-to-llvm,reconcile-unrealized-casts,"
                  "annotate-allocation-functions");
}

static const scanjit::PipelineStage kStages[] = {
    {"scan-lower-loops",
     "Lower scan.scan to scf loops over tensors (ring buffers)",
     buildLowerLoopsStage},
    {"scan-bufferize", "Bufferize (one-shot) and insert deallocations",
     buildBufferizeStage},
    {"scan-lower-to-llvm", "Lower loops, math and memrefs to the LLVM dialect",
     buildLowerToLLVMStage},
};

llvm::ArrayRef<scanjit::PipelineStage> scanjit::getCPUPipelineStages() {
  return kStages;
}

void scanjit::buildScanToLLVMPipeline(OpPassManager &pm) {
  for (const PipelineStage &stage : kStages)
    stage.build(pm);
}

void scanjit::registerCPUPipelines() {
  for (const PipelineStage &stage : kStages)
    PassPipelineRegistration<>(stage.name, stage.description, stage.build);
  PassPipelineRegistration<>(
      "scan-to-llvm",
      "The whole CPU pipeline: scan.scan and tensors to the LLVM dialect",
      buildScanToLLVMPipeline);
}
