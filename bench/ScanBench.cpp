//===- ScanBench.cpp - ScanJIT against hand-written C++ ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The workloads of issue 3, each compiled by ScanJIT and run beside
// hand-written C++ baselines in the same process; the table at the end gives
// the ratios. BLAS runs on one thread everywhere.
//
//   W1  cumulative sum over 1e7 f64 steps, full history
//   W2  A**k, |A| = 10, k = 1e7, only the last value used (peak memory too)
//   W3  RNN h_t = tanh(W h_{t-1} + U x_t + b), batch 1, H = 64 and 256,
//       T = 1e4, f32
//   W4  the same RNN with batch 32, H = 512, T = 200
//   W5  the call overhead of a 10-step scan
// W2 and W3 (H = 256) also run as built by the C++ frontend
// (scanjit/ScanJIT.h).
//
// The RNN baselines: "loop" calls OpenBLAS, adds the bias and applies a
// vectorised tanh (Eigen's rational approximation, the one ScanJIT uses for
// f32, in a loop GCC vectorizes; strict IEEE semantics elsewhere, no
// -ffast-math); "floor" makes the same BLAS calls and nothing else.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Array.h"
#include "scanjit/JIT/Engine.h"
#include "scanjit/ScanJIT.h"
#include "scanjit/Runtime/CPURuntime.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace scanjit;

namespace {

//===----------------------------------------------------------------------===//
// The compiled programs
//===----------------------------------------------------------------------===//

constexpr const char *kCumsumSource = R"mlir(
func.func @cumsum(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}
)mlir";

constexpr const char *kPowerSource = R"mlir(
func.func @power(%A: tensor<10xf64>, %k: i64) -> tensor<10xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ones = arith.constant dense<1.0> : tensor<1x10xf64>
  %r = scan.scan n_steps(%k : i64)
      outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64>)
      non_sequences(%A : tensor<10xf64>) {
  ^bb0(%prior: tensor<10xf64>, %a: tensor<10xf64>):
    %p = arith.mulf %prior, %a : tensor<10xf64>
    scan.yield %p : tensor<10xf64>
  }
  %n = tensor.dim %r, %c0 : tensor<?x10xf64>
  %last = arith.subi %n, %c1 : index
  %result = tensor.extract_slice %r[%last, 0] [1, 10] [1, 1]
      : tensor<?x10xf64> to tensor<10xf64>
  return %result : tensor<10xf64>
}
)mlir";

/// h_t = tanh(W h_{t-1} + U x_t + b) for one sequence (batch 1).
constexpr const char *kRnnSource = R"mlir(
func.func @rnn(%X: tensor<?x?xf32>, %h0: tensor<1x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?xf32>)
      outputs(%h0 : tensor<1x?xf32> -> tensor<?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>, %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?xf32>, %h: tensor<?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %y1 = linalg.matvec ins(%w, %h : tensor<?x?xf32>, tensor<?xf32>)
        outs(%bb : tensor<?xf32>) -> tensor<?xf32>
    %y2 = linalg.matvec ins(%u, %x : tensor<?x?xf32>, tensor<?xf32>)
        outs(%y1 : tensor<?xf32>) -> tensor<?xf32>
    %t = math.tanh %y2 : tensor<?xf32>
    scan.yield %t : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}
)mlir";

