//===- TargetTest.cpp - Targets and their typed pipeline options ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The JIT compiles through the pipeline of the Target it is given; the CPU
// target's pipeline takes typed options, and a bad option is an error.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"
#include "scanjit/JIT/Target.h"

#include "ErrorMatchers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>

using namespace scanjit;
using scanjit::testing::contains;

namespace {

constexpr const char *kMatvec = R"mlir(
func.func @matvec(%a: tensor<4x4xf64>, %x: tensor<4xf64>) -> tensor<4xf64> {
  %zero = arith.constant 0.0 : f64
  %empty = tensor.empty() : tensor<4xf64>
  %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<4xf64>) -> tensor<4xf64>
  %y = linalg.matvec ins(%a, %x : tensor<4x4xf64>, tensor<4xf64>) outs(%init : tensor<4xf64>) -> tensor<4xf64>
  return %y : tensor<4xf64>
}
)mlir";

/// Runs @matvec on a fixed matrix and vector through `target`, returning the
/// result and (in `stages`) the IR after each stage.
Array runMatvec(std::shared_ptr<const Target> target, std::string &stages) {
  llvm::raw_string_ostream dump(stages);
  EngineOptions options;
  options.target = std::move(target);
  options.stageDump = &dump;
  auto engine = Engine::fromSource(kMatvec, options);
  Array a = Array::zeros(DType::F64, {4, 4});
  Array x = Array::zeros(DType::F64, {4});
  for (int64_t i = 0; i < 4; ++i) {
    x.at<double>({i}) = static_cast<double>(i + 1);
    for (int64_t j = 0; j < 4; ++j)
      a.at<double>({i, j}) = static_cast<double>(i * 4 + j);
  }
  return engine->function("matvec")({a, x})[0];
}

TEST(TargetTest, CPUPipelineOptionsReachThePasses) {
  // Row i of A is 4i .. 4i + 3; with x = 1, 2, 3, 4, (Ax)_i = 40 i + 20.
  std::string loops, blas;
  Array byLoops = runMatvec(nullptr, loops);
  CPUPipelineOptions options;
  options.blasMinFlops = 16;
  Array byBLAS = runMatvec(std::make_shared<CPUTarget>(options), blas);
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(byLoops.at<double>({i}), 40.0 * i + 20.0);
    EXPECT_EQ(byBLAS.at<double>({i}), 40.0 * i + 20.0);
  }
  // 16 multiply-adds: loops by default, BLAS with the lowered threshold
  // (overwriting the output that was filled with zeros).
  EXPECT_FALSE(contains(loops, "scanjit_blas_matvec"));
  EXPECT_TRUE(contains(blas, "scanjit_blas_matvec_overwrite_f64"));
  EXPECT_TRUE(contains(blas, "IR after stage scan-lower-to-llvm"));
}

TEST(TargetTest, BadPipelineOptionIsAnErrorNotAnAbort) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  CPUPipelineOptions options;
  // (llvm::cl prints a bad value's message on stderr.)
  EXPECT_TRUE(failed(options.parseFromString("blas-min-flops=abc", os)));
  EXPECT_TRUE(failed(options.parseFromString("no-such-option=1", os)));
  EXPECT_TRUE(contains(errors, "no such option"));
  ASSERT_TRUE(succeeded(
      options.parseFromString("blas-min-flops=0 polynomial-tanh=false", os)));
  EXPECT_EQ(options.blasMinFlops, 0);
  EXPECT_FALSE(options.polynomialTanh);
  EXPECT_EQ(CPUTarget(options).getPipelineStages().size(), 3u);
}

/// A stand-in for a compiler bug that only static shapes trigger: fails on a
/// module whose functions take only statically shaped tensors.
struct FailOnStaticShapesPass
    : public mlir::PassWrapper<FailOnStaticShapesPass,
                               mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FailOnStaticShapesPass)
  void runOnOperation() override {
    for (auto func : getOperation().getOps<mlir::func::FuncOp>())
      for (mlir::Type type : func.getArgumentTypes())
        if (auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type))
          if (tensor.hasStaticShape()) {
            func.emitError("a static shape the pass mishandles");
            return signalPassFailure();
          }
  }
};

/// The CPU target with FailOnStaticShapesPass first.
class BuggyTarget : public CPUTarget {
public:
  std::vector<TargetStage> getPipelineStages() const override {
    std::vector<TargetStage> stages = CPUTarget::getPipelineStages();
    stages.insert(stages.begin(),
                  {"buggy", [](mlir::OpPassManager &pm) {
                     pm.addPass(std::make_unique<FailOnStaticShapesPass>());
                   }});
    return stages;
  }
};

TEST(TargetTest, ACompilerBugThatOnlyStaticShapesShowIsReported) {
  // The specialized module fails to compile; the generic one compiles and
  // runs without a run-time error of the user's, so the call reports an
  // internal compiler error instead of quietly running the generic code.
  EngineOptions options;
  options.target = std::make_shared<BuggyTarget>();
  auto engine = Engine::fromSource(R"mlir(
func.func @twice(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = arith.addf %x, %x : tensor<?xf64>
  return %y : tensor<?xf64>
}
)mlir",
                                   options);
  std::string message = scanjit::testing::errorMessageOf(
      [&] { engine->function("twice")({Array{1.0, 2.0}}); });
  EXPECT_TRUE(contains(message, "internal compiler error")) << message;
  EXPECT_TRUE(contains(message, "a static shape the pass mishandles"))
      << message;
}

} // namespace
