//===- Function.h - Compile a graph into a callable function ----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// `function(inputs, outputs, updates)` is theano.function: it copies what
// `outputs` and `updates` depend on out of the traced IR into a tensor-level
// MLIR module (one public func.func of `inputs` and the shared variables
// read), hands it to the JIT engine (lib/JIT), and returns a callable. Calling
// it with Arrays runs the native code (compiled on the first call for each
// argument signature and cached) and returns Arrays.
//
// Shared variables the graph reads are passed from their host values; after
// each call, the value of each updated shared variable (explicit `updates`,
// then the default updates of random streams) is written back.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_FUNCTION_H
#define SCANJIT_FRONTEND_FUNCTION_H

#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"
#include "scanjit/Array/Array.h"
#include "scanjit/JIT/AheadOfTime.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace scanjit {

namespace detail {
struct CompiledGraph;
} // namespace detail

/// How `function()` compiles.
struct FunctionOptions {
  /// The name of the emitted func.func.
  std::string name = "main";
  /// The LLVM optimization level, 0 to 3.
  unsigned optLevel = 3;
  /// The most argument signatures whose compiled code is kept (least
  /// recently called first out; 0: no bound). See EngineOptions.
  size_t cacheCapacity = 64;
  /// Whether Function::mlir() prints each op's location (`loc(...)`, the
  /// user's call that traced it), for `scan-opt --mlir-print-debuginfo`.
  bool printLocations = false;
};

/// A compiled graph, callable with Arrays (Theano's compiled function).
/// Copies share the compiled code. Calls that update shared variables must
/// not run concurrently.
class Function {
public:
  /// Calls the function with one Array per input, in order (rank-0 arrays
  /// for scalars). Returns one Array per output. Throws scanjit::Error,
  /// naming the input, when an argument's count, dtype or shape does not fit,
  /// and when the compiled code reports a run-time error (a negative
  /// n_steps, a sequence shorter than n_steps...).
  std::vector<Array> operator()(const std::vector<Array> &arguments) const;

  /// The emitted module, as scan-opt reads it.
  const std::string &mlir() const;
  /// The number of inputs.
  size_t numInputs() const;
  /// The names of the emitted function's arguments: the inputs, then the
  /// shared variables the graph reads ("'W'", or a description for unnamed
  /// ones).
  const std::vector<std::string> &argumentNames() const;
  /// The number of outputs.
  size_t numOutputs() const;

private:
  friend Function function(const std::vector<Var> &, const std::vector<Var> &,
                           const Updates &, const FunctionOptions &);
  explicit Function(std::shared_ptr<detail::CompiledGraph> compiled)
      : compiled(std::move(compiled)) {}

  std::shared_ptr<detail::CompiledGraph> compiled;
};

/// Compiles the computation of `outputs` from `inputs` (symbolic inputs made
/// by a Graph) applying `updates` after each call (Theano's
/// theano.function). Throws scanjit::Error if an output needs an input that
/// is not listed, if an input is not a symbolic input, or if an input
/// repeats.
Function function(const std::vector<Var> &inputs,
                  const std::vector<Var> &outputs, const Updates &updates = {},
                  const FunctionOptions &options = {});

/// The module `function(inputs, outputs, updates, options)` would compile,
/// as text (for scan-opt).
std::string emitMLIR(const std::vector<Var> &inputs,
                     const std::vector<Var> &outputs,
                     const Updates &updates = {},
                     const FunctionOptions &options = {});

/// `function`'s module (Function::mlir()) compiled ahead of time: an object
/// whose entry point `_mlir_ciface_<FunctionOptions::name>` takes the
/// inputs in order, then the values of the shared variables the graph
/// reads, and returns the outputs, then the new values of the updated shared
/// variables (the caller writes those back: the object has no shared
/// state). Throws as scanjit::compileAheadOfTime.
AheadOfTimeObject compileAheadOfTime(const Function &function,
                                     const AheadOfTimeOptions &options = {});

} // namespace scanjit

#endif // SCANJIT_FRONTEND_FUNCTION_H
