//===- CUDAPipeline.h - From scan.scan to NVVM kernels and host code -*- C++
//-*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The CUDA pipeline, host-loop schedule: the step loop runs on the host and
// each step's parallel work runs as GPU kernels, every buffer in CUDA
// unified memory. Named stages, each runnable and printable on its own:
//   scan-lower-loops     (shared with the CPU) scan.scan -> scf loops
//   scan-bufferize       (shared with the CPU) tensors -> memrefs
//   scan-map-to-gpu      linalg -> parallel loops, tiled to thread blocks,
//                        -> gpu.launch, unified memory, kernels outlined
//   scan-lower-to-nvvm   kernels -> NVVM -> PTX (LLVM's NVPTX backend)
//                        embedded as gpu.binary; host code -> LLVM, kernel
//                        launches -> calls of runtime/cuda's mgpu* functions
// `scan-to-nvvm` runs all four. The PTX is embedded as text (the driver
// compiles it for the GPU it finds at load time). f32 tanh becomes a
// polynomial; other math functions call libdevice, which the CUDA toolkit
// provides at compile time (the GPU machine needs none); the tests assemble
// the PTX with ptxas where one is installed.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_PIPELINES_CUDAPIPELINE_H
#define SCANJIT_PIPELINES_CUDAPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace scanjit {

/// How the CUDA pipeline runs a scan's step loop.
enum class CUDASchedule { Auto, Persistent, HostLoop };

/// The options of the CUDA pipeline and of each of its stages.
struct CUDAPipelineOptions
    : public mlir::PassPipelineOptions<CUDAPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("The GPU architecture the PTX targets (sm_80: A100 and "
                     "later, H100 and H200 included)"),
      llvm::cl::init("sm_80")};
  PassOptions::Option<std::string> features{
      *this, "features", llvm::cl::desc("NVPTX features: the PTX ISA version"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<int64_t> threadsPerBlock{
      *this, "threads-per-block",
      llvm::cl::desc("Threads per block of an elementwise or matrix-vector "
                     "kernel (the tile of its outermost parallel loop)"),
      llvm::cl::init(256)};
  PassOptions::Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("The CUDA toolkit's libdevice bitcode, linked into "
                     "kernels that call math functions (default: "
                     "$CUDA_HOME or /usr/local/cuda, nvvm/libdevice/"
                     "libdevice.10.bc, when present)"),
      llvm::cl::init("")};
  PassOptions::Option<CUDASchedule> schedule{
      *this, "schedule",
      llvm::cl::desc("How a scan's step loop runs on the GPU"),
      llvm::cl::init(CUDASchedule::Auto),
      llvm::cl::values(
          clEnumValN(CUDASchedule::Auto, "auto",
                     "persistent when its ops are small and static"),
          clEnumValN(CUDASchedule::Persistent, "persistent",
                     "one kernel runs the whole loop, whenever it can"),
          clEnumValN(CUDASchedule::HostLoop, "host-loop",
                     "the host launches each step's kernels"))};
  PassOptions::Option<int64_t> persistentThreads{
      *this, "persistent-threads",
      llvm::cl::desc("Threads of the one block of a persistent loop"),
      llvm::cl::init(1024)};
  PassOptions::Option<int> optLevel{
      *this, "opt-level",
      llvm::cl::desc("LLVM's optimization level for the kernels"),
      llvm::cl::init(3)};
};

/// One stage of the CUDA pipeline.
struct CUDAPipelineStage {
  /// The name scan-opt registers it under.
  llvm::StringRef name;
  /// What it does, for --help.
  llvm::StringRef description;
  /// Adds the stage's passes to `pm` (which runs on builtin.module).
  void (*build)(mlir::OpPassManager &pm, const CUDAPipelineOptions &options);
};

/// The stages of the CUDA pipeline, in order.
llvm::ArrayRef<CUDAPipelineStage> getCUDAPipelineStages();

/// Adds every stage of the CUDA pipeline to `pm` (on builtin.module).
void buildScanToNVVMPipeline(mlir::OpPassManager &pm,
                             const CUDAPipelineOptions &options);

/// Registers the CUDA-only stages and `scan-to-nvvm` as pass pipelines
/// taking CUDAPipelineOptions.
void registerCUDAPipelines();

} // namespace scanjit

#endif // SCANJIT_PIPELINES_CUDAPIPELINE_H