/// H_t = tanh(H_{t-1} W + X_t U + b) for a batch (rows of H_t).
constexpr const char *kBatchedRnnSource = R"mlir(
func.func @rnn(%X: tensor<?x?x?xf32>, %h0: tensor<1x?x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?x?xf32>)
      outputs(%h0 : tensor<1x?x?xf32> -> tensor<?x?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>, %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?x?xf32>, %h: tensor<?x?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %batch = tensor.dim %h, %c0 : tensor<?x?xf32>
    %hidden = tensor.dim %w, %c1 : tensor<?x?xf32>
    %empty = tensor.empty(%batch, %hidden) : tensor<?x?xf32>
    %bias = linalg.broadcast ins(%bb : tensor<?xf32>) outs(%empty : tensor<?x?xf32>)
        dimensions = [0]
    %y1 = linalg.matmul ins(%h, %w : tensor<?x?xf32>, tensor<?x?xf32>)
        outs(%bias : tensor<?x?xf32>) -> tensor<?x?xf32>
    %y2 = linalg.matmul ins(%x, %u : tensor<?x?xf32>, tensor<?x?xf32>)
        outs(%y1 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %t = math.tanh %y2 : tensor<?x?xf32>
    scan.yield %t : tensor<?x?xf32>
  }
  return %r : tensor<?x?x?xf32>
}
)mlir";

constexpr const char *kTenStepsSource = R"mlir(
func.func @cumsum10(%x: tensor<10xf64>) -> tensor<10xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan sequences(%x : tensor<10xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<10xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<10xf64>
}
)mlir";

/// The engines of the workloads, one per source; main() destroys them
/// before returning.
std::map<std::string, std::unique_ptr<Engine>> engines;

/// A compiled function of `source`, compiled once per process.
EngineFunction compile(const char *source, const char *name) {
  std::unique_ptr<Engine> &engine = engines[source];
  if (!engine)
    engine = Engine::fromSource(source);
  return engine->function(name);
}

std::vector<float> randomFloats(size_t n, float scale, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> values(n);
  for (float &v : values)
    v = dist(rng);
  return values;
}

//===----------------------------------------------------------------------===//
// W1: cumulative sum
//===----------------------------------------------------------------------===//

constexpr int64_t kCumsumSteps = 10'000'000;

void W1_ScanJIT(benchmark::State &state) {
  EngineFunction cumsum = compile(kCumsumSource, "cumsum");
  Array x = Array::full(DType::F64, {kCumsumSteps}, 0.5);
  for (auto _ : state) {
    std::vector<Array> out = cumsum({x});
    benchmark::DoNotOptimize(out[0].data());
  }
}

void W1_Loop(benchmark::State &state) {
  std::vector<double> x(kCumsumSteps, 0.5);
  for (auto _ : state) {
    std::unique_ptr<double[]> out(new double[kCumsumSteps]);
    double acc = 0;
    for (int64_t t = 0; t < kCumsumSteps; ++t)
      out[t] = acc += x[t];
    benchmark::DoNotOptimize(out.get());
  }
}

//===----------------------------------------------------------------------===//
// W2: A**k, only the last value
//===----------------------------------------------------------------------===//

void W2_ScanJIT(benchmark::State &state) {
  EngineFunction power = compile(kPowerSource, "power");
  Array a = Array::full(DType::F64, {10}, 1.0000001);
  Array k = Array::scalar<int64_t>(state.range(0));
  int64_t peak = 0;
  for (auto _ : state) {
    int64_t before = runtime::liveAllocatedBytes();
    runtime::resetPeakAllocatedBytes();
    std::vector<Array> out = power({a, k});
    peak = std::max(peak, runtime::peakAllocatedBytes() - before);
    benchmark::DoNotOptimize(out[0].data());
  }
  state.counters["peak_bytes"] = static_cast<double>(peak);
}

/// W2 built with the C++ frontend, as the tutorial writes it.
void W2_Frontend(benchmark::State &state) {
  Graph g;
  Var k = g.iscalar("k"), A = g.vector("A");
  ScanResult result =
      scan([](Var prior, Var a) { return prior * a; },
           {.outputs_info = {ones_like(A)}, .non_sequences = {A}, .n_steps = k});
  Function power = function({A, k}, {result.outputs[0][-1]});
  Array a = Array::full(DType::F64, {10}, 1.0000001);
  Array steps = Array::scalar(static_cast<int32_t>(state.range(0)));
  // The first call compiles; the timed ones reuse the code.
  power({a, steps});
  for (auto _ : state) {
    std::vector<Array> out = power({a, steps});
    benchmark::DoNotOptimize(out[0].data());
  }
}

