//===- CPUPipeline.cpp - From scan.scan to the LLVM dialect ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Pipelines/CPUPipeline.h"

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace scanjit;

/// scan.scan -> scf loops over tensors; tap histories and outputs whose
/// consumers read only their last steps in ring buffers.
void scanjit::buildScanLowerLoopsStage(OpPassManager &pm) {
  pm.addPass(scan::createScanDifferentiatePass());
  pm.addPass(createScanReadonlyArgumentsPass());
  // Before the first canonicalization (an upstream folder bug).
  pm.addPass(createScanMaterializeSelfComparisonsPass());
  pm.addPass(createCanonicalizerPass());
  // Static sizes into the scan bodies (the rewrites below match clean
  // elementwise ops, not casts).
  pm.addPass(createScanFoldCastsIntoElementwisePass());
  pm.addPass(createCSEPass());
  pm.addPass(scan::createScanHoistInvariantsPass());
  pm.addPass(scan::createScanPushOutSequencesPass());
  pm.addPass(scan::createScanSaveMemPass());
  pm.addPass(scan::createScanPushOutAccumulationsPass());
  pm.addPass(createConvertScanToSCFPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createScanFoldCastsIntoElementwisePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// Tensors -> memrefs. Elementwise ops become linalg.generic and fuse (into
/// payloads of bounded size: upstream's fusion is quadratic on long chains);
/// tensor.empty feeding an insert_slice writes in place; allocations leave
/// loops where their size allows; every buffer is freed.
void scanjit::buildScanBufferizeStage(OpPassManager &pm) {
  OpPassManager &funcs = pm.nest<func::FuncOp>();
  funcs.addPass(createConvertElementwiseToLinalgPass());
  funcs.addPass(createScanFuseElementwisePass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(createCSEPass());
  pm.nest<func::FuncOp>().addPass(createScanFoldEmptySlicesPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  OpPassManager &hoist = pm.nest<func::FuncOp>();
  hoist.addPass(bufferization::createBufferHoistingPass());
  hoist.addPass(bufferization::createBufferLoopHoistingPass());
  hoist.addPass(createConvertMemRefCopyToLinalgPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.nest<func::FuncOp>().addPass(createConvertMemRefCopyToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void scanjit::buildHostToLLVMPasses(
    OpPassManager &pm,
    llvm::function_ref<void(OpPassManager &)> addTargetConversions) {
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // Buffers come from the runtime's heap (_mlir_memref_to_llvm_*).
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (addTargetConversions)
    addTargetConversions(pm);
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createScanReturnResultsInMemoryPass());
}

/// Large contractions -> BLAS calls, the rest -> loops; then loops and
/// memrefs -> the LLVM dialect.
static void buildLowerToLLVMStage(OpPassManager &pm,
                                  const CPUPipelineOptions &options) {
  // The CPU's lowering of run-time checks, now that no pass adds any.
  pm.addPass(createConvertScanCheckToRuntimeCallPass());
  pm.nest<func::FuncOp>().addPass(createScanPromoteSmallAllocationsPass());
  ConvertLinalgToBLASPassOptions blas;
  blas.minFlops = options.blasMinFlops;
  pm.addPass(createConvertLinalgToBLASPass(blas));
  pm.addPass(createConvertLinalgToLoopsPass());
  // Transfers that the LLVM lowering cannot take (a strided last dimension)
  // become loops.
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createScanGuardIntegerDivisionPass());
  if (options.polynomialTanh)
    pm.nest<func::FuncOp>().addPass(createScanMathToPolynomialPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createScanGuardAllocationsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertVectorToLLVMPass());
  buildHostToLLVMPasses(pm);
  pm.addPass(createScanAnnotateAllocationFunctionsPass());
}

static const PipelineStage kStages[] = {
    {"scan-lower-loops",
     "Lower scan.scan to scf loops over tensors (ring buffers); transposed "
     "matmul operands read in place; per-step products with loop-invariant "
     "matrices as vector kernels",
     [](OpPassManager &pm, const CPUPipelineOptions &options) {
       buildScanLowerLoopsStage(pm);
       pm.nest<func::FuncOp>().addPass(
           createScanFoldTransposesIntoMatmulPass());
       if (options.matvecKernelMaxElements > 0) {
         ScanPackInvariantMatvecPassOptions kernels;
         kernels.maxElements = options.matvecKernelMaxElements;
         kernels.vectorBytes = options.vectorBytes;
         pm.nest<func::FuncOp>().addPass(
             createScanPackInvariantMatvecPass(kernels));
         pm.addPass(createCanonicalizerPass());
       }
     }},
    {"scan-bufferize", "Bufferize (one-shot) and insert deallocations",
     [](OpPassManager &pm, const CPUPipelineOptions &) {
       buildScanBufferizeStage(pm);
     }},
    {"scan-lower-to-llvm", "Lower loops, math and memrefs to the LLVM dialect",
     buildLowerToLLVMStage},
};

llvm::ArrayRef<PipelineStage> scanjit::getCPUPipelineStages() {
  return kStages;
}

void scanjit::buildScanToLLVMPipeline(OpPassManager &pm,
                                      const CPUPipelineOptions &options) {
  for (const PipelineStage &stage : kStages)
    stage.build(pm, options);
}

void scanjit::registerCPUPipelines() {
  for (const PipelineStage &stage : kStages)
    PassPipelineRegistration<CPUPipelineOptions>(stage.name, stage.description,
                                                 stage.build);
  PassPipelineRegistration<CPUPipelineOptions>(
      "scan-to-llvm",
      "The whole CPU pipeline: scan.scan and tensors to the LLVM dialect",
      buildScanToLLVMPipeline);
}
