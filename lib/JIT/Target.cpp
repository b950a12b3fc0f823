//===- Target.cpp - What the JIT compiles for -----------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Target.h"

#include "scanjit/Runtime/CUDARuntime.h"
#include "scanjit/Support/Error.h"

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
    std::vector<runtime::RuntimeSymbol> all(runtime::getRuntimeSymbols().begin(),
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

std::shared_ptr<const Target> scanjit::getTargetByName(llvm::StringRef name) {
  if (name == "cpu")
    return getDefaultCPUTarget();
  if (name == "cuda")
    return getDefaultCUDATarget();
  throw Error("unknown target '" + name.str() + "' (targets: cpu, cuda)");
}