void W2_Loop(benchmark::State &state) {
  std::vector<double> a(10, 1.0000001);
  int64_t k = state.range(0);
  for (auto _ : state) {
    std::vector<double> p(10, 1.0);
    for (int64_t step = 0; step < k; ++step)
      for (int j = 0; j < 10; ++j)
        p[j] *= a[j];
    benchmark::DoNotOptimize(p.data());
  }
}

//===----------------------------------------------------------------------===//
// W3 and W4: the RNN
//===----------------------------------------------------------------------===//

/// The step counts of W3 (batch 1) and W4 (batched), and W4's batch.
constexpr int64_t kRnnSteps = 10'000;
constexpr int64_t kBatchedSteps = 200;
constexpr int64_t kBatch = 32;

/// The inputs of an RNN run: T steps of batch B and H units (inputs of H
/// features).
struct RnnInputs {
  int64_t steps, batch, hidden;
  std::vector<float> x, h0, w, u, b;

  RnnInputs(int64_t steps, int64_t batch, int64_t hidden)
      : steps(steps), batch(batch), hidden(hidden),
        x(randomFloats(steps * batch * hidden, 1.0f, 1)),
        h0(randomFloats(batch * hidden, 1.0f, 2)),
        w(randomFloats(hidden * hidden, 1.0f / std::sqrt(hidden), 3)),
        u(randomFloats(hidden * hidden, 1.0f / std::sqrt(hidden), 4)),
        b(randomFloats(hidden, 0.1f, 5)) {}
};

/// tanh(x) for f32 as Eigen computes it: a ratio of polynomials in x*x on
/// [-8, 8], x itself near 0. Branch-free, so loops over it vectorize.
inline float vectorizableTanh(float x) {
  const float clamp = 7.99881172f;
  float c = x < -clamp ? -clamp : x;
  c = c > clamp ? clamp : c;
  float x2 = c * c;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 - 8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * c;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  float r = p / q;
  return std::fabs(x) < 0.0004f ? x : r;
}

/// The hand-written RNN: OpenBLAS for the products, then (unless `floor`)
/// the bias and tanh element by element. The floor writes each step's
/// products to the next row of the history and reads them back as h.
void runRnnBaseline(const RnnInputs &in, float *history, bool floor) {
  int64_t n = in.hidden, batch = in.batch, size = batch * n;
  std::vector<float> scratch(size);
  const float *h = in.h0.data();
  for (int64_t t = 0; t < in.steps; ++t) {
    float *out = history + t * size;
    float *y = floor ? out : scratch.data();
    if (!floor)
      for (int64_t r = 0; r < batch; ++r)
        std::memcpy(y + r * n, in.b.data(), n * sizeof(float));
    const float *x = in.x.data() + t * size;
    if (batch == 1) {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0f, in.w.data(), n, h,
                  1, floor ? 0.0f : 1.0f, y, 1);
      cblas_sgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0f, in.u.data(), n, x,
                  1, 1.0f, y, 1);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, n, n, 1.0f,
                  h, n, in.w.data(), n, floor ? 0.0f : 1.0f, y, n);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, n, n, 1.0f,
                  x, n, in.u.data(), n, 1.0f, y, n);
    }
    if (!floor)
      for (int64_t i = 0; i < size; ++i)
        out[i] = vectorizableTanh(y[i]);
    h = out;
  }
}

