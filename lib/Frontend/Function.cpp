//===- Function.cpp - Compile traced IR into a callable function ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// function() gathers what the outputs and updates need in the tracing
// function (symbolic inputs, shared variables, default updates), clones
// exactly that backward slice into a fresh func.func whose arguments the
// inputs and shared variables map to, verifies it, and wraps an Engine over
// its text. A call checks the arguments against the inputs' types, appends
// the shared variables' values, runs the compiled function and writes the
// updated shared values back.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Function.h"

#include "Emitter.h"
#include "Tracing.h"

#include "scanjit/JIT/Engine.h"
#include "scanjit/Support/Error.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace scanjit;
using namespace scanjit::detail;

namespace scanjit::detail {

/// What a Function holds: its inputs, the shared values it reads and
/// updates, the emitted text, and the engine.
struct CompiledGraph {
  std::vector<TracedPtr> inputs;
  std::vector<std::shared_ptr<SharedStorage>> sharedArguments;
  std::vector<std::shared_ptr<SharedStorage>> updated;
  size_t numOutputs = 0;
  std::string text;
  std::vector<std::string> argumentNames;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<scanjit::EngineFunction> function;
};

} // namespace scanjit::detail

namespace {

/// The ops of the tracing function's body that `roots` depend on, in block
/// order, and the block arguments they read.
struct Slice {
  llvm::SetVector<mlir::Operation *> ops;
  llvm::SetVector<mlir::Value> arguments;
};

Slice backwardSlice(TraceModule &module, llvm::ArrayRef<mlir::Value> roots) {
  mlir::Block &entry = module.func.getBody().front();
  llvm::DenseSet<mlir::Operation *> needed;
  llvm::SetVector<mlir::Value> arguments;
  std::vector<mlir::Value> worklist(roots.begin(), roots.end());
  while (!worklist.empty()) {
    mlir::Value value = worklist.back();
    worklist.pop_back();
    if (auto argument = llvm::dyn_cast<mlir::BlockArgument>(value)) {
      if (argument.getOwner() == &entry)
        arguments.insert(value);
      continue;
    }
    mlir::Operation *op = entry.findAncestorOpInBlock(*value.getDefiningOp());
    if (!op || !needed.insert(op).second)
      continue;
    // The run-time checks of the value go with it.
    for (mlir::Value result : op->getResults())
      for (mlir::Operation *effect : module.effectsOf.lookup(result))
        if (needed.insert(effect).second)
          effect->walk([&](mlir::Operation *nested) {
            for (mlir::Value operand : nested->getOperands())
              if (!effect->isAncestor(operand.getParentBlock()->getParentOp()))
                worklist.push_back(operand);
          });
    // Operands of the op and of the ops nested in it that come from outside.
    auto definedInside = [&](mlir::Value operand) {
      if (auto argument = llvm::dyn_cast<mlir::BlockArgument>(operand))
        return op->isAncestor(argument.getOwner()->getParentOp());
      mlir::Operation *definition = operand.getDefiningOp();
      return definition != op && op->isAncestor(definition);
    };
    op->walk([&](mlir::Operation *nested) {
      for (mlir::Value operand : nested->getOperands())
        if (!definedInside(operand))
          worklist.push_back(operand);
    });
  }
  Slice slice;
  for (mlir::Operation &op : entry)
    if (needed.count(&op))
      slice.ops.insert(&op);
  // Arguments in block order.
  for (mlir::BlockArgument argument : entry.getArguments())
    if (arguments.count(argument))
      slice.arguments.insert(argument);
  return slice;
}

/// The module of one function (see the file comment).
struct Emitted {
  std::vector<TracedPtr> inputs;
  std::vector<std::shared_ptr<SharedStorage>> sharedArguments;
  std::vector<std::shared_ptr<SharedStorage>> updated;
  /// The names of the emitted function's arguments.
  std::vector<std::string> argumentNames;
  /// The module as Function::mlir() shows it.
  std::string text;
  /// The module with its locations, as the engine compiles it.
  std::string compiledText;
};

Emitted emit(const std::vector<Var> &inputs, const std::vector<Var> &outputs,
             const Updates &updates, const FunctionOptions &options) {
  Emitted emitted;
  std::vector<const Var *> all;
  for (const Var &var : inputs)
    all.push_back(&var);
  for (const Var &var : outputs)
    all.push_back(&var);
  std::shared_ptr<TraceModule> module;
  for (const Var *var : all)
    if (var->valid())
      module = var->node()->module;
  for (const auto &[variable, value] : updates)
    module = value.node()->module;
  if (!module)
    module = currentTraceModule();

  llvm::DenseSet<mlir::Value> inputValues;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string what = "function input #" + std::to_string(i);
    const TracedPtr &node = tracedOf(inputs[i], what);
    if (node->kind != TracedValue::Kind::Input)
      throw Error(what + " (" + inputs[i].describe() +
                  ") is not a symbolic input made by a Graph");
    if (node->module != module)
      throw Error(what + " was traced on another thread");
    if (!inputValues.insert(node->value).second)
      throw Error(what + " (" + inputs[i].describe() + ") repeats");
    emitted.inputs.push_back(node);
  }

