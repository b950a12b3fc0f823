//===- CallingConvention.h - Calling compiled functions ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Checks the arguments of a call against the function type, packs them as
// the `_mlir_ciface_` wrapper expects, calls its packed entry point and turns
// the returned memref descriptors into owning arrays. Private to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_CALLINGCONVENTION_H
#define SCANJIT_LIB_JIT_CALLINGCONVENTION_H

#include "FunctionInfo.h"

#include <vector>

namespace scanjit::detail {

/// The packed entry point mlir::ExecutionEngine generates for a function
/// (`_mlir__mlir_ciface_<name>`): `arguments[i]` points to the i-th argument
/// of the C interface function, and a scalar result is stored through the
/// pointer after the last argument.
using PackedFunction = void (*)(void **arguments);

/// Checks the count, dtype, rank and static sizes of `arguments` against
/// `info`, and that scalar values fit their machine type. Throws
/// scanjit::Error naming the first offending argument.
void checkArguments(const FunctionInfo &info,
                    const std::vector<Array> &arguments);

/// Calls `function` with `arguments`, which checkArguments accepted, and
/// returns its results. Throws scanjit::Error, after freeing the results,
/// when the compiled code reported a run-time error.
std::vector<Array> callPacked(const FunctionInfo &info, PackedFunction function,
                              const std::vector<Array> &arguments);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_CALLINGCONVENTION_H
