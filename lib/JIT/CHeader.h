//===- CHeader.h - The C header of an ahead-of-time object ------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Writes the C declarations of the `_mlir_ciface_` entry points of compiled
// functions: a typedef per memref descriptor (guarded, so that headers of
// several objects can be included together), a struct of results where the
// C interface returns them through a pointer, and the prototypes. Private to
// lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_CHEADER_H
#define SCANJIT_LIB_JIT_CHEADER_H

#include "FunctionInfo.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace scanjit::detail {

/// The text of a C header that declares `functions` (their layout computed),
/// with an include guard derived from `headerName`, saying it was generated
/// from `sourceName`. Throws scanjit::Error when a function's name is not a
/// C identifier.
std::string emitCHeader(llvm::ArrayRef<FunctionInfo> functions,
                        llvm::StringRef headerName, llvm::StringRef sourceName);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_CHEADER_H
