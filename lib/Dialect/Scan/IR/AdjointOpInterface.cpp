//===- AdjointOpInterface.cpp - Reverse-mode rules of ops -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/AdjointOpInterface.h"

#include "scanjit/Dialect/Scan/IR/AdjointOpInterface.cpp.inc"
