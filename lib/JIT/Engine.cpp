//===- Engine.cpp - Compile and run tensor-level MLIR ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"

#include "Compiler.h"
#include "DiagnosticCapture.h"
#include "EngineState.h"

#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// Adds the dialects, extensions and translations the JIT needs to
/// `context`.
void prepareContext(mlir::MLIRContext *context) {
  mlir::DialectRegistry registry;
  registerJITDialects(registry);
  context->appendDialectRegistry(registry);
}

std::shared_ptr<EngineState>
makeState(std::unique_ptr<mlir::MLIRContext> ownedContext,
          mlir::OwningOpRef<mlir::ModuleOp> module, EngineOptions options) {
  if (!module)
    throw Error("cannot create an engine without a module");
  auto state = std::make_shared<EngineState>();
  state->ownedContext = std::move(ownedContext);
  state->module = std::move(module);
  state->options = options;
  mlir::MLIRContext *context = state->module->getContext();
  if (!state->ownedContext)
    prepareContext(context);
  // Shape specialization inserts tensor.cast ops; load the dialect now, not
  // while compiling (the context may be in use on other threads then).
  context->getOrLoadDialect<mlir::tensor::TensorDialect>();
  DiagnosticCapture diagnostics(context);
  if (mlir::failed(mlir::verify(*state->module)))
    throw Error(diagnostics.messageWith("the module is invalid"));
  return state;
}

/// A context for a module the engine parses itself.
std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  registerJITDialects(registry);
  return std::make_unique<mlir::MLIRContext>(registry);
}

} // namespace

namespace {

/// True when `arguments` have the dtypes and shapes of `signature`.
bool hasSignature(const std::vector<Array> &arguments,
                  const ArgumentSignature &signature) {
  if (arguments.size() != signature.size())
    return false;
  for (size_t i = 0; i < arguments.size(); ++i)
    if (arguments[i].dtype() != signature[i].dtype ||
        arguments[i].shape() != signature[i].shape)
      return false;
  return true;
}

const CompiledFunction *findCompiled(const FunctionState &function,
                                     const std::vector<Array> &arguments) {
  for (const auto &[signature, compiled] : function.compiled)
    if (hasSignature(arguments, signature))
      return compiled.get();
  return nullptr;
}

/// Specializes @`name` of `module` to the shapes of `arguments`: each tensor
/// argument with dynamic sizes takes the argument's static type and is cast
/// back to the old type for its uses, so that canonicalization propagates
/// the sizes. A function that the module calls itself keeps its type.
void specializeArgumentShapes(mlir::ModuleOp module, llvm::StringRef name,
                              const std::vector<Array> &arguments) {
  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (!func || !mlir::SymbolTable::symbolKnownUseEmpty(func, module))
    return;
  mlir::Block &entry = func.getBody().front();
  auto builder = mlir::OpBuilder::atBlockBegin(&entry);
  llvm::SmallVector<mlir::Type> inputs;
  for (auto [argument, array] : llvm::zip_equal(entry.getArguments(), arguments)) {
    auto type = llvm::dyn_cast<mlir::RankedTensorType>(argument.getType());
    if (!type || type.hasStaticShape()) {
      inputs.push_back(argument.getType());
      continue;
    }
    auto specialized = mlir::RankedTensorType::get(
        array.shape(), type.getElementType(), type.getEncoding());
    argument.setType(specialized);
    auto cast = mlir::tensor::CastOp::create(builder, func.getLoc(), type,
                                             argument);
    argument.replaceAllUsesExcept(cast, cast);
    inputs.push_back(specialized);
  }
  func.setFunctionType(builder.getFunctionType(
      inputs, func.getFunctionType().getResults()));
}

} // namespace

