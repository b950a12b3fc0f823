//===- AheadOfTime.cpp - Object files that link with the runtime alone ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The JIT's lowering (Compiler.cpp), then LLVM's own: translation to LLVM IR,
// the same optimizer, and the code generator writing an object instead of
// ORC linking it. Position-independent code, so the object links into PIE
// executables and shared libraries alike.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/AheadOfTime.h"

#include "CHeader.h"
#include "Compiler.h"
#include "DiagnosticCapture.h"
#include "FunctionInfo.h"

#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <set>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// A target machine for the host's triple and `cpu` ("native": the host's
/// CPU and its features), emitting position-independent code.
std::unique_ptr<llvm::TargetMachine>
createObjectTargetMachine(const AheadOfTimeOptions &options) {
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    throw Error("scan-compile: no LLVM target for " + triple.str() + ": " +
                error);
  std::string cpu = options.cpu;
  std::string features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    for (const llvm::StringMapEntry<bool> &feature :
         llvm::sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") +
                  std::string(feature.second ? "+" : "-") +
                  feature.first().str();
  } else {
    std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
        target->createMCSubtargetInfo(triple, cpu, ""));
    if (!subtarget || !subtarget->isCPUStringValid(cpu))
      throw Error("scan-compile: '" + cpu + "' is not a CPU of " +
                  triple.str());
  }
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, codeGenOptLevel(options.optLevel)));
  if (!machine)
    throw Error("scan-compile: cannot create a target machine for " +
                triple.str());
  return machine;
}

/// Gives every definition but the `_mlir_ciface_` entry points of
/// `functionNames` internal linkage: objects of several modules then link
/// together, and the optimizer may drop what the entry points do not use.
void internalizeAllButEntryPoints(llvm::Module &module,
                                  const std::vector<std::string> &functionNames) {
  std::set<std::string> entryPoints;
  for (const std::string &name : functionNames)
    entryPoints.insert("_mlir_ciface_" + name);
  for (llvm::Function &function : module.functions())
    if (!function.isDeclaration() &&
        !entryPoints.count(function.getName().str()))
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : module.globals())
    if (!global.isDeclaration() && !global.getName().starts_with("llvm."))
      global.setLinkage(llvm::GlobalValue::InternalLinkage);
}

/// The public, defined functions of `module`, described for the header.
std::vector<FunctionInfo> describePublicFunctions(mlir::ModuleOp module) {
  std::vector<FunctionInfo> functions;
  for (auto func : module.getOps<mlir::func::FuncOp>())
    if (func.isPublic() && !func.isDeclaration())
      functions.push_back(describeFunction(func));
  return functions;
}

} // namespace

AheadOfTimeObject
scanjit::compileAheadOfTime(std::string_view source,
                            std::string_view bufferName,
                            const AheadOfTimeOptions &options) {
  initializeHostTarget();
  std::unique_ptr<llvm::TargetMachine> machine =
      createObjectTargetMachine(options);
  mlir::DialectRegistry registry;
  registerJITDialects(registry);
  mlir::MLIRContext context(registry);
  DiagnosticCapture diagnostics(&context);
  std::string name(bufferName);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          llvm::StringRef(source.data(), source.size()),
          mlir::ParserConfig(&context), name);
  if (!module)
    throw Error(diagnostics.messageWith("cannot parse " + name));
  if (mlir::failed(mlir::verify(*module)))
    throw Error(diagnostics.messageWith(name + " is invalid"));

  AheadOfTimeObject result;
  std::vector<FunctionInfo> functions = describePublicFunctions(*module);
  result.header = emitCHeader(functions, options.headerName, name);
  std::shared_ptr<const Target> target =
      options.target ? options.target : getDefaultCPUTarget();
  result.functionNames =
      lowerToLLVMDialect(*module, *target, options.stageDump, diagnostics);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(*module, llvmContext, name);
  if (!llvmModule)
    throw InternalCompilerError(diagnostics.messageWith(
        "internal compiler error: the lowered module does not translate to "
        "LLVM IR"));
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(machine->getTargetTriple());
  internalizeAllButEntryPoints(*llvmModule, result.functionNames);
  if (llvm::Error error = mlir::makeOptimizingTransformer(
          std::min(options.optLevel, 3u), /*sizeLevel=*/0,
          machine.get())(llvmModule.get()))
    throw Error("scan-compile: the optimizer failed: " +
                describe(std::move(error)));

  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream stream(object);
  llvm::legacy::PassManager codeGenerator;
  if (machine->addPassesToEmitFile(codeGenerator, stream, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    throw Error("scan-compile: " + machine->getTargetTriple().str() +
                " cannot emit object files");
  codeGenerator.run(*llvmModule);
  result.object.assign(object.begin(), object.end());
  return result;
}
