//===- Compiler.h - Tensor-level MLIR to native code ------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Lowers a module through the CPU pipeline and JIT-compiles it with
// mlir::ExecutionEngine. Private to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_COMPILER_H
#define SCANJIT_LIB_JIT_COMPILER_H

#include "scanjit/JIT/Engine.h"
#include "scanjit/Support/Error.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"

#include "CallingConvention.h"

#include "llvm/Support/CodeGen.h"

#include <map>
#include <memory>
#include <string>

namespace mlir {
class DialectRegistry;
class MLIRContext;
} // namespace mlir

namespace scanjit::detail {

class DiagnosticCapture;

/// Adds what the JIT needs in a context to `registry`: every ScanJIT and
/// upstream dialect and extension, and the translations to LLVM IR.
void registerJITDialects(mlir::DialectRegistry &registry);

/// Loads into `context` every dialect that compiling a module for the
/// target of `options` can load: the dependent dialects of every pass that
/// compileModule and shape specialization run. Loading a dialect is not
/// thread-safe (it changes the set that printing a type, for one, reads),
/// so an engine loads them when it is made, before it can be shared.
void loadCompilerDialects(mlir::MLIRContext *context,
                          const EngineOptions &options);

/// A module compiled to native code.
struct CompiledModule {
  CompiledModule() = default;
  CompiledModule(const CompiledModule &) = delete;
  CompiledModule &operator=(const CompiledModule &) = delete;
  /// Frees the code, unless the process is exiting (see Compiler.cpp).
  ~CompiledModule();

  /// Owns the code.
  std::unique_ptr<mlir::ExecutionEngine> executionEngine;
  /// The packed C-interface entry point of each public function.
  std::map<std::string, PackedFunction, std::less<>> entryPoints;
};

/// What compileModule throws when a pass of the pipeline or the translation
/// to LLVM IR fails on a module that verified: a compiler bug (its message
/// starts with "internal compiler error"), unless the module's shapes were
/// specialized, in which case the caller may retry without specializing.
class InternalCompilerError : public Error {
public:
  using Error::Error;
};

/// Compiles `module` (lowered in place) to native code: sets
/// `llvm.emit_c_interface` on its public functions, runs each stage of the
/// CPU pipeline (printing the IR after each to options.stageDump when set),
/// translates to LLVM IR, optimizes at options.optLevel for the host CPU,
/// binds the runtime's symbols and links. Throws scanjit::Error with the
/// diagnostics of the failing step; InternalCompilerError where the step
/// failing is the compiler's fault.
std::unique_ptr<CompiledModule> compileModule(mlir::ModuleOp module,
                                              const EngineOptions &options);

/// Initializes LLVM's host target and its code generator, once per process.
void initializeHostTarget();

/// Lowers `module` in place to the LLVM dialect through the stages of
/// `target` (printing the IR after each to `stageDump` when set), after
/// expanding its gradient requests, and returns the names of its public
/// functions, each of which now has a `_mlir_ciface_` wrapper. Throws as
/// compileModule.
std::vector<std::string>
lowerToLLVMDialect(mlir::ModuleOp module, const Target &target,
                   llvm::raw_ostream *stageDump,
                   const DiagnosticCapture &diagnostics);

/// The messages of `error`, consumed, joined by "; ".
std::string describe(llvm::Error error);

/// LLVM's code generation level for an optimization level 0 to 3.
llvm::CodeGenOptLevel codeGenOptLevel(unsigned optLevel);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_COMPILER_H
