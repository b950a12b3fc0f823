//===- Passes.h - ScanJIT conversion passes ---------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_PASSES_H
#define SCANJIT_CONVERSION_PASSES_H

#include "scanjit/Conversion/LinalgToBLAS/LinalgToBLAS.h"
#include "scanjit/Conversion/MemRefCopyToLinalg/MemRefCopyToLinalg.h"
#include "scanjit/Conversion/ScanCheckToRuntimeCall/ScanCheckToRuntimeCall.h"
#include "scanjit/Conversion/ScanToSCF/ScanToSCF.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace scanjit {

#define GEN_PASS_DECL
#include "scanjit/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "scanjit/Conversion/Passes.h.inc"

} // namespace scanjit

#endif // SCANJIT_CONVERSION_PASSES_H
