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
#include "llvm/IR/IRBuilder.h"
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
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
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

/// Adds, for each function, its packed entry point
/// `_mlir__mlir_ciface_<name>(void **arguments)` (what mlir::ExecutionEngine
/// generates: `arguments[i]` points to the i-th argument of the C interface,
/// a returned value is stored through the pointer after the last) and
/// `_scanjit_function_<name>`, its FunctionInfo as text: what
/// scanjit::LoadedLibrary calls a shared library of objects through.
void addPackedEntryPoints(llvm::Module &module,
                          llvm::ArrayRef<FunctionInfo> functions) {
  llvm::LLVMContext &context = module.getContext();
  auto *pointer = llvm::PointerType::getUnqual(context);
  for (const FunctionInfo &info : functions) {
    llvm::Function *entry = module.getFunction("_mlir_ciface_" + info.name);
    if (!entry)
      continue;
    auto *packed = llvm::Function::Create(
        llvm::FunctionType::get(llvm::Type::getVoidTy(context), {pointer},
                                false),
        llvm::GlobalValue::ExternalLinkage, "_mlir__mlir_ciface_" + info.name,
        module);
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", packed));
    llvm::Value *arguments = packed->getArg(0);
    llvm::SmallVector<llvm::Value *> values;
    for (auto [index, parameter] : llvm::enumerate(entry->args())) {
      llvm::Value *slot = builder.CreateConstGEP1_64(pointer, arguments, index);
      llvm::Value *address = builder.CreateLoad(pointer, slot);
      values.push_back(builder.CreateLoad(parameter.getType(), address));
    }
    llvm::Value *result = builder.CreateCall(entry, values);
    if (!entry->getReturnType()->isVoidTy()) {
      llvm::Value *slot =
          builder.CreateConstGEP1_64(pointer, arguments, entry->arg_size());
      builder.CreateStore(result, builder.CreateLoad(pointer, slot));
    }
    builder.CreateRetVoid();
    llvm::Constant *text = llvm::ConstantDataArray::getString(
        context, serializeFunctionInfo(info));
    new llvm::GlobalVariable(module, text->getType(), /*isConstant=*/true,
                             llvm::GlobalValue::ExternalLinkage, text,
                             "_scanjit_function_" + info.name);
  }
}

/// Gives every definition but the entry points of `functionNames` (the
/// C interface, the packed one, the description) internal linkage: objects
/// of several modules then link together, and the optimizer may drop what
/// the entry points do not use.
void internalizeAllButEntryPoints(
    llvm::Module &module, const std::vector<std::string> &functionNames) {
  std::set<std::string> entryPoints;
  for (const std::string &name : functionNames) {
    entryPoints.insert("_mlir_ciface_" + name);
    entryPoints.insert("_mlir__mlir_ciface_" + name);
    entryPoints.insert("_scanjit_function_" + name);
  }
  for (llvm::Function &function : module.functions())
    if (!function.isDeclaration() &&
        !entryPoints.count(function.getName().str()))
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : module.globals())
    if (!global.isDeclaration() && !global.getName().starts_with("llvm.") &&
        !entryPoints.count(global.getName().str()))
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
  addPackedEntryPoints(*llvmModule, functions);
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
