//===- ScanDialect.cpp - The scan dialect ---------------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/ScanDialect.h"
#include "scanjit/Dialect/Scan/IR/ScanOps.h"

using namespace mlir;
using namespace scanjit::scan;

#include "scanjit/Dialect/Scan/IR/ScanDialect.cpp.inc"

void ScanDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "scanjit/Dialect/Scan/IR/ScanOps.cpp.inc"
      >();
}
