//===- scan-opt.cpp - The ScanJIT optimizer driver ------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// mlir-opt with the scan dialect and ScanJIT's passes: parses, verifies,
// transforms and prints IR at every stage of the pipeline.
//
//===----------------------------------------------------------------------===//

#include "scanjit/InitScanJIT.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  scanjit::registerAllDialects(registry);
  scanjit::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "ScanJIT optimizer driver\n", registry));
}
