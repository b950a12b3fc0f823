//===- MatvecKernelTest.cpp - Per-step products against plain loops -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// RNN steps whose product with the state has a loop-invariant matrix, through
// the whole CPU pipeline both ways: as the generated register-blocked kernel
// (scan-pack-invariant-matvec) and as BLAS calls (the kernel turned off),
// against the recurrence written as a C++ loop in double. The sizes cover
// one partial block, exactly one block, whole blocks with a tail, and the
// f32 matvec (bias and tanh in the epilogue) and f64 vecmat (bias and a relu
// against a filled tensor, a zero-filled init) forms.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"
#include "scanjit/JIT/Target.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <tuple>

using namespace scanjit;

namespace {

/// W3 and W4 of the bench, h_t = tanh(W h_{t-1} + U x_t + b) in f32
/// (linalg.matvec) and its batched form tanh(h W + x U + b) (linalg.matmul
/// into the broadcast bias), read from their one copies; and
/// h_t = relu(h_{t-1} W + b) in f64 (linalg.vecmat into a zero-filled init).
std::string rnnSources() {
  std::string source;
  for (const char *name : {"rnn", "batched-rnn"}) {
    std::ifstream file(std::string(SCANJIT_WORKLOADS_DIR) + "/" + name +
                       ".mlir");
    EXPECT_TRUE(file.good()) << name;
    std::string text(std::istreambuf_iterator<char>(file), {});
    // Both define @rnn: the batched one becomes @batched_rnn.
    if (std::string(name) == "batched-rnn")
      text.replace(text.find("@rnn("), 5, "@batched_rnn(");
    source += text + "\n";
  }
  return source + R"mlir(
func.func @relu_rnn(%h0: tensor<1x?xf64>, %W: tensor<?x?xf64>,
                    %b: tensor<?xf64>, %n: index) -> tensor<?x?xf64> {
  %r = scan.scan n_steps(%n : index)
      outputs(%h0 : tensor<1x?xf64> -> tensor<?x?xf64>)
      non_sequences(%W : tensor<?x?xf64>, %b : tensor<?xf64>) {
  ^bb0(%h: tensor<?xf64>, %w: tensor<?x?xf64>, %bb: tensor<?xf64>):
    %c0 = arith.constant 0 : index
    %d = tensor.dim %bb, %c0 : tensor<?xf64>
    %e = tensor.empty(%d) : tensor<?xf64>
    %zero = arith.constant 0.0 : f64
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
    %y = linalg.vecmat ins(%h, %w : tensor<?xf64>, tensor<?x?xf64>)
        outs(%z : tensor<?xf64>) -> tensor<?xf64>
    %s = arith.addf %y, %bb : tensor<?xf64>
    %relu = arith.maximumf %s, %z : tensor<?xf64>
    scan.yield %relu : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}
)mlir";
}

template <typename T>
std::vector<T> randomValues(size_t count, double scale, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> distribution(-scale, scale);
  std::vector<T> values(count);
  for (T &value : values)
    value = static_cast<T>(distribution(generator));
  return values;
}

/// (hidden size, whether the generated kernel is on).
using KernelParam = std::tuple<int64_t, bool>;

class MatvecKernelTest : public ::testing::TestWithParam<KernelParam> {
protected:
  void SetUp() override {
    CPUPipelineOptions pipeline;
    if (!std::get<1>(GetParam()))
      pipeline.matvecKernelMaxElements = 0;
    EngineOptions options;
    options.target = std::make_shared<CPUTarget>(pipeline);
    options.stageDump = &stages;
    engine = Engine::fromSource(rnnSources(), options);
  }

  /// Whether the code compiled so far has the generated kernel.
  bool usedKernel() {
    return stages.str().find("vector.fma") != std::string::npos;
  }

  std::string stageText;
  llvm::raw_string_ostream stages{stageText};
  std::unique_ptr<Engine> engine;
};

TEST_P(MatvecKernelTest, TanhRnnMatchesALoop) {
  auto [hidden, kernel] = GetParam();
  constexpr int64_t steps = 12, inputs = 5;
  std::vector<float> x = randomValues<float>(steps * inputs, 1.0, 1);
  std::vector<float> h0 = randomValues<float>(hidden, 1.0, 2);
  std::vector<float> w =
      randomValues<float>(hidden * hidden, 1.5 / std::sqrt(hidden), 3);
  std::vector<float> u = randomValues<float>(hidden * inputs, 0.5, 4);
  std::vector<float> b = randomValues<float>(hidden, 0.5, 5);
  std::vector<Array> results =
      engine->function("rnn")({Array::view(x.data(), {steps, inputs}),
                               Array::view(h0.data(), {1, hidden}),
                               Array::view(w.data(), {hidden, hidden}),
                               Array::view(u.data(), {hidden, inputs}),
                               Array::view(b.data(), {hidden})});
  EXPECT_EQ(usedKernel(), kernel);
  ASSERT_EQ(results[0].shape(), (Shape{steps, hidden}));

  std::vector<double> h(h0.begin(), h0.end()), next(hidden);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t i = 0; i < hidden; ++i) {
      double sum = b[i];
      for (int64_t j = 0; j < hidden; ++j)
        sum += double(w[i * hidden + j]) * h[j];
      for (int64_t j = 0; j < inputs; ++j)
        sum += double(u[i * inputs + j]) * x[t * inputs + j];
      next[i] = std::tanh(sum);
    }
    h = next;
    for (int64_t i = 0; i < hidden; ++i)
      ASSERT_NEAR(results[0].at<float>({t, i}), h[i], 3e-5)
          << "step " << t << ", unit " << i;
  }
}

