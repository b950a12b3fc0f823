//===- Compiler.cpp - Tensor-level MLIR to native code --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Built like CIRCT's arcilator: mlir::ExecutionEngine with an optimization
// level and the host's CPU features, every llvm::Error handled with
// llvm::handleAllErrors and turned into a scanjit::Error, and the runtime's
// symbols bound into the JIT with a symbol map (libc and libm come from the
// process).
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"

#include "DiagnosticCapture.h"

#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/InitScanJIT.h"
#include "scanjit/JIT/Target.h"
#include "scanjit/Runtime/CPURuntime.h"
#include "scanjit/Support/Error.h"
#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// Set by an atexit handler that the first compilation registers. Static
/// destructors run in the reverse order of construction, interleaved with
/// atexit handlers: an engine kept in a static (a cached Function, say) may
/// be destroyed after LLVM's own statics, and tearing down its JIT then
/// crashes. Engines destroyed once the process is exiting leave their code
/// to the operating system instead.
std::atomic<bool> processExiting{false};

/// Engines left alive at exit, reachable so that leak checkers do not count
/// them.
std::vector<mlir::ExecutionEngine *> *engineLeftAtExit =
    new std::vector<mlir::ExecutionEngine *>();
std::mutex leftAtExitMutex;

} // namespace

void scanjit::detail::initializeHostTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    std::atexit([] { processExiting = true; });
  });
}

std::string scanjit::detail::describe(llvm::Error error) {
  std::string message;
  llvm::handleAllErrors(std::move(error), [&](const llvm::ErrorInfoBase &info) {
    if (!message.empty())
      message += "; ";
    message += info.message();
  });
  return message;
}

llvm::CodeGenOptLevel scanjit::detail::codeGenOptLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

namespace {

/// Asks convert-func-to-llvm for a `_mlir_ciface_` wrapper of every public
/// function, the interface lib/JIT calls, and returns their names.
std::vector<std::string> requestCInterfaces(mlir::ModuleOp module) {
  mlir::MLIRContext *context = module.getContext();
  std::vector<std::string> names;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func.isPublic() || func.isDeclaration())
      continue;
    func->setAttr(mlir::LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  mlir::UnitAttr::get(context));
    names.push_back(func.getSymName().str());
  }
  return names;
}

/// Expands the program's gradient requests (scan-differentiate), before any
/// target's pipeline: a request it cannot expand (an op without a rule, a
/// random draw on the way through a scan) is an error of the program, not
/// of the compiler.
void expandGradients(mlir::ModuleOp module,
                     const DiagnosticCapture &diagnostics) {
  bool requests = false;
  module.walk([&](scanjit::scan::GradOp) {
    requests = true;
    return mlir::WalkResult::interrupt();
  });
  if (!requests)
    return;
  mlir::PassManager pm(module.getContext(), mlir::ModuleOp::getOperationName());
  pm.addPass(scanjit::scan::createScanDifferentiatePass());
  if (mlir::failed(pm.run(module)))
    throw Error(
        diagnostics.messageWith("grad: the backward program cannot be built"));
}

void runPipeline(mlir::ModuleOp module, const Target &target,
                 llvm::raw_ostream *stageDump,
                 const DiagnosticCapture &diagnostics) {
  for (const TargetStage &stage : target.getPipelineStages()) {
    mlir::PassManager pm(module.getContext(),
                         mlir::ModuleOp::getOperationName());
    stage.build(pm);
    // The module verified before the pipeline ran, and every static rule
    // of the user's program is checked before (by the frontend, the
    // verifier) or after (run-time checks): a failing pass is a compiler
    // bug.
    if (mlir::failed(pm.run(module)))
      throw InternalCompilerError(diagnostics.messageWith(
          "internal compiler error: stage '" + stage.name + "' of the " +
          target.getName().str() +
          " pipeline failed on a valid module (please report "
          "it, with the module)"));
    if (stageDump) {
      *stageDump << "// -----// IR after stage " << stage.name
                 << " //----- //\n";
      module.print(*stageDump);
      *stageDump << "\n";
      stageDump->flush();
    }
  }
}

/// Throws unless every function the lowered module declares but does not
/// define is a runtime function or a symbol of the process (libc, libm):
/// the JIT would fail to link it, and report it only on stderr.
void checkExternalFunctions(mlir::ModuleOp module, const Target &target) {
  llvm::sys::DynamicLibrary process =
      llvm::sys::DynamicLibrary::getPermanentLibrary(nullptr);
  std::vector<std::string> missing;
  for (auto func : module.getOps<mlir::LLVM::LLVMFuncOp>()) {
    if (!func.isExternal())
      continue;
    std::string name = func.getSymName().str();
    bool inRuntime = llvm::any_of(target.getRuntimeSymbols(),
                                  [&](const runtime::RuntimeSymbol &symbol) {
                                    return name == symbol.name;
                                  });
    if (!inRuntime && !process.getAddressOfSymbol(name.c_str()))
      missing.push_back("@" + name);
  }
  if (missing.empty())
    return;
  std::string list;
  for (const std::string &name : missing)
    list += (list.empty() ? "" : ", ") + name;
  throw Error("failed to compile: the module calls " + list +
              ", which neither the runtime nor the process defines");
}

