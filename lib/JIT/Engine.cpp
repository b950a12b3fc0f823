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
#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

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
  state->cacheCapacity = options.cacheCapacity;
  mlir::MLIRContext *context = state->module->getContext();
  if (!state->ownedContext)
    prepareContext(context);
  // Now, not while compiling: the context may be in use on other threads
  // then (Engine::function prints types).
  loadCompilerDialects(context, options);
  DiagnosticCapture diagnostics(context, /*withOperations=*/false);
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

/// The cached code of `function` for `arguments`, marked as used now; null
/// when there is none. Requires EngineState::cacheLock.
std::shared_ptr<const CompiledFunction>
findCompiled(EngineState &state, FunctionState &function,
             const std::vector<Array> &arguments) {
  for (CacheEntry &entry : function.compiled)
    if (hasSignature(arguments, entry.signature)) {
      entry.lastUse = ++state.useClock;
      return entry.compiled;
    }
  return nullptr;
}

/// Specializes @`name` of `module` to the shapes of `arguments` with
/// scan-specialize-shapes: each tensor argument with dynamic sizes takes the
/// argument's static type and is cast back to the old type for its uses, so
/// that canonicalization propagates the sizes. A function that the module
/// calls itself keeps its type. Returns whether any argument type changed.
bool specializeArgumentShapes(mlir::ModuleOp module, llvm::StringRef name,
                              const std::vector<Array> &arguments) {
  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (!func || !mlir::SymbolTable::symbolKnownUseEmpty(func, module))
    return false;
  mlir::Builder builder(module.getContext());
  llvm::SmallVector<mlir::Attribute> shapes;
  bool changes = false;
  for (auto [type, array] :
       llvm::zip_equal(func.getArgumentTypes(), arguments)) {
    shapes.push_back(builder.getDenseI64ArrayAttr(array.shape()));
    auto tensorType = llvm::dyn_cast<mlir::RankedTensorType>(type);
    changes |= tensorType && !tensorType.hasStaticShape();
  }
  if (!changes)
    return false;
  func->setAttr(kArgumentShapesAttrName, builder.getArrayAttr(shapes));
  mlir::PassManager pm(module.getContext());
  pm.addPass(createScanSpecializeShapesPass());
  // The arguments were checked against the function's types on entry: the
  // shapes fit, and the pass cannot fail.
  DiagnosticCapture diagnostics(module.getContext());
  if (mlir::failed(pm.run(module)))
    throw Error(diagnostics.messageWith(
        "internal compiler error: scan-specialize-shapes failed on @" +
        name.str()));
  return true;
}

} // namespace

void EngineState::evictDownTo(size_t capacity) {
  while (cachedEntries > capacity) {
    // The least recently used entry of any function.
    std::vector<CacheEntry> *oldestList = nullptr;
    size_t oldest = 0;
    for (auto &[name, function] : functions)
      for (size_t i = 0; i < function->compiled.size(); ++i)
        if (!oldestList ||
            function->compiled[i].lastUse < (*oldestList)[oldest].lastUse) {
          oldestList = &function->compiled;
          oldest = i;
        }
    if (!oldestList)
      return;
    oldestList->erase(oldestList->begin() + static_cast<ptrdiff_t>(oldest));
    --cachedEntries;
  }
}

std::shared_ptr<const CompiledFunction>
EngineState::getCompiled(FunctionState &function,
                         const std::vector<Array> &arguments) {
  {
    std::lock_guard<CacheLock> lock(cacheLock);
    if (auto compiled = findCompiled(*this, function, arguments))
      return compiled;
  }
  std::lock_guard<std::mutex> compileLock(compileMutex);
  {
    // Another thread may have compiled while this one waited.
    std::lock_guard<CacheLock> lock(cacheLock);
    if (auto compiled = findCompiled(*this, function, arguments))
      return compiled;
  }
  // A copy of the module, specialized to the shapes of the arguments.
  mlir::OwningOpRef<mlir::ModuleOp> copy = module->clone();
  bool specialized =
      specializeArgumentShapes(*copy, function.info.name, arguments);
  std::shared_ptr<const CompiledModule> compiledModule;
  std::string specializationFailure;
  try {
    compiledModule = compileModule(*copy, options);
  } catch (const InternalCompilerError &error) {
    if (!specialized)
      throw;
    // Static sizes can turn a mismatch that a run-time check reports (a
    // step of the wrong shape, say) into IR that a pass rejects. The
    // generic module keeps the check dynamic, and reports the mismatch
    // with its message when it runs; if it fails too, or runs without
    // reporting anything, the compiler is at fault (EngineFunction).
    specializationFailure = error.what();
    copy = module->clone();
    compiledModule = compileModule(*copy, options);
  }
  {
    std::lock_guard<CacheLock> lock(cacheLock);
    ++compilations;
  }
  auto entry = compiledModule->entryPoints.find(function.info.name);
  if (entry == compiledModule->entryPoints.end())
    throw Error("failed to compile @" + function.info.name +
                ": its entry point is missing from the compiled module");
  auto compiled = std::make_shared<CompiledFunction>();
  compiled->module = compiledModule;
  compiled->entryPoint = entry->second;
  compiled->specializationFailure = std::move(specializationFailure);
  ArgumentSignature signature = signatureOf(arguments);
  std::lock_guard<CacheLock> lock(cacheLock);
  // Room for the new entry first, so that it is not the one dropped.
  if (cacheCapacity > 0)
    evictDownTo(cacheCapacity - 1);
  function.compiled.push_back(
      CacheEntry{std::move(signature), compiled, ++useClock});
  ++cachedEntries;
  return compiled;
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
  {
    std::lock_guard<CacheLock> lock(state->cacheLock);
    if (auto it = state->functions.find(name); it != state->functions.end())
      return EngineFunction(state, it->second);
  }
  // Described without the lock, which calls of compiled code take (the
  // module is only read, here and by compilations).
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
  std::lock_guard<CacheLock> lock(state->cacheLock);
  // Another thread may have described it meanwhile: its state is the one.
  auto it = state->functions.try_emplace(symbol.str(), function).first;
  return EngineFunction(state, it->second);
}

size_t Engine::cachedSignatureCount() const {
  std::lock_guard<CacheLock> lock(state->cacheLock);
  size_t count = 0;
  for (const auto &[name, function] : state->functions)
    count += function->compiled.size();
  return count;
}

size_t Engine::cacheCapacity() const {
  std::lock_guard<CacheLock> lock(state->cacheLock);
  return state->cacheCapacity;
}

void Engine::setCacheCapacity(size_t capacity) {
  std::lock_guard<CacheLock> lock(state->cacheLock);
  state->cacheCapacity = capacity;
  if (capacity > 0)
    state->evictDownTo(capacity);
}

size_t Engine::compilationCount() const {
  std::lock_guard<CacheLock> lock(state->cacheLock);
  return state->compilations;
}

mlir::MLIRContext *Engine::getContext() const {
  return state->module->getContext();
}