  auto rootOf = [&](const Var &var, const std::string &what) {
    const TracedPtr &node = tracedOf(var, what);
    if (node->module != module)
      throw Error(what + " was traced on another thread");
    if (node->scope != module->scopes.front())
      throw Error(what + " is computed in the body of " + node->scope->name +
                  ", which is still being traced");
    return node->value;
  };
  llvm::SmallVector<mlir::Value> roots;
  for (size_t i = 0; i < outputs.size(); ++i)
    roots.push_back(
        rootOf(outputs[i], "function output #" + std::to_string(i)));

  // Explicit updates, then the default updates of the shared variables the
  // outputs and updates read (random counters), until no new one appears.
  Updates allUpdates = updates;
  Slice slice;
  for (bool grew = true; grew;) {
    grew = false;
    llvm::SmallVector<mlir::Value> reachable = roots;
    for (const auto &[variable, value] : allUpdates)
      reachable.push_back(rootOf(value, "the update of shared variable " +
                                            variable.describe()));
    slice = backwardSlice(*module, reachable);
    for (mlir::Value argument : slice.arguments) {
      const ArgumentInfo &info = module->arguments[argument];
      if (!info.isShared)
        continue;
      auto traced = std::make_shared<TracedValue>();
      traced->module = module;
      traced->scope = module->scopes.front();
      traced->value = argument;
      traced->type = info.type;
      traced->name = info.name;
      traced->kind = TracedValue::Kind::Shared;
      traced->shared = info.shared;
      SharedVariable variable = *SharedVariable::fromVar(Var(traced));
      if (!allUpdates.contains(variable) && variable.defaultUpdate().valid()) {
        allUpdates.set(variable, variable.defaultUpdate());
        grew = true;
      }
    }
  }

  // The function's arguments: the inputs, then the shared variables read or
  // updated.
  llvm::SetVector<mlir::Value> sharedValues;
  for (mlir::Value argument : slice.arguments) {
    const ArgumentInfo &info = module->arguments[argument];
    if (!info.isShared && !inputValues.count(argument))
      throw Error("the outputs need input " + info.describe() +
                  ", which is not among the function's inputs");
    if (info.isShared)
      sharedValues.insert(argument);
  }
  llvm::SmallVector<mlir::Value> results = roots;
  for (const auto &[variable, value] : allUpdates) {
    sharedValues.insert(variable.node()->value);
    emitted.updated.push_back(variable.storage());
    results.push_back(value.node()->value);
  }
  for (mlir::Value value : sharedValues)
    emitted.sharedArguments.push_back(module->arguments[value].shared);

  // The new module, in the tracing context.
  mlir::MLIRContext &context = module->context;
  mlir::Location unknown = mlir::UnknownLoc::get(&context);
  mlir::OwningOpRef<mlir::ModuleOp> newModule = mlir::ModuleOp::create(unknown);
  mlir::OpBuilder builder(&context);
  builder.setInsertionPointToEnd(newModule->getBody());
  llvm::SmallVector<mlir::Type> argumentTypes, resultTypes;
  llvm::SmallVector<mlir::Value> arguments;
  for (const TracedPtr &input : emitted.inputs)
    arguments.push_back(input->value);
  arguments.append(sharedValues.begin(), sharedValues.end());
  for (mlir::Value argument : arguments)
    argumentTypes.push_back(argument.getType());
  for (mlir::Value result : results)
    resultTypes.push_back(result.getType());
  auto func = mlir::func::FuncOp::create(
      builder, unknown, options.name,
      builder.getFunctionType(argumentTypes, resultTypes));
  mlir::Block *entry = func.addEntryBlock();
  mlir::IRMapping mapping;
  for (auto [i, argument] : llvm::enumerate(arguments)) {
    entry->getArgument(i).setLoc(argument.getLoc());
    mapping.map(argument, entry->getArgument(i));
    auto info = module->arguments.find(argument);
    emitted.argumentNames.push_back(info == module->arguments.end()
                                        ? "argument " + std::to_string(i)
                                        : (info->second.name.empty()
                                               ? info->second.describe()
                                               : info->second.name));
  }
  builder.setInsertionPointToEnd(entry);
  for (mlir::Operation *op : slice.ops)
    builder.clone(*op, mapping);
  llvm::SmallVector<mlir::Value> returned;
  for (mlir::Value result : results)
    returned.push_back(mapping.lookupOrDefault(result));
  mlir::func::ReturnOp::create(builder, unknown, returned);