void rnnScanJIT(benchmark::State &state, int64_t steps, int64_t batch) {
  int64_t hidden = state.range(0);
  RnnInputs in(steps, batch, hidden);
  bool batched = batch > 1;
  EngineFunction rnn = batched ? compile(kBatchedRnnSource, "rnn")
                         : compile(kRnnSource, "rnn");
  Shape xShape = batched ? Shape{steps, batch, hidden} : Shape{steps, hidden};
  Shape hShape = batched ? Shape{1, batch, hidden} : Shape{1, hidden};
  std::vector<Array> args = {
      Array::view(const_cast<float *>(in.x.data()), xShape),
      Array::view(const_cast<float *>(in.h0.data()), hShape),
      Array::view(const_cast<float *>(in.w.data()), {hidden, hidden}),
      Array::view(const_cast<float *>(in.u.data()), {hidden, hidden}),
      Array::view(const_cast<float *>(in.b.data()), {hidden})};
  for (auto _ : state) {
    std::vector<Array> out = rnn(args);
    benchmark::DoNotOptimize(out[0].data());
  }
}

/// W3 built with the C++ frontend: tanh(dot(W, h) + dot(U, x) + b).
void W3_Frontend(benchmark::State &state) {
  int64_t hidden = state.range(0);
  RnnInputs in(kRnnSteps, 1, hidden);
  Graph g({.floatX = DType::F32});
  Var X = g.matrix("X"), h0 = g.vector("h0"), W = g.matrix("W"),
      U = g.matrix("U"), b = g.vector("b");
  ScanResult result = scan(
      [&](Var x, Var h) { return tanh(dot(W, h) + dot(U, x) + b); },
      {.sequences = {X}, .outputs_info = {h0}});
  Function rnn = function({X, h0, W, U, b}, {result.outputs[0]});
  std::vector<Array> args = {
      Array::view(const_cast<float *>(in.x.data()),
                  {kRnnSteps, hidden}),
      Array::view(const_cast<float *>(in.h0.data()), {hidden}),
      Array::view(const_cast<float *>(in.w.data()), {hidden, hidden}),
      Array::view(const_cast<float *>(in.u.data()), {hidden, hidden}),
      Array::view(const_cast<float *>(in.b.data()), {hidden})};
  rnn(args);
  for (auto _ : state) {
    std::vector<Array> out = rnn(args);
    benchmark::DoNotOptimize(out[0].data());
  }
}

void rnnBaseline(benchmark::State &state, int64_t steps, int64_t batch,
                 bool floor) {
  RnnInputs in(steps, batch, state.range(0));
  for (auto _ : state) {
    std::unique_ptr<float[]> history(new float[steps * batch * in.hidden]);
    runRnnBaseline(in, history.get(), floor);
    benchmark::DoNotOptimize(history.get());
  }
}

void W3_ScanJIT(benchmark::State &state) { rnnScanJIT(state, kRnnSteps, 1); }
void W3_Loop(benchmark::State &state) {
  rnnBaseline(state, kRnnSteps, 1, /*floor=*/false);
}
void W3_Floor(benchmark::State &state) {
  rnnBaseline(state, kRnnSteps, 1, /*floor=*/true);
}
void W4_ScanJIT(benchmark::State &state) {
  rnnScanJIT(state, kBatchedSteps, kBatch);
}
void W4_Loop(benchmark::State &state) {
  rnnBaseline(state, kBatchedSteps, kBatch, /*floor=*/false);
}
void W4_Floor(benchmark::State &state) {
  rnnBaseline(state, kBatchedSteps, kBatch, /*floor=*/true);
}

//===----------------------------------------------------------------------===//
// W5: call overhead
//===----------------------------------------------------------------------===//

