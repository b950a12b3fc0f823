//===- Function.cpp - A callable function of a compiled module ------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Function.h"

#include "CallingConvention.h"
#include "EngineState.h"

using namespace scanjit;
using namespace scanjit::detail;

Function::Function(std::shared_ptr<EngineState> engine,
                   std::shared_ptr<FunctionState> function)
    : engine(std::move(engine)), function(std::move(function)) {}

std::vector<Array>
Function::operator()(const std::vector<Array> &arguments) const {
  checkArguments(function->info, arguments);
  const CompiledFunction &compiled = engine->getCompiled(*function, arguments);
  return callPacked(function->info, compiled.entryPoint, arguments);
}

const std::string &Function::name() const { return function->info.name; }

size_t Function::numArguments() const {
  return function->info.arguments.size();
}

size_t Function::numResults() const { return function->info.results.size(); }

std::string Function::signatureString() const {
  return function->info.signatureString();
}
