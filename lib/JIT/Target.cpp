//===- Target.cpp - What the JIT compiles for -----------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Target.h"

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
