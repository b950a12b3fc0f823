//===- Target.h - What the JIT compiles for ---------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A Target owns the pipeline that lowers a tensor-level module (scan.scan
// and upstream ops) to the LLVM dialect, and the runtime symbols the lowered
// code links against. The JIT (lib/JIT) runs the stages of the target it is
// given, translates to LLVM IR and links with those symbols: a second target
// (CUDA: kernels outlined to NVVM and embedded, a CUDA runtime) plugs in
// here without touching the engine.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_TARGET_H
#define SCANJIT_JIT_TARGET_H

#include "scanjit/Pipelines/CPUPipeline.h"
#include "scanjit/Pipelines/CUDAPipeline.h"
#include "scanjit/Runtime/CPURuntime.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace scanjit {

/// One stage of a target's pipeline, with its options bound.
struct TargetStage {
  /// The stage's name (the pipeline scan-opt registers it under).
  std::string name;
  /// Adds the stage's passes to a pass manager on builtin.module.
  std::function<void(mlir::OpPassManager &)> build;
};

/// What the JIT compiles for: a pipeline and a runtime.
class Target {
public:
  virtual ~Target();

  /// The target's name, for messages ("cpu").
  virtual llvm::StringRef getName() const = 0;
  /// The stages that lower a verified tensor-level module to the LLVM
  /// dialect, in order (each may be printed on its own: scan-run
  /// --dump-stages).
  virtual std::vector<TargetStage> getPipelineStages() const = 0;
  /// The runtime functions the lowered code may call, bound into the JIT.
  virtual std::span<const runtime::RuntimeSymbol> getRuntimeSymbols() const = 0;
};

/// The host CPU: the CPU pipeline (lib/Pipelines) and runtime/cpu.
class CPUTarget : public Target {
public:
  /// The CPU target with the pipeline's default options.
  CPUTarget() = default;
  /// The CPU target with `options` for its pipeline.
  explicit CPUTarget(const CPUPipelineOptions &options);

  llvm::StringRef getName() const override { return "cpu"; }
  std::vector<TargetStage> getPipelineStages() const override;
  std::span<const runtime::RuntimeSymbol> getRuntimeSymbols() const override;

  /// The options of the pipeline.
  const CPUPipelineOptions &getOptions() const { return options; }

private:
  CPUPipelineOptions options;
};

/// The CPU target with default options, shared.
std::shared_ptr<const Target> getDefaultCPUTarget();

/// An NVIDIA GPU through the CUDA driver: the CUDA pipeline's host-loop
/// schedule (lib/Pipelines) and runtime/cuda beside runtime/cpu. Compiling
/// needs no GPU; loading the kernels (when the compiled code is linked)
/// needs the driver, and its absence is a scanjit::Error "no CUDA driver
/// found".
class CUDATarget : public Target {
public:
  /// The CUDA target with the pipeline's default options (sm_80 PTX).
  CUDATarget() = default;
  /// The CUDA target with `options` for its pipeline.
  explicit CUDATarget(const CUDAPipelineOptions &options);

  llvm::StringRef getName() const override { return "cuda"; }
  std::vector<TargetStage> getPipelineStages() const override;
  std::span<const runtime::RuntimeSymbol> getRuntimeSymbols() const override;

  /// The options of the pipeline.
  const CUDAPipelineOptions &getOptions() const { return options; }

private:
  CUDAPipelineOptions options;
};

/// The CUDA target with default options, shared.
std::shared_ptr<const Target> getDefaultCUDATarget();

/// The target named `name` ("cpu" or "cuda") with its pipeline's options
/// parsed from `pipelineOptions` ("blas-min-flops=0", "chip=sm_90
/// schedule=persistent"; empty: the defaults). Throws scanjit::Error for
/// another name or options the pipeline does not take.
std::shared_ptr<const Target> makeTarget(llvm::StringRef name,
                                         llvm::StringRef pipelineOptions = "");

} // namespace scanjit

#endif // SCANJIT_JIT_TARGET_H