const CompiledFunction &
EngineState::getCompiled(FunctionState &function,
                         const std::vector<Array> &arguments) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex);
    if (const CompiledFunction *compiled = findCompiled(function, arguments))
      return *compiled;
  }
  std::lock_guard<std::mutex> compileLock(compileMutex);
  {
    // Another thread may have compiled while this one waited.
    std::lock_guard<std::mutex> lock(cacheMutex);
    if (const CompiledFunction *compiled = findCompiled(function, arguments))
      return *compiled;
  }
  // A copy of the module, specialized to the shapes of the arguments.
  mlir::OwningOpRef<mlir::ModuleOp> copy = module->clone();
  specializeArgumentShapes(*copy, function.info.name, arguments);
  std::shared_ptr<const CompiledModule> compiledModule =
      compileModule(*copy, options);
  {
    std::lock_guard<std::mutex> lock(cacheMutex);
    ++compilations;
  }
  auto entry = compiledModule->entryPoints.find(function.info.name);
  if (entry == compiledModule->entryPoints.end())
    throw Error("failed to compile @" + function.info.name +
                ": its entry point is missing from the compiled module");
  auto compiled = std::make_unique<CompiledFunction>();
  compiled->module = compiledModule;
  compiled->entryPoint = entry->second;
  std::lock_guard<std::mutex> lock(cacheMutex);
  function.compiled.emplace_back(signatureOf(arguments), std::move(compiled));
  return *function.compiled.back().second;
}

Engine::Engine(mlir::OwningOpRef<mlir::ModuleOp> module, EngineOptions options)
    : state(makeState(nullptr, std::move(module), options)) {}

std::unique_ptr<Engine> Engine::fromSource(std::string_view source,
                                           EngineOptions options,
                                           std::string_view bufferName) {
  std::unique_ptr<mlir::MLIRContext> context = makeContext();
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    DiagnosticCapture diagnostics(context.get());
    module = mlir::parseSourceString<mlir::ModuleOp>(
        llvm::StringRef(source.data(), source.size()),
        mlir::ParserConfig(context.get()),
        llvm::StringRef(bufferName.data(), bufferName.size()));
    if (!module)
      throw Error(
          diagnostics.messageWith("cannot parse " + std::string(bufferName)));
  }
  auto engine = std::unique_ptr<Engine>(new Engine());
  engine->state = makeState(std::move(context), std::move(module), options);
  return engine;
}

std::unique_ptr<Engine> Engine::fromFile(const std::string &path,
                                         EngineOptions options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    throw Error("cannot open '" + path + "': " + file.getError().message());
  llvm::StringRef source = (*file)->getBuffer();
  return fromSource(std::string_view(source.data(), source.size()), options,
                    path);
}

Engine::~Engine() = default;

std::vector<std::string> Engine::functionNames() const {
  std::vector<std::string> names;
  for (auto func : state->module->getOps<mlir::func::FuncOp>())
    if (func.isPublic() && !func.isDeclaration())
      names.push_back(func.getSymName().str());
  return names;
}

EngineFunction Engine::function(std::string_view name) const {
  std::lock_guard<std::mutex> lock(state->cacheMutex);
  if (auto it = state->functions.find(name); it != state->functions.end())
    return EngineFunction(state, it->second);

  llvm::StringRef symbol(name.data(), name.size());
  auto func = state->module->lookupSymbol<mlir::func::FuncOp>(symbol);
  if (!func) {
    std::string available;
    for (const std::string &candidate : functionNames())
      available += (available.empty() ? "@" : ", @") + candidate;
    throw Error("the module has no function @" + symbol.str() +
                (available.empty() ? " (and no public function)"
                                   : " (public functions: " + available + ")"));
  }
  if (func.isDeclaration())
    throw Error("@" + symbol.str() +
                " is only declared in the module; it has no body to compile");
  if (!func.isPublic())
    throw Error("@" + symbol.str() +
                " is private; only public functions can be called");
  auto function = std::make_shared<FunctionState>();
  function->info = describeFunction(func);
  state->functions.emplace(symbol.str(), function);
  return EngineFunction(state, function);
}

size_t Engine::cachedSignatureCount() const {
  std::lock_guard<std::mutex> lock(state->cacheMutex);
  size_t count = 0;
  for (const auto &[name, function] : state->functions)
    count += function->compiled.size();
  return count;
}

size_t Engine::compilationCount() const {
  std::lock_guard<std::mutex> lock(state->cacheMutex);
  return state->compilations;
}

mlir::MLIRContext *Engine::getContext() const {
  return state->module->getContext();
}
