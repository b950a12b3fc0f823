//===- CUDAPipeline.cpp - From scan.scan to NVVM kernels and host code ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Built from typed passes as upstream's GPUToNVVMPipeline, whose last two
// parts (kernels to NVVM, host to LLVM with gpu-to-llvm) this follows, with
// ScanJIT's host lowering (run-time checks, libm, the runtime's allocation
// functions) in place of its defaults.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Pipelines/CUDAPipeline.h"

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Pipelines/CPUPipeline.h"
#include "scanjit/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/OptimizeForNVVM.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

using namespace mlir;
using namespace scanjit;

/// Each linalg op becomes a parallel loop nest (reductions stay sequential
/// inside it); the outermost parallel dimension is tiled by the block size,
/// tiles map to blocks and their iterations to threads; the buffers move to
/// unified memory and each loop nest becomes an outlined kernel.
static void buildMapToGPUStage(OpPassManager &pm,
                               const CUDAPipelineOptions &options) {
  // Run-time checks stay on the host, where the step loop runs.
  pm.addPass(createConvertScanCheckToRuntimeCallPass());
  // f32 tanh as a polynomial, not a libdevice call.
  pm.nest<func::FuncOp>().addPass(createScanMathToPolynomialPass());
  if (options.schedule != CUDASchedule::HostLoop) {
    ScanGPUPersistentLoopsPassOptions persistent;
    persistent.threadsPerBlock = options.persistentThreads;
    persistent.onlySmall = options.schedule == CUDASchedule::Auto;
    pm.addPass(createScanGPUPersistentLoopsPass(persistent));
  }
  pm.addPass(createConvertLinalgToParallelLoopsPass());
  pm.nest<func::FuncOp>().addPass(createScanGPUCoalesceParallelLoopsPass());
  pm.nest<func::FuncOp>().addPass(createParallelLoopTilingPass(
      {options.threadsPerBlock}, /*noMinMaxBounds=*/true));
  pm.nest<func::FuncOp>().addPass(createGpuMapParallelLoopsPass());
  pm.addPass(createConvertParallelLoopToGpuPass());
  pm.addPass(createCanonicalizerPass());
  // Integer division by zero is an error on every target; in kernels it is
  // reported through the device error record.
  pm.addPass(createScanGuardIntegerDivisionPass());
  pm.addPass(createScanGPUDeviceErrorsPass());
  pm.addPass(createScanGPUUnifiedMemoryPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// The libdevice bitcode the options name, or the CUDA toolkit's; "" when
/// there is none (kernels that call math functions then fail to link).
static std::string findLibdevice(const CUDAPipelineOptions &options) {
  if (!options.libdevice.empty())
    return options.libdevice;
  llvm::SmallVector<std::string, 2> roots;
  if (const char *home = std::getenv("CUDA_HOME"))
    roots.push_back(home);
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    llvm::SmallString<128> path(root);
    llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
    if (llvm::sys::fs::exists(path))
      return path.str().str();
  }
  return "";
}

/// Kernels -> NVVM -> PTX embedded in gpu.binary ops; host code -> LLVM,
/// launches -> runtime/cuda calls.
static void buildLowerToNVVMStage(OpPassManager &pm,
                                  const CUDAPipelineOptions &options) {
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = options.optLevel;
  std::string libdevice = findLibdevice(options);
  if (!libdevice.empty())
    target.linkLibs.push_back(libdevice);
  pm.addPass(createGpuNVVMAttachTarget(target));

  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createStripDebugInfoPass());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  kernels.addPass(LLVM::createNVVMOptimizeForTargetPass());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());

  pm.addPass(createScanGuardAllocationsPass());
  buildHostToLLVMPasses(pm, [](OpPassManager &host) {
    host.addPass(createGpuToLLVMConversionPass());
  });
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createScanAnnotateAllocationFunctionsPass());
}

static const CUDAPipelineStage kStages[] = {
    {"scan-lower-loops",
     "Lower scan.scan to scf loops over tensors (ring buffers)",
     [](OpPassManager &pm, const CUDAPipelineOptions &) {
       buildScanLowerLoopsStage(pm);
     }},
    {"scan-bufferize", "Bufferize (one-shot) and insert deallocations",
     [](OpPassManager &pm, const CUDAPipelineOptions &) {
       buildScanBufferizeStage(pm);
     }},
    {"scan-map-to-gpu",
     "Map linalg ops to GPU kernels launched from the host's step loop, "
     "buffers in unified memory",
     buildMapToGPUStage},
    {"scan-lower-to-nvvm",
     "Lower kernels to NVVM and PTX (embedded), host code to LLVM",
     buildLowerToNVVMStage},
};

llvm::ArrayRef<CUDAPipelineStage> scanjit::getCUDAPipelineStages() {
  return kStages;
}

void scanjit::buildScanToNVVMPipeline(OpPassManager &pm,
                                      const CUDAPipelineOptions &options) {
  for (const CUDAPipelineStage &stage : kStages)
    stage.build(pm, options);
}

void scanjit::registerCUDAPipelines() {
  // The first two stages are the CPU pipeline's, registered with it.
  for (const CUDAPipelineStage &stage : getCUDAPipelineStages().drop_front(2))
    PassPipelineRegistration<CUDAPipelineOptions>(stage.name, stage.description,
                                                  stage.build);
  PassPipelineRegistration<CUDAPipelineOptions>(
      "scan-to-nvvm",
      "The whole CUDA pipeline (host-loop schedule): scan.scan and tensors to "
      "NVVM kernels embedded as PTX and host code in the LLVM dialect",
      buildScanToNVVMPipeline);
}
