//===- Target.cpp - What the JIT compiles for -----------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Target.h"

#include "scanjit/Runtime/CUDARuntime.h"
#include "scanjit/Support/Error.h"

#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace scanjit;

Target::~Target() = default;

CPUTarget::CPUTarget(const CPUPipelineOptions &options) {
  this->options.copyOptionValuesFrom(options);
}

std::vector<TargetStage> CPUTarget::getPipelineStages() const {
  std::vector<TargetStage> stages;
  for (const PipelineStage &stage : getCPUPipelineStages())
    stages.push_back({stage.name.str(),
                      [this, build = stage.build](mlir::OpPassManager &pm) {
                        build(pm, options);
                      }});
  return stages;
}

std::span<const runtime::RuntimeSymbol> CPUTarget::getRuntimeSymbols() const {
  return runtime::getRuntimeSymbols();
}

std::shared_ptr<const Target> scanjit::getDefaultCPUTarget() {
  static const std::shared_ptr<const Target> target =
      std::make_shared<CPUTarget>();
  return target;
}

CUDATarget::CUDATarget(const CUDAPipelineOptions &options) {
  this->options.copyOptionValuesFrom(options);
}

std::vector<TargetStage> CUDATarget::getPipelineStages() const {
  std::vector<TargetStage> stages;
  for (const CUDAPipelineStage &stage : getCUDAPipelineStages())
    stages.push_back({stage.name.str(),
                      [this, build = stage.build](mlir::OpPassManager &pm) {
                        build(pm, options);
                      }});
  return stages;
}

std::span<const runtime::RuntimeSymbol> CUDATarget::getRuntimeSymbols() const {
  // Host code calls both runtimes: the CPU's heap and errors, CUDA's mgpu*.
  static const std::vector<runtime::RuntimeSymbol> symbols = [] {
    std::vector<runtime::RuntimeSymbol> all(
        runtime::getRuntimeSymbols().begin(),
        runtime::getRuntimeSymbols().end());
    all.insert(all.end(), runtime::getCUDARuntimeSymbols().begin(),
               runtime::getCUDARuntimeSymbols().end());
    return all;
  }();
  return symbols;
}

std::shared_ptr<const Target> scanjit::getDefaultCUDATarget() {
  static const std::shared_ptr<const Target> target =
      std::make_shared<CUDATarget>();
  return target;
}

namespace {

/// `T` (a pipeline's options) parsed from `text`, or an Error naming what
/// the pipeline does not take.
template <typename T>
std::unique_ptr<T> parsePipelineOptions(llvm::StringRef target,
                                        llvm::StringRef text) {
  auto options = std::make_unique<T>();
  std::string message;
  llvm::raw_string_ostream errors(message);
  if (mlir::failed(options->parseFromString(text, errors)))
    throw Error("invalid options for the " + target.str() + " pipeline '" +
                text.str() + "': " +
                (message.empty() ? std::string("a value it does not take")
                                 : llvm::StringRef(message).trim().str()));
  return options;
}

} // namespace

std::shared_ptr<const Target>
scanjit::makeTarget(llvm::StringRef name, llvm::StringRef pipelineOptions) {
  if (name == "cpu")
    return pipelineOptions.empty()
               ? getDefaultCPUTarget()
               : std::make_shared<CPUTarget>(
                     *parsePipelineOptions<CPUPipelineOptions>(
                         name, pipelineOptions));
  if (name == "cuda")
    return pipelineOptions.empty()
               ? getDefaultCUDATarget()
               : std::make_shared<CUDATarget>(
                     *parsePipelineOptions<CUDAPipelineOptions>(
                         name, pipelineOptions));
  throw Error("unknown target '" + name.str() + "' (targets: cpu, cuda)");
}