  // The symbols the function refers to (messages, the runtime's error
  // function).
  std::set<std::string> used;
  func.walk([&](mlir::Operation *op) {
    for (mlir::NamedAttribute attribute : op->getAttrs())
      if (auto symbol =
              llvm::dyn_cast<mlir::FlatSymbolRefAttr>(attribute.getValue()))
        used.insert(symbol.getValue().str());
  });
  builder.setInsertionPointToStart(newModule->getBody());
  for (mlir::Operation &op : module->module->getBody()->getOperations()) {
    auto symbol = llvm::dyn_cast<mlir::SymbolOpInterface>(&op);
    if (symbol && &op != module->func.getOperation() &&
        used.count(symbol.getName().str()))
      builder.clone(op);
  }

  std::string diagnostics;
  {
    mlir::ScopedDiagnosticHandler handler(
        &context, [&](mlir::Diagnostic &diagnostic) {
          llvm::raw_string_ostream os(diagnostics);
          os << diagnostic.getLocation() << ": " << diagnostic << "\n";
          return mlir::success();
        });
    if (mlir::failed(mlir::verify(*newModule)))
      throw Error("internal compiler error: the module emitted for @" +
                  options.name +
                  " does not verify (please report it, with the graph): " +
                  diagnostics);
  }
  llvm::raw_string_ostream os(emitted.text);
  mlir::OpPrintingFlags flags;
  if (options.printLocations)
    flags.enableDebugInfo();
  newModule->print(os, flags);
  llvm::raw_string_ostream compiledStream(emitted.compiledText);
  newModule->print(compiledStream, mlir::OpPrintingFlags().enableDebugInfo());
  return emitted;
}

} // namespace

Function scanjit::function(const std::vector<Var> &inputs,
                           const std::vector<Var> &outputs,
                           const Updates &updates,
                           const FunctionOptions &options) {
  Emitted emitted = emit(inputs, outputs, updates, options);
  auto compiled = std::make_shared<CompiledGraph>();
  compiled->inputs = std::move(emitted.inputs);
  compiled->sharedArguments = std::move(emitted.sharedArguments);
  compiled->updated = std::move(emitted.updated);
  compiled->argumentNames = std::move(emitted.argumentNames);
  compiled->numOutputs = outputs.size();
  compiled->text = std::move(emitted.text);
  EngineOptions engineOptions;
  engineOptions.optLevel = options.optLevel;
  engineOptions.cacheCapacity = options.cacheCapacity;
  compiled->engine = Engine::fromSource(emitted.compiledText, engineOptions,
                                        "@" + options.name);
  compiled->function = std::make_unique<scanjit::EngineFunction>(
      compiled->engine->function(options.name));
  return Function(compiled);
}

std::string scanjit::emitMLIR(const std::vector<Var> &inputs,
                              const std::vector<Var> &outputs,
                              const Updates &updates,
                              const FunctionOptions &options) {
  return emit(inputs, outputs, updates, options).text;
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
    bool fits =
        argument.dtype() == type.dtype && argument.rank() == type.rank();
    for (int64_t d = 0; fits && d < type.rank(); ++d)
      fits = type.shape[d] == kDynamic || type.shape[d] == argument.dim(d);
    if (!fits)
      throw Error("argument #" + std::to_string(i) + " (" +
                  Var(graph.inputs[i]).describe() + ") must be " + type.str() +
                  ", got " + argument.typeString());
    all.push_back(argument);
  }
  for (const std::shared_ptr<SharedStorage> &storage : graph.sharedArguments)
    all.push_back(storage->value);
  std::vector<Array> results = (*graph.function)(all);
  for (size_t i = 0; i < graph.updated.size(); ++i)
    graph.updated[i]->value = results[graph.numOutputs + i];
  results.resize(graph.numOutputs);
  return results;
}

const std::string &Function::mlir() const { return compiled->text; }
size_t Function::numInputs() const { return compiled->inputs.size(); }
const std::vector<std::string> &Function::argumentNames() const {
  return compiled->argumentNames;
}

AheadOfTimeObject
scanjit::compileAheadOfTime(const Function &function,
                            const AheadOfTimeOptions &options) {
  return compileAheadOfTime(function.mlir(), "<function>", options);
}
size_t Function::numOutputs() const { return compiled->numOutputs; }
