//===- Passes.h - Transformations of the scan dialect -----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_H
#define SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_H

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace scanjit::scan {

#define GEN_PASS_DECL
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"

} // namespace scanjit::scan

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_PASSES_H
