//===- InitScanJIT.cpp - Register every dialect and pass ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/InitScanJIT.h"

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Dialect/Scan/IR/ScanDialect.h"
#include "scanjit/Dialect/Scan/Transforms/Differentiate.h"
#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Pipelines/CPUPipeline.h"
#include "scanjit/Pipelines/CUDAPipeline.h"
#include "scanjit/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void scanjit::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<scan::ScanDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR inside the pipeline.
  mlir::registerAllToLLVMIRTranslations(registry);
  scan::registerAdjointExternalModels(registry);
}

void scanjit::registerAllPasses() {
  mlir::registerAllPasses();
  scan::registerScanTransformsPasses();
  registerScanJITConversionPasses();
  registerScanJITTransformsPasses();
  registerCPUPipelines();
  registerCUDAPipelines();
}
