//===- ScanExecutionTest.cpp - Compiled scans against plain loops ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan.scan through the whole CPU pipeline and the JIT, checked against the
// same recurrence written as a C++ loop: a running sum with its full history
// (zero, one and many steps), A**k with only the last step used (whose heap
// must not grow with k: scan-save-mem keeps one step). (The RNN, with its
// products as generated kernels and as BLAS calls, is MatvecKernelTest's.)
// Every buffer the compiled code allocates is freed once the results are
// gone.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"

#include "scanjit/Runtime/CPURuntime.h"

#include "gtest/gtest.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>

using namespace scanjit;

namespace {

/// W1 and W2 of the bench (cumsum, power), read from their one copy in
/// test/Integration/Workloads/ into one module.
std::string workloadsSource() {
  std::string source;
  for (const char *name : {"cumsum", "power"}) {
    std::ifstream file(std::string(SCANJIT_WORKLOADS_DIR) + "/" + name +
                       ".mlir");
    EXPECT_TRUE(file.good()) << name;
    source += std::string(std::istreambuf_iterator<char>(file), {}) + "\n";
  }
  return source;
}

/// x_t = 0.5 x_{t-2} + x_{t-1} + 1 of which only the last `k` steps are
/// read (scan-save-mem keeps `last k`).
std::string recurrenceLastSource(int64_t k) {
  std::string size = std::to_string(k);
  return R"mlir(
func.func @recurrence(%init: tensor<2xf64>, %n: index) -> tensor<)mlir" +
         size + R"mlir(xf64> {
  %r = scan.scan n_steps(%n : index)
      outputs(%init taps [-2, -1] : tensor<2xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %half = arith.constant dense<0.5> : tensor<f64>
    %one = arith.constant dense<1.0> : tensor<f64>
    %s = arith.mulf %a, %half : tensor<f64>
    %s2 = arith.addf %s, %b : tensor<f64>
    %s3 = arith.addf %s2, %one : tensor<f64>
    scan.yield %s3 : tensor<f64>
  }
  %c0 = arith.constant 0 : index
  %k = arith.constant )mlir" +
         size + R"mlir( : index
  %len = tensor.dim %r, %c0 : tensor<?xf64>
  %first = arith.subi %len, %k : index
  %last = tensor.extract_slice %r[%first] [)mlir" +
         size + R"mlir(] [1] : tensor<?xf64> to tensor<)mlir" + size +
         R"mlir(xf64>
  return %last : tensor<)mlir" +
         size + R"mlir(xf64>
})mlir";
}

class ScanExecutionTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    engine = Engine::fromSource(workloadsSource()).release();
  }
  static void TearDownTestSuite() {
    delete engine;
    engine = nullptr;
  }

  static Engine *engine;
};

Engine *ScanExecutionTest::engine = nullptr;

TEST_F(ScanExecutionTest, RunningSumKeepsEveryStep) {
  EngineFunction cumsum = engine->function("cumsum");
  for (int64_t steps : {0, 1, 7, 1000}) {
    std::vector<double> input(steps);
    for (int64_t t = 0; t < steps; ++t)
      input[t] = 0.25 * static_cast<double>(t % 13) - 1.0;
    std::vector<Array> results =
        cumsum({Array::view(input.data(), Shape{steps})});
    ASSERT_EQ(results[0].shape(), Shape{steps});
    double sum = 0;
    for (int64_t t = 0; t < steps; ++t) {
      sum += input[t];
      EXPECT_EQ(results[0].at<double>({t}), sum) << "step " << t;
    }
  }
}

TEST_F(ScanExecutionTest, PowerHoldsOneStepWhateverK) {
  EngineFunction power = engine->function("power");
  Array base{1.0, 0.5, -1.0, 1.001, 2.0, 0.0, -0.5, 1.1, 0.9, 1.0};
  std::vector<int64_t> peaks;
  for (int64_t k : {1, 3, 1000, 100000}) {
    int64_t before = runtime::liveAllocatedBytes();
    runtime::resetPeakAllocatedBytes();
    std::vector<Array> results = power({base, Array::scalar(k)});
    peaks.push_back(runtime::peakAllocatedBytes() - before);
    for (int64_t i = 0; i < 10; ++i) {
      double expected = 1.0;
      for (int64_t step = 0; step < k; ++step)
        expected *= base.at<double>({i});
      EXPECT_EQ(results[0].at<double>({i}), expected)
          << "k = " << k << ", element " << i;
    }
  }
  // One step of ten doubles and the result: far below the 800 KB a full
  // history of 1e5 steps would take, and the same for every k.
  EXPECT_LT(peaks.back(), 1024);
  for (int64_t peak : peaks)
    EXPECT_EQ(peak, peaks.front());
}

TEST_F(ScanExecutionTest, LastStepsOfATwoTapRecurrence) {
  // x_t = 0.5 x_{t-2} + x_{t-1} + 1 with only its last k steps read: one
  // ring of max(2, k) rows holds the taps and the result, rotated into order
  // at the end, for every phase of the ring.
  Array init{0.25, -1.0};
  for (int64_t k : {1, 3, 5}) {
    std::unique_ptr<Engine> recurrence =
        Engine::fromSource(recurrenceLastSource(k));
    EngineFunction last = recurrence->function("recurrence");
    for (int64_t steps : {k, k + 1, k + 2, int64_t{11}, int64_t{12}}) {
      std::vector<double> history = {0.25, -1.0};
      for (int64_t t = 0; t < steps; ++t)
        history.push_back(0.5 * history[t] + history[t + 1] + 1.0);
      std::vector<Array> results =
          last({init, Array::scalar(int64_t{steps})});
      ASSERT_EQ(results[0].shape(), Shape{k});
      for (int64_t i = 0; i < k; ++i)
        EXPECT_EQ(results[0].at<double>({i}),
                  history[history.size() - k + i])
            << "k = " << k << ", " << steps << " steps, element " << i;
    }
  }
}

TEST_F(ScanExecutionTest, EveryBufferIsFreed) {
  EngineFunction cumsum = engine->function("cumsum");
  EngineFunction power = engine->function("power");
  int64_t before = runtime::liveAllocatedBytes();
  {
    std::vector<Array> sums = cumsum({Array::full(DType::F64, {500}, 1.0)});
    std::vector<Array> powers =
        power({Array::full(DType::F64, {10}, 2.0), Array::scalar(int64_t{5})});
    EXPECT_GE(runtime::liveAllocatedBytes() - before, 500 * 8 + 10 * 8);
  }
  EXPECT_EQ(runtime::liveAllocatedBytes(), before);
}

} // namespace