TEST_P(MatvecKernelTest, ReluVecmatRnnMatchesALoop) {
  auto [hidden, kernel] = GetParam();
  constexpr int64_t steps = 9;
  std::vector<double> h0 = randomValues<double>(hidden, 1.0, 6);
  std::vector<double> w =
      randomValues<double>(hidden * hidden, 1.5 / std::sqrt(hidden), 7);
  std::vector<double> b = randomValues<double>(hidden, 0.5, 8);
  std::vector<Array> results = engine->function("relu_rnn")(
      {Array::view(h0.data(), {1, hidden}),
       Array::view(w.data(), {hidden, hidden}), Array::view(b.data(), {hidden}),
       Array::scalar<int64_t>(steps)});
  EXPECT_EQ(usedKernel(), kernel);
  ASSERT_EQ(results[0].shape(), (Shape{steps, hidden}));

  std::vector<double> h = h0, next(hidden);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t j = 0; j < hidden; ++j) {
      double sum = b[j];
      for (int64_t i = 0; i < hidden; ++i)
        sum += h[i] * w[i * hidden + j];
      next[j] = std::max(sum, 0.0);
    }
    h = next;
    for (int64_t j = 0; j < hidden; ++j)
      ASSERT_NEAR(results[0].at<double>({t, j}), h[j], 1e-12)
          << "step " << t << ", unit " << j;
  }
}

TEST_P(MatvecKernelTest, BatchedTanhRnnMatchesALoop) {
  // A batch of 6: one pass of 4 rows, then 2.
  auto [hidden, kernel] = GetParam();
  constexpr int64_t steps = 7, batch = 6;
  std::vector<float> x = randomValues<float>(steps * batch * hidden, 1.0, 11);
  std::vector<float> h0 = randomValues<float>(batch * hidden, 1.0, 12);
  std::vector<float> w =
      randomValues<float>(hidden * hidden, 1.5 / std::sqrt(hidden), 13);
  std::vector<float> u =
      randomValues<float>(hidden * hidden, 1.0 / std::sqrt(hidden), 14);
  std::vector<float> b = randomValues<float>(hidden, 0.5, 15);
  std::vector<Array> results = engine->function("batched_rnn")(
      {Array::view(x.data(), {steps, batch, hidden}),
       Array::view(h0.data(), {1, batch, hidden}),
       Array::view(w.data(), {hidden, hidden}),
       Array::view(u.data(), {hidden, hidden}),
       Array::view(b.data(), {hidden})});
  EXPECT_EQ(usedKernel(), kernel);
  ASSERT_EQ(results[0].shape(), (Shape{steps, batch, hidden}));

  std::vector<double> h(h0.begin(), h0.end()), next(batch * hidden);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t r = 0; r < batch; ++r)
      for (int64_t j = 0; j < hidden; ++j) {
        double sum = b[j];
        for (int64_t i = 0; i < hidden; ++i)
          sum += h[r * hidden + i] * double(w[i * hidden + j]) +
                 double(x[(t * batch + r) * hidden + i]) *
                     double(u[i * hidden + j]);
        next[r * hidden + j] = std::tanh(sum);
      }
    h = next;
    for (int64_t r = 0; r < batch; ++r)
      for (int64_t j = 0; j < hidden; ++j)
        ASSERT_NEAR(results[0].at<float>({t, r, j}), h[r * hidden + j], 3e-5)
            << "step " << t << ", row " << r << ", unit " << j;
  }
}

// A block is 8 vectors of 64 bytes: 128 f32 or 64 f64 outputs (a matmul's,
// 4 vectors: 64 f32). 1, 3, 17: one short block; 64: one f64 block, one
// matmul block; 96: one f32 block, an f64 block and a tail; 200 and 300:
// whole blocks and a tail in every form.
INSTANTIATE_TEST_SUITE_P(
    Sizes, MatvecKernelTest,
    ::testing::Combine(::testing::Values(1, 3, 17, 64, 96, 200, 300),
                       ::testing::Bool()),
    [](const ::testing::TestParamInfo<KernelParam> &info) {
      return "hidden" + std::to_string(std::get<0>(info.param)) +
             (std::get<1>(info.param) ? "_kernel" : "_blas");
    });

} // namespace
