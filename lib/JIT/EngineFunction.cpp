//===- EngineFunction.cpp - A callable function of a compiled module ------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/EngineFunction.h"

#include "CallingConvention.h"
#include "EngineState.h"

using namespace scanjit;
using namespace scanjit::detail;

EngineFunction::EngineFunction(std::shared_ptr<EngineState> engine,
                   std::shared_ptr<FunctionState> function)
    : engine(std::move(engine)), function(std::move(function)) {}

std::vector<Array>
EngineFunction::operator()(const std::vector<Array> &arguments) const {
  checkArguments(function->info, arguments);
  // Held for the call: the cache may drop the entry meanwhile.
  std::shared_ptr<const CompiledFunction> compiled =
      engine->getCompiled(*function, arguments);
  std::vector<Array> results =
      callPacked(function->info, compiled->entryPoint, arguments);
  // The generic code stood in for specialized code that failed to compile,
  // and reported no error of the user's: the failure was the compiler's.
  if (!compiled->specializationFailure.empty())
    throw Error(compiled->specializationFailure);
  return results;
}

const std::string &EngineFunction::name() const { return function->info.name; }

size_t EngineFunction::numArguments() const {
  return function->info.arguments.size();
}

size_t EngineFunction::numResults() const { return function->info.results.size(); }

std::string EngineFunction::signatureString() const {
  return function->info.signatureString();
}
