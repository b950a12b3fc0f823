//===- AdjointOpInterface.h - Reverse-mode rules of ops ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The op interface through which scan-differentiate asks an op for its
// reverse-mode rule. The state it fills (AdjointState) and the rules of the
// upstream dialects live in scanjit/Dialect/Scan/Transforms/Differentiate.h.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_H
#define SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace scanjit::scan {
class AdjointState;
} // namespace scanjit::scan

#include "scanjit/Dialect/Scan/IR/AdjointOpInterface.h.inc"

#endif // SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_H