/// Binds the runtime functions of `target` into the JIT.
llvm::orc::SymbolMap runtimeSymbols(const Target &target,
                                    llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap symbols;
  for (const runtime::RuntimeSymbol &symbol : target.getRuntimeSymbols())
    symbols[interner(symbol.name)] = {
        llvm::orc::ExecutorAddr::fromPtr(symbol.address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  return symbols;
}

} // namespace

scanjit::detail::CompiledModule::~CompiledModule() {
  if (!processExiting || !executionEngine)
    return;
  std::lock_guard<std::mutex> lock(leftAtExitMutex);
  engineLeftAtExit->push_back(executionEngine.release());
}

void scanjit::detail::registerJITDialects(mlir::DialectRegistry &registry) {
  scanjit::registerAllDialects(registry);
}

void scanjit::detail::loadCompilerDialects(mlir::MLIRContext *context,
                                           const EngineOptions &options) {
  std::shared_ptr<const Target> target =
      options.target ? options.target : getDefaultCPUTarget();
  mlir::PassManager pm(context, mlir::ModuleOp::getOperationName());
  pm.addPass(createScanSpecializeShapesPass());
  pm.addPass(scanjit::scan::createScanDifferentiatePass());
  for (const TargetStage &stage : target->getPipelineStages())
    stage.build(pm);
  mlir::DialectRegistry dependentDialects;
  pm.getDependentDialects(dependentDialects);
  context->appendDialectRegistry(dependentDialects);
  for (llvm::StringRef name : dependentDialects.getDialectNames())
    context->getOrLoadDialect(name);
}

std::vector<std::string>
scanjit::detail::lowerToLLVMDialect(mlir::ModuleOp module, const Target &target,
                                    llvm::raw_ostream *stageDump,
                                    const DiagnosticCapture &diagnostics) {
  std::vector<std::string> functionNames = requestCInterfaces(module);
  expandGradients(module, diagnostics);
  runPipeline(module, target, stageDump, diagnostics);
  checkExternalFunctions(module, target);
  return functionNames;
}

std::unique_ptr<CompiledModule>
scanjit::detail::compileModule(mlir::ModuleOp module,
                               const EngineOptions &options) {
  initializeHostTarget();
  DiagnosticCapture diagnostics(module.getContext());
  std::shared_ptr<const Target> target =
      options.target ? options.target : getDefaultCPUTarget();
  std::vector<std::string> functionNames =
      lowerToLLVMDialect(module, *target, options.stageDump, diagnostics);

  llvm::Expected<llvm::orc::JITTargetMachineBuilder> targetBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!targetBuilder)
    throw Error("failed to compile: cannot detect the host target: " +
                describe(targetBuilder.takeError()));
  targetBuilder->setCodeGenOptLevel(codeGenOptLevel(options.optLevel));
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> targetMachine =
      targetBuilder->createTargetMachine();
  if (!targetMachine)
    throw Error("failed to compile: cannot create a target machine: " +
                describe(targetMachine.takeError()));

  // The optimizer tunes for the target machine, which the execution engine
  // then owns (and keeps alive while the transformer runs).
  std::function<llvm::Error(llvm::Module *)> optimizer =
      mlir::makeOptimizingTransformer(std::min(options.optLevel, 3u),
                                      /*sizeLevel=*/0, targetMachine->get());
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimizer;
  engineOptions.jitCodeGenOptLevel = codeGenOptLevel(options.optLevel);
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>> engine =
      mlir::ExecutionEngine::create(module, engineOptions,
                                    std::move(*targetMachine));
  if (!engine)
    throw InternalCompilerError(diagnostics.messageWith(
        "internal compiler error: the lowered module does not translate to "
        "LLVM IR: " +
        describe(engine.takeError())));
  auto compiled = std::make_unique<CompiledModule>();
  compiled->executionEngine = std::move(*engine);
  compiled->executionEngine->registerSymbols(
      [&](llvm::orc::MangleAndInterner interner) {
        return runtimeSymbols(*target, interner);
      });

  // Looking the entry points up links the code; an unresolved symbol is an
  // error here. (ExecutionEngine::initialize, which runs global
  // constructors, would abort on it instead, so it comes after.)
  for (const std::string &name : functionNames) {
    llvm::Expected<void (*)(void **)> entryPoint =
        compiled->executionEngine->lookupPacked("_mlir_ciface_" + name);
    if (!entryPoint)
      throw Error("failed to compile: cannot link @" + name + ": " +
                  describe(entryPoint.takeError()));
    compiled->entryPoints[name] = *entryPoint;
  }
  if (!functionNames.empty()) {
    // Global constructors load the module's GPU kernels (the CUDA target):
    // a missing driver or a kernel the driver rejects is reported here.
    runtime::clearPendingError();
    compiled->executionEngine->initialize();
    if (std::optional<std::string> error = runtime::takePendingError())
      throw Error("failed to load the compiled code: " + *error);
  }
  return compiled;
}
