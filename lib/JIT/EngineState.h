//===- EngineState.h - What an Engine and its Functions share ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The state behind an Engine: its module, the described functions and the
// cache of compiled code. Functions hold it by shared_ptr, so compiled code
// stays alive as long as a handle to it does. Private to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_ENGINESTATE_H
#define SCANJIT_LIB_JIT_ENGINESTATE_H

#include "Compiler.h"
#include "FunctionInfo.h"

#include "scanjit/JIT/Engine.h"
#include "scanjit/JIT/Signature.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace scanjit::detail {

/// Native code for one function and one argument signature.
struct CompiledFunction {
  /// Keeps the code alive.
  std::shared_ptr<const CompiledModule> module;
  PackedFunction entryPoint = nullptr;
};

/// A function of the module and its compiled code, by argument signature.
struct FunctionState {
  FunctionInfo info;
  /// Guarded by EngineState::cacheMutex. Entries are never removed, so a
  /// CompiledFunction lives as long as the engine state.
  std::vector<std::pair<ArgumentSignature, std::unique_ptr<CompiledFunction>>>
      compiled;
};

struct EngineState {
  /// Set when the engine parsed the module itself. Declared first, so that
  /// it is destroyed last.
  std::unique_ptr<mlir::MLIRContext> ownedContext;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  EngineOptions options;

  /// Serializes compilations.
  std::mutex compileMutex;
  /// Guards the members below; never held while compiling.
  mutable std::mutex cacheMutex;
  std::map<std::string, std::shared_ptr<FunctionState>, std::less<>> functions;
  size_t compilations = 0;

  /// The compiled code of `function` for the signature of `arguments`,
  /// compiled on first use. The lookup allocates nothing.
  const CompiledFunction &getCompiled(FunctionState &function,
                                      const std::vector<Array> &arguments);
};

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_ENGINESTATE_H
