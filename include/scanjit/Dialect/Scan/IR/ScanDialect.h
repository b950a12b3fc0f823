//===- ScanDialect.h - The scan dialect -------------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Declares the `scan` dialect: Theano's scan loop over tensors.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_H
#define SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "scanjit/Dialect/Scan/IR/ScanDialect.h.inc"

#endif // SCANJIT_DIALECT_SCAN_IR_SCANDIALECT_H
