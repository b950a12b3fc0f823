//===- Passes.h - ScanJIT passes tied to no dialect -------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_TRANSFORMS_PASSES_H
#define SCANJIT_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include "llvm/ADT/StringRef.h"

namespace scanjit {

/// The attribute of a func.func that scan-specialize-shapes reads: one
/// `array<i64: ...>` of sizes per argument.
inline constexpr llvm::StringLiteral kArgumentShapesAttrName =
    "scan.argument_shapes";

#define GEN_PASS_DECL
#include "scanjit/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "scanjit/Transforms/Passes.h.inc"

} // namespace scanjit

#endif // SCANJIT_TRANSFORMS_PASSES_H
