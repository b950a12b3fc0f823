//===- EngineFunction.h - A function of a compiled module -------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A handle to one public function of an Engine's module. Calling it checks
// the arguments against the function type, compiles the module for the
// arguments' signature on first use (see Engine), runs the native code and
// returns the results as owning arrays.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_ENGINEFUNCTION_H
#define SCANJIT_JIT_ENGINEFUNCTION_H

#include "scanjit/Array/Array.h"

#include <memory>
#include <string>
#include <vector>

namespace scanjit {

namespace detail {
struct EngineState;
struct FunctionState;
} // namespace detail

/// A public func.func of an Engine's module, ready to be called. Copies are
/// cheap and keep the engine's compiled code alive. Calls may run
/// concurrently from several threads.
class EngineFunction {
public:
  /// Calls the function. Each argument is an Array: a tensor argument takes
  /// an array of its dtype whose shape matches every static size; a scalar
  /// argument takes a rank-0 array (i32 or i64 for integer and index
  /// scalars, the exact dtype for f32, f64 and i1). Results are owning
  /// arrays (scalar results have rank 0). Throws scanjit::Error when an
  /// argument does not match (naming it), when compilation fails, or when
  /// the compiled code reports a run-time error.
  std::vector<Array> operator()(const std::vector<Array> &arguments) const;

  /// The same as operator().
  std::vector<Array> call(const std::vector<Array> &arguments) const {
    return (*this)(arguments);
  }

  /// The symbol name, without '@'.
  const std::string &name() const;
  /// The number of arguments.
  size_t numArguments() const;
  /// The number of results.
  size_t numResults() const;
  /// The function type as text: "@f(tensor<?xf64>, index) -> tensor<?xf64>".
  std::string signatureString() const;

private:
  friend class Engine;
  EngineFunction(std::shared_ptr<detail::EngineState> engine,
           std::shared_ptr<detail::FunctionState> function);

  std::shared_ptr<detail::EngineState> engine;
  std::shared_ptr<detail::FunctionState> function;
};

} // namespace scanjit

#endif // SCANJIT_JIT_ENGINEFUNCTION_H