void W5_ScanJIT(benchmark::State &state) {
  EngineFunction cumsum10 = compile(kTenStepsSource, "cumsum10");
  double values[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  std::vector<Array> args = {Array::view(values, {10})};
  for (auto _ : state) {
    std::vector<Array> out = cumsum10(args);
    benchmark::DoNotOptimize(out[0].data());
  }
}

void W5_Loop(benchmark::State &state) {
  double values[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  for (auto _ : state) {
    std::unique_ptr<double[]> out(new double[10]);
    double acc = 0;
    for (int t = 0; t < 10; ++t)
      out[t] = acc += values[t];
    benchmark::DoNotOptimize(out.get());
  }
}

//===----------------------------------------------------------------------===//
// The table of ratios
//===----------------------------------------------------------------------===//

/// Collects the real time per iteration of every run while the console
/// reporter prints them.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run> &runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run &run : runs) {
      // "W3_ScanJIT/256/real_time" -> "W3_ScanJIT/256".
      std::string name = run.benchmark_name();
      if (size_t suffix = name.rfind("/real_time"); suffix != std::string::npos)
        name.erase(suffix);
      seconds[name] = run.GetAdjustedRealTime() /
                                      benchmark::GetTimeUnitMultiplier(run.time_unit);
      auto peak = run.counters.find("peak_bytes");
      if (peak != run.counters.end())
        peakBytes[name] = peak->second.value;
    }
  }

  void printTable() const {
    std::printf("\n| workload | ScanJIT | hand-written loop | ratio | floor (BLAS only) | ratio |\n");
    std::printf("| --- | --- | --- | --- | --- | --- |\n");
    row("W1 cumsum 1e7 f64", "W1_ScanJIT", "W1_Loop", "");
    row("W2 A**k k=1e5", "W2_ScanJIT/100000", "W2_Loop/100000", "");
    row("W2 A**k k=1e7", "W2_ScanJIT/10000000", "W2_Loop/10000000", "");
    row("W2 A**k k=1e7, C++ frontend", "W2_Frontend/10000000",
        "W2_Loop/10000000", "");
    row("W3 RNN H=64", "W3_ScanJIT/64", "W3_Loop/64", "W3_Floor/64");
    row("W3 RNN H=256", "W3_ScanJIT/256", "W3_Loop/256", "W3_Floor/256");
    row("W3 RNN H=256, C++ frontend", "W3_Frontend/256", "W3_Loop/256",
        "W3_Floor/256");
    row("W4 RNN B=32 H=512", "W4_ScanJIT/512", "W4_Loop/512", "W4_Floor/512");
    row("W5 10-step call", "W5_ScanJIT", "W5_Loop", "");
    for (const char *name : {"W2_ScanJIT/100000", "W2_ScanJIT/10000000"}) {
      auto it = peakBytes.find(name);
      if (it != peakBytes.end())
        std::printf("peak bytes allocated by compiled code, %s: %.0f\n", name,
                    it->second);
    }
  }

private:
  static std::string time(double s) {
    char buffer[32];
    if (s < 1e-6)
      std::snprintf(buffer, sizeof buffer, "%.0f ns", s * 1e9);
    else if (s < 1e-3)
      std::snprintf(buffer, sizeof buffer, "%.2f us", s * 1e6);
    else
      std::snprintf(buffer, sizeof buffer, "%.2f ms", s * 1e3);
    return buffer;
  }

  void row(const char *label, const char *ours, const char *loop,
           const char *floor) const {
    auto find = [&](const char *name) {
      auto it = seconds.find(name);
      return it == seconds.end() ? -1.0 : it->second;
    };
    double t = find(ours), l = find(loop), f = *floor ? find(floor) : -1.0;
    if (t < 0 || l < 0)
      return;
    std::printf("| %s | %s | %s | %.2fx |", label, time(t).c_str(),
                time(l).c_str(), t / l);
    if (f > 0)
      std::printf(" %s | %.2fx |\n", time(f).c_str(), t / f);
    else
      std::printf(" - | - |\n");
  }

  std::map<std::string, double> seconds, peakBytes;
};

} // namespace

BENCHMARK(W1_ScanJIT)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W1_Loop)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_ScanJIT)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_Frontend)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_Loop)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_ScanJIT)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Frontend)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Loop)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Floor)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_ScanJIT)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_Loop)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_Floor)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W5_ScanJIT)->Unit(benchmark::kNanosecond)->UseRealTime();
BENCHMARK(W5_Loop)->Unit(benchmark::kNanosecond)->UseRealTime();

int main(int argc, char **argv) {
  openblas_set_num_threads(1);
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.printTable();
  benchmark::Shutdown();
  engines.clear();
  return 0;
}
