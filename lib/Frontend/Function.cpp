//===- Function.cpp - Compile a graph into a callable function ------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// function() gathers what the outputs and updates need (symbolic inputs,
// shared variables, default updates), emits the module, and wraps an Engine
// over it. A call checks the arguments against the inputs' types, appends the
// shared variables' values, runs the compiled function and writes the
// updated shared values back.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Function.h"

#include "Emitter.h"
#include "Node.h"

#include "scanjit/JIT/Engine.h"
#include "scanjit/Support/Error.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace scanjit;
using namespace scanjit::detail;

namespace scanjit::detail {

/// What a Function holds: the graph's description, the emitted text,
/// and the engine (declared after the context it uses, so it goes first).
struct CompiledGraph {
  std::vector<NodePtr> inputs;
  std::vector<SharedVariable> sharedArguments;
  std::vector<SharedVariable> updated;
  size_t numOutputs = 0;
  std::string text;
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<scanjit::EngineFunction> function;
};

} // namespace scanjit::detail

namespace {

/// The function graph of (inputs, outputs, updates), with the shared
/// variables it reads and those it updates.
struct Collected {
  FunctionGraph graph;
  std::vector<NodePtr> inputs;
  std::vector<SharedVariable> sharedArguments;
  std::vector<SharedVariable> updated;
};

Collected collect(const std::vector<Var> &inputs,
                  const std::vector<Var> &outputs, const Updates &updates,
                  const FunctionOptions &options) {
  Collected collected;
  collected.graph.name = options.name;
  std::set<const Node *> inputNodes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string what = "function input #" + std::to_string(i);
    const NodePtr &node = nodeOf(inputs[i], what.c_str());
    if (node->kind != OpKind::Input)
      throw Error(what + " (" + inputs[i].describe() +
                  ") is not a symbolic input made by a Graph");
    if (!inputNodes.insert(node.get()).second)
      throw Error(what + " (" + inputs[i].describe() + ") repeats");
    collected.inputs.push_back(node);
  }

  // Explicit updates, then the default updates of the shared variables the
  // graph reads (random counters), until no new one appears.
  Updates all = updates;
  std::vector<NodePtr> roots;
  for (size_t i = 0; i < outputs.size(); ++i)
    roots.push_back(
        nodeOf(outputs[i], ("function output #" + std::to_string(i)).c_str()));
  for (bool grew = true; grew;) {
    grew = false;
    std::vector<NodePtr> reachable = roots;
    for (const auto &[variable, value] : all)
      reachable.push_back(value.node());
    walkGraph(reachable, [&](const NodePtr &node) {
      if (node->kind != OpKind::Shared)
        return;
      SharedVariable variable = *SharedVariable::fromVar(Var(node));
      if (!all.contains(variable) && variable.defaultUpdate().valid()) {
        all.set(variable, variable.defaultUpdate());
        grew = true;
      }
    });
  }

  std::vector<NodePtr> reachable = roots;
  for (const auto &[variable, value] : all)
    reachable.push_back(value.node());
  std::set<const Node *> sharedSeen;
  walkGraph(reachable, [&](const NodePtr &node) {
    if (node->kind == OpKind::Input && !inputNodes.count(node.get()))
      throw Error("the outputs need input " + Var(node).describe() +
                  ", which is not among the function's inputs");
    if (node->kind == OpKind::Shared && sharedSeen.insert(node.get()).second)
      collected.sharedArguments.push_back(*SharedVariable::fromVar(Var(node)));
  });
  for (const auto &[variable, value] : all) {
    if (sharedSeen.insert(variable.node().get()).second)
      collected.sharedArguments.push_back(variable);
    collected.updated.push_back(variable);
  }

  collected.graph.arguments = collected.inputs;
  for (const SharedVariable &variable : collected.sharedArguments)
    collected.graph.arguments.push_back(variable.node());
  collected.graph.results = roots;
  for (const auto &[variable, value] : all)
    collected.graph.results.push_back(value.node());
  return collected;
}

std::string printModule(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

} // namespace

Function scanjit::function(const std::vector<Var> &inputs,
                                const std::vector<Var> &outputs,
                                const Updates &updates,
                                const FunctionOptions &options) {
  Collected collected = collect(inputs, outputs, updates, options);
  auto compiled = std::make_shared<CompiledGraph>();
  compiled->inputs = collected.inputs;
  compiled->sharedArguments = collected.sharedArguments;
  compiled->updated = collected.updated;
  compiled->numOutputs = outputs.size();
  compiled->context = std::make_unique<mlir::MLIRContext>();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      emitModule(*compiled->context, collected.graph);
  compiled->text = printModule(*module);
  EngineOptions engineOptions;
  engineOptions.optLevel = options.optLevel;
  engineOptions.cacheCapacity = options.cacheCapacity;
  try {
    compiled->engine =
        std::make_unique<Engine>(std::move(module), engineOptions);
  } catch (const Error &error) {
    // The engine verifies the module. Every rule the verifier enforces is
    // checked when the graph is built, so a module that fails it is the
    // frontend's bug, not the user's.
    throw Error("internal compiler error: the module emitted for @" +
                options.name +
                " does not verify (please report it, with "
                "the graph): " +
                error.what());
  }
  compiled->function = std::make_unique<scanjit::EngineFunction>(
      compiled->engine->function(options.name));
  return Function(compiled);
}

std::string scanjit::emitMLIR(const std::vector<Var> &inputs,
                              const std::vector<Var> &outputs,
                              const Updates &updates,
                              const FunctionOptions &options) {
  Collected collected = collect(inputs, outputs, updates, options);
  mlir::MLIRContext context;
  return printModule(*emitModule(context, collected.graph));
}

std::vector<Array>
Function::operator()(const std::vector<Array> &arguments) const {
  const CompiledGraph &graph = *compiled;
  if (arguments.size() != graph.inputs.size())
    throw Error("the function takes " + std::to_string(graph.inputs.size()) +
                " arguments, got " + std::to_string(arguments.size()));
  std::vector<Array> all;
  all.reserve(arguments.size() + graph.sharedArguments.size());
  for (size_t i = 0; i < arguments.size(); ++i) {
    const TensorType &type = graph.inputs[i]->type;
    const Array &argument = arguments[i];
    bool fits = argument.dtype() == type.dtype && argument.rank() == type.rank();
    for (int64_t d = 0; fits && d < type.rank(); ++d)
      fits = type.shape[d] == kDynamic || type.shape[d] == argument.dim(d);
    if (!fits)
      throw Error("argument #" + std::to_string(i) + " (" +
                  Var(graph.inputs[i]).describe() + ") must be " +
                  type.str() + ", got " + argument.typeString());
    all.push_back(argument);
  }
  for (const SharedVariable &variable : graph.sharedArguments)
    all.push_back(variable.storage()->value);
  std::vector<Array> results = (*graph.function)(all);
  for (size_t i = 0; i < graph.updated.size(); ++i)
    graph.updated[i].storage()->value = results[graph.numOutputs + i];
  results.resize(graph.numOutputs);
  return results;
}

const std::string &Function::mlir() const { return compiled->text; }
size_t Function::numInputs() const { return compiled->inputs.size(); }
size_t Function::numOutputs() const { return compiled->numOutputs; }
