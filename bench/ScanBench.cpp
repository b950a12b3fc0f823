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
//   W6  BPTT (issue 11): the gradients of sum(h) with respect to W, U, b and
//       h0, for the RNNs of W3 and W4, beside ScanJIT's forward pass of the
//       same program and a hand-written BPTT
//   W7  the W6 gradient at scale (issue 11): batch 16, H = 256, T = 1e5, the
//       loss summed inside the loop; storing every state, and with
//       scan_checkpoints(save_every_N = 250): time and peak memory
//   W8  from building the graph of W3 (H = 64) with the C++ frontend to its
//       first result: tracing, function(), compiling and the first call
//   Compile: compile time (issue 10): function() and the first call of a chain
//   of
//       1,000 and 10,000 elementwise ops on a vector (x = tanh(x) * 0.5 + x,
//       repeated), with no baseline: it should grow linearly
// W2, W3 and W4 also run as built by the C++ frontend (scanjit/ScanJIT.h);
// W6 is built with it (scanjit::grad).
//
// The RNN baselines: "loop" calls OpenBLAS, adds the bias and applies a
// vectorised tanh (Eigen's rational approximation, the one ScanJIT uses for
// f32, in a loop GCC vectorizes; strict IEEE semantics elsewhere, no
// -ffast-math); "floor" makes the same BLAS calls and nothing else. The BPTT
// baseline runs "loop" storing every h, then the backward loop with OpenBLAS
// for the products (sgemv/sger at batch 1, sgemm batched).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Array.h"
#include "scanjit/JIT/Engine.h"
#include "scanjit/ScanJIT.h"
#include "scanjit/Runtime/CPURuntime.h"

#include "RnnBaseline.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace scanjit;
using namespace scanjit::bench;

namespace {

//===----------------------------------------------------------------------===//
// The compiled programs
//===----------------------------------------------------------------------===//

/// The workloads' MLIR programs, kept once in test/Integration/Workloads/
/// (lit runs each there; the unit tests read them too).
const std::string kWorkloads = SCANJIT_WORKLOADS_DIR;
const std::string kCumsumSource = kWorkloads + "/cumsum.mlir";
const std::string kPowerSource = kWorkloads + "/power.mlir";
const std::string kRnnSource = kWorkloads + "/rnn.mlir";
const std::string kBatchedRnnSource = kWorkloads + "/batched-rnn.mlir";
const std::string kTenStepsSource = kWorkloads + "/ten-steps.mlir";

/// The engines of the workloads, one per source; main() destroys them
/// before returning.
std::map<std::string, std::unique_ptr<Engine>> engines;

/// A compiled function of `source`, compiled once per process.
EngineFunction compile(const std::string &path, const char *name) {
  std::unique_ptr<Engine> &engine = engines[path];
  if (!engine)
    engine = Engine::fromFile(path);
  return engine->function(name);
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

/// The RNN of W3 (batch 1: tanh(dot(W, h) + dot(U, x) + b), h a vector) or
/// of W4 (batch > 1: tanh(dot(h, W) + dot(x, U) + b), the rows of h the
/// batch, as kBatchedRnnSource) built with the C++ frontend, compiled as
/// function({X, h0, W, U, b}, ...): the history of h, or (`gradient`) the
/// gradients of sum(h) with respect to W, U, b and h0.
Function buildFrontendRnn(bool batched, bool gradient) {
  Graph g({.floatX = DType::F32});
  Var X = batched ? g.tensor3("X") : g.matrix("X");
  Var h0 = batched ? g.matrix("h0") : g.vector("h0");
  Var W = g.matrix("W"), U = g.matrix("U"), b = g.vector("b");
  ScanResult result = scan(
      [&](Var x, Var h) {
        return batched ? tanh(dot(h, W) + dot(x, U) + b)
                       : tanh(dot(W, h) + dot(U, x) + b);
      },
      {.sequences = {X}, .outputs_info = {h0}});
  std::vector<Var> outputs = {result.outputs[0]};
  if (gradient)
    outputs = grad(sum(result.outputs[0]), {W, U, b, h0});
  return function({X, h0, W, U, b}, outputs);
}

/// The arguments of buildFrontendRnn's functions, viewing `in`.
std::vector<Array> frontendRnnArgs(const RnnInputs &in) {
  int64_t steps = in.steps, batch = in.batch, hidden = in.hidden;
  bool batched = batch > 1;
  Shape xShape = batched ? Shape{steps, batch, hidden} : Shape{steps, hidden};
  Shape hShape = batched ? Shape{batch, hidden} : Shape{hidden};
  return {Array::view(const_cast<float *>(in.x.data()), xShape),
          Array::view(const_cast<float *>(in.h0.data()), hShape),
          Array::view(const_cast<float *>(in.w.data()), {hidden, hidden}),
          Array::view(const_cast<float *>(in.u.data()), {hidden, hidden}),
          Array::view(const_cast<float *>(in.b.data()), {hidden})};
}

/// The forward pass of the RNN built with the C++ frontend.
void rnnFrontend(benchmark::State &state, int64_t steps, int64_t batch) {
  RnnInputs in(steps, batch, state.range(0));
  Function rnn = buildFrontendRnn(batch > 1, /*gradient=*/false);
  std::vector<Array> args = frontendRnnArgs(in);
  // The first call compiles; the timed ones reuse the code.
  rnn(args);
  for (auto _ : state) {
    std::vector<Array> out = rnn(args);
    benchmark::DoNotOptimize(out[0].data());
  }
}

/// W3 built with the C++ frontend: tanh(dot(W, h) + dot(U, x) + b).
void W3_Frontend(benchmark::State &state) {
  rnnFrontend(state, kRnnSteps, 1);
}
/// W4 built with the C++ frontend: tanh(dot(h, W) + dot(x, U) + b).
void W4_Frontend(benchmark::State &state) {
  rnnFrontend(state, kBatchedSteps, kBatch);
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
// W6: BPTT, the gradients of the RNNs of W3 and W4
//===----------------------------------------------------------------------===//

/// The gradients of sum(h) with respect to W, U, b and h0.
struct RnnGrads {
  std::vector<float> w, u, b, h0;
};

/// The hand-written BPTT of sum(h): the forward pass of runRnnBaseline,
/// keeping every h in `history`, then the backward loop. With delta_t the
/// adjoint of step t's pre-activation and p_t the adjoint that later steps
/// send back to h_t (p_{T-1} = 0), at batch 1 (h_t = tanh(W h_{t-1} + U x_t
/// + b)):
///   delta_t = (1 + p_t) * (1 - h_t^2),   p_{t-1} = W^T delta_t,
///   dW += delta_t h_{t-1}^T,  dU += delta_t x_t^T,  db += delta_t,
/// and dh0 = p_{-1}; batched (H_t = tanh(H_{t-1} W + X_t U + b)) the same
/// with p_{t-1} = delta_t W^T, dW += H_{t-1}^T delta_t, dU += X_t^T delta_t
/// and db += the column sums of delta_t.
void runBpttBaseline(const RnnInputs &in, float *history, RnnGrads &grads) {
  runRnnBaseline(in, history, /*floor=*/false);
  int64_t n = in.hidden, batch = in.batch, size = batch * n;
  grads.w.assign(n * n, 0.0f);
  grads.u.assign(n * n, 0.0f);
  grads.b.assign(n, 0.0f);
  grads.h0.assign(size, 0.0f);
  // The adjoint of h_t from later steps, p_t, ends as dh0.
  float *pending = grads.h0.data();
  std::vector<float> delta(size);
  for (int64_t t = in.steps - 1; t >= 0; --t) {
    const float *h = history + t * size;
    const float *prior = t ? history + (t - 1) * size : in.h0.data();
    const float *x = in.x.data() + t * size;
    for (int64_t i = 0; i < size; ++i)
      delta[i] = (1.0f + pending[i]) * (1.0f - h[i] * h[i]);
    for (int64_t r = 0; r < batch; ++r)
      for (int64_t i = 0; i < n; ++i)
        grads.b[i] += delta[r * n + i];
    if (batch == 1) {
      cblas_sger(CblasRowMajor, n, n, 1.0f, delta.data(), 1, prior, 1,
                 grads.w.data(), n);
      cblas_sger(CblasRowMajor, n, n, 1.0f, delta.data(), 1, x, 1,
                 grads.u.data(), n);
      cblas_sgemv(CblasRowMajor, CblasTrans, n, n, 1.0f, in.w.data(), n,
                  delta.data(), 1, 0.0f, pending, 1);
    } else {
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, n, batch, 1.0f,
                  prior, n, delta.data(), n, 1.0f, grads.w.data(), n);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, n, batch, 1.0f,
                  x, n, delta.data(), n, 1.0f, grads.u.data(), n);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, n, n, 1.0f,
                  delta.data(), n, in.w.data(), n, 0.0f, pending, n);
    }
  }
}

/// max |a - b| / max |b| over the elements.
double relativeError(const std::vector<float> &a, const std::vector<float> &b) {
  if (a.size() != b.size())
    return INFINITY;
  double diff = 0, scale = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(static_cast<double>(a[i]) - b[i]));
    scale = std::max(scale, std::fabs(static_cast<double>(b[i])));
  }
  return diff / std::max(scale, 1e-30);
}

/// Checks once per shape, outside the timed loop, that ScanJIT's gradients
/// agree with the hand-written BPTT; prints the relative errors and returns
/// the largest.
double checkRnnGrads(const RnnInputs &in, const Function &gradients,
                     const std::vector<Array> &args) {
  static std::map<std::pair<int64_t, int64_t>, double> checked;
  auto key = std::make_pair(in.batch, in.hidden);
  if (auto it = checked.find(key); it != checked.end())
    return it->second;
  std::vector<Array> out = gradients(args);
  std::unique_ptr<float[]> history(new float[in.steps * in.batch * in.hidden]);
  RnnGrads expected;
  runBpttBaseline(in, history.get(), expected);
  const char *names[] = {"W", "U", "b", "h0"};
  const std::vector<float> *wanted[] = {&expected.w, &expected.u, &expected.b,
                                        &expected.h0};
  double worst = 0;
  std::fprintf(stderr, "W6 check, batch %lld H=%lld T=%lld: max |ScanJIT - "
                       "BPTT| / max |BPTT|:",
               static_cast<long long>(in.batch),
               static_cast<long long>(in.hidden),
               static_cast<long long>(in.steps));
  for (size_t i = 0; i < 4; ++i) {
    double error = relativeError(out[i].contiguous().toVector<float>(),
                                 *wanted[i]);
    std::fprintf(stderr, " d%s %.2e", names[i], error);
    worst = std::max(worst, error);
  }
  std::fprintf(stderr, "\n");
  checked[key] = worst;
  return worst;
}

/// The gradients of sum(h) as ScanJIT computes them, built with the C++
/// frontend (scanjit::grad).
void rnnGradScanJIT(benchmark::State &state, int64_t steps, int64_t batch) {
  RnnInputs in(steps, batch, state.range(0));
  Function gradients = buildFrontendRnn(batch > 1, /*gradient=*/true);
  std::vector<Array> args = frontendRnnArgs(in);
  // The first call compiles; the timed ones reuse the code.
  gradients(args);
  double error = checkRnnGrads(in, gradients, args);
  if (!(error < 1e-3))
    state.SkipWithError("ScanJIT's gradients disagree with the hand-written "
                        "BPTT");
  state.counters["rel_err"] = error;
  for (auto _ : state) {
    std::vector<Array> out = gradients(args);
    benchmark::DoNotOptimize(out[0].data());
  }
}

void rnnGradBaseline(benchmark::State &state, int64_t steps, int64_t batch) {
  RnnInputs in(steps, batch, state.range(0));
  for (auto _ : state) {
    std::unique_ptr<float[]> history(new float[steps * batch * in.hidden]);
    RnnGrads grads;
    runBpttBaseline(in, history.get(), grads);
    benchmark::DoNotOptimize(grads.w.data());
  }
}

void W6_ScanJIT(benchmark::State &state) {
  rnnGradScanJIT(state, kRnnSteps, 1);
}
void W6_Loop(benchmark::State &state) {
  rnnGradBaseline(state, kRnnSteps, 1);
}
void W6_Batched_ScanJIT(benchmark::State &state) {
  rnnGradScanJIT(state, kBatchedSteps, kBatch);
}
void W6_Batched_Loop(benchmark::State &state) {
  rnnGradBaseline(state, kBatchedSteps, kBatch);
}

//===----------------------------------------------------------------------===//
// W7: the gradient of a long batched RNN, storing every state or checkpoints
//===----------------------------------------------------------------------===//

constexpr int64_t kLongSteps = 100'000;
constexpr int64_t kLongBatch = 16;

/// The gradients with respect to W, U, b and h0 of the loss sum_t sum(h_t),
/// accumulated by the loop (so that no consumer needs every h_t), of the
/// batched RNN of W4; through scan, or scan_checkpoints when `chunk` > 0.
Function buildLongRnnGradient(int64_t chunk) {
  Graph g({.floatX = DType::F32});
  Var X = g.tensor3("X"), h0 = g.matrix("h0");
  Var W = g.matrix("W"), U = g.matrix("U"), b = g.vector("b");
  auto step = [&](Var x, Var h, Var loss) {
    Var next = tanh(dot(h, W) + dot(x, U) + b);
    return std::vector<Var>{next, loss + sum(next)};
  };
  Var zero = constant(0.0, DType::F32);
  ScanResult result =
      chunk == 0 ? scan(step, {.sequences = {X}, .outputs_info = {h0, zero}})
                 : scan_checkpoints(step, {.sequences = {X},
                                           .outputs_info = {h0, zero},
                                           .save_every_N = chunk});
  return function({X, h0, W, U, b}, grad(result.outputs[1][-1], {W, U, b, h0}));
}

/// Times the W7 gradient and records its peak memory; checks once that the
/// checkpointed gradient is the stored one's.
void longRnnGradient(benchmark::State &state, int64_t chunk) {
  RnnInputs in(kLongSteps, kLongBatch, state.range(0));
  std::vector<Array> args = frontendRnnArgs(in);
  Function gradients = buildLongRnnGradient(chunk);
  // The first call compiles; the timed one reuses the code.
  gradients(args);
  int64_t peak = 0;
  std::vector<Array> out;
  for (auto _ : state) {
    int64_t before = runtime::liveAllocatedBytes();
    runtime::resetPeakAllocatedBytes();
    out = gradients(args);
    peak = std::max(peak, runtime::peakAllocatedBytes() - before);
    benchmark::DoNotOptimize(out[0].data());
  }
  state.counters["peak_bytes"] = static_cast<double>(peak);
  if (chunk > 0) {
    std::vector<Array> stored = buildLongRnnGradient(0)(args);
    double error = relativeError(out[0].contiguous().toVector<float>(),
                                 stored[0].contiguous().toVector<float>());
    state.counters["rel_err"] = error;
    if (!(error < 1e-3))
      state.SkipWithError("the checkpointed gradient disagrees with the "
                          "stored one");
  }
}

void W7_StoreAll(benchmark::State &state) { longRnnGradient(state, 0); }
void W7_Checkpoints(benchmark::State &state) { longRnnGradient(state, 250); }

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
// W8: from a graph to its first result
//===----------------------------------------------------------------------===//

/// The RNN of W3 built with the C++ frontend (buildFrontendRnn), compiled by
/// function() and called once, all timed: the time from building a graph to
/// its first result. Each function() owns a new engine, whose code cache
/// starts empty, so every iteration compiles anew. One build before the loop
/// keeps the process's one-time set-up (LLVM's targets, the dialect
/// registry) out, as the peers' warm-up does; freeing the function is not
/// timed.
void W8_Frontend(benchmark::State &state) {
  RnnInputs in(kRnnSteps, 1, state.range(0));
  std::vector<Array> args = frontendRnnArgs(in);
  buildFrontendRnn(/*batched=*/false, /*gradient=*/false)(args);
  for (auto _ : state) {
    std::optional<Function> rnn =
        buildFrontendRnn(/*batched=*/false, /*gradient=*/false);
    std::vector<Array> out = (*rnn)(args);
    benchmark::DoNotOptimize(out[0].data());
    state.PauseTiming();
    out.clear();
    rnn.reset();
    state.ResumeTiming();
  }
}

//===----------------------------------------------------------------------===//
// Compile: compile time of a deep graph
//===----------------------------------------------------------------------===//

/// function() and the first call (the JIT compile) of a chain of
/// `state.range(0)` elementwise ops; tracing the chain and freeing it all
/// are not timed.
void Compile_Chain(benchmark::State &state) {
  Array input({0.1, 0.2, 0.3});
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<Graph> g(std::in_place);
    std::optional<Var> x = g->vector("x"), y = x;
    for (int64_t op = 0; op + 3 <= state.range(0); op += 3)
      y = tanh(*y) * 0.5 + *y;
    state.ResumeTiming();
    std::optional<Function> chain = function({*x}, {*y});
    std::vector<Array> out = (*chain)({input});
    benchmark::DoNotOptimize(out[0].data());
    state.PauseTiming();
    chain.reset();
    y.reset();
    x.reset();
    g.reset();
    state.ResumeTiming();
  }
}

/// function() and the first call of a graph with `state.range(0)` outputs,
/// each an elementwise op of one input.
void Compile_Outputs(benchmark::State &state) {
  Array input({0.1, 0.2, 0.3});
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<Graph> g(std::in_place);
    std::optional<Var> x = g->vector("x");
    std::vector<Var> outputs;
    for (int64_t i = 0; i < state.range(0); ++i)
      outputs.push_back(tanh(*x) * (0.5 + static_cast<double>(i)) + *x);
    state.ResumeTiming();
    std::optional<Function> many = function({*x}, outputs);
    std::vector<Array> out = (*many)({input});
    benchmark::DoNotOptimize(out[0].data());
    state.PauseTiming();
    many.reset();
    outputs.clear();
    x.reset();
    g.reset();
    state.ResumeTiming();
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
      // With --benchmark_repetitions, the median stands for the repetitions
      // (it comes after them); the mean, stddev and cv rows are not times.
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median")
        continue;
      // "W3_ScanJIT/256/real_time" (or "..._median") -> "W3_ScanJIT/256".
      std::string name = run.benchmark_name();
      if (size_t suffix = name.rfind("/real_time"); suffix != std::string::npos)
        name.erase(suffix);
      // "W7_StoreAll/256/iterations:1" -> "W7_StoreAll/256".
      if (size_t suffix = name.rfind("/iterations:");
          suffix != std::string::npos)
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
    row("W4 RNN B=32 H=512, C++ frontend", "W4_Frontend/512", "W4_Loop/512",
        "W4_Floor/512");
    row("W5 10-step call", "W5_ScanJIT", "W5_Loop", "");
    row("W6 BPTT, W3 RNN H=64", "W6_ScanJIT/64", "W6_Loop/64", "");
    row("W6 BPTT, W3 RNN H=256", "W6_ScanJIT/256", "W6_Loop/256", "");
    row("W6 BPTT, W4 RNN B=32 H=512", "W6_Batched_ScanJIT/512",
        "W6_Batched_Loop/512", "");
    gradientTable();
    for (const char *name : {"Compile_Chain/1000", "Compile_Chain/10000",
                             "Compile_Outputs/100", "Compile_Outputs/1000"})
      if (double t = find(name); t >= 0)
        std::printf("compile time (function() and first call), %s: %s\n",
                    name, time(t).c_str());
    if (double t = find("W8_Frontend/64"); t >= 0)
      std::printf("W8, W3 RNN H=64 from building its graph with the C++ "
                  "frontend to its first result: %s\n",
                  time(t).c_str());
    w7Table();
    for (const char *name : {"W2_ScanJIT/100000", "W2_ScanJIT/10000000"}) {
      auto it = peakBytes.find(name);
      if (it != peakBytes.end())
        std::printf("peak bytes allocated by compiled code, %s: %.0f\n", name,
                    it->second);
    }
  }

private:
  /// W7: time and peak memory of the stored and checkpointed gradients.
  void w7Table() const {
    double stored = find("W7_StoreAll/256"),
           checkpointed = find("W7_Checkpoints/256");
    auto peakOf = [&](const char *name) {
      auto it = peakBytes.find(name);
      return it == peakBytes.end() ? -1.0 : it->second;
    };
    if (stored < 0 || checkpointed < 0)
      return;
    double storedPeak = peakOf("W7_StoreAll/256"),
           checkpointedPeak = peakOf("W7_Checkpoints/256");
    std::printf("\n| W7 gradient, B=16 H=256 T=1e5 | time | peak memory |\n");
    std::printf("| --- | --- | --- |\n");
    std::printf("| every state stored | %s | %.1f MB |\n", time(stored).c_str(),
                storedPeak / 1e6);
    std::printf("| scan_checkpoints, save_every_N = 250 | %s (%.2fx) | %.1f MB "
                "(%.2f%%) |\n",
                time(checkpointed).c_str(), checkpointed / stored,
                checkpointedPeak / 1e6, 100 * checkpointedPeak / storedPeak);
  }

  static std::string time(double s) {
    char buffer[32];
    if (s < 1e-6)
      std::snprintf(buffer, sizeof buffer, "%.0f ns", s * 1e9);
    else if (s < 1e-3)
      std::snprintf(buffer, sizeof buffer, "%.2f us", s * 1e6);
    else if (s < 10)
      std::snprintf(buffer, sizeof buffer, "%.2f ms", s * 1e3);
    else
      std::snprintf(buffer, sizeof buffer, "%.2f s", s);
    return buffer;
  }

  double find(const char *name) const {
    auto it = seconds.find(name);
    return it == seconds.end() ? -1.0 : it->second;
  }

  /// W6 against ScanJIT's forward pass of the same program (built the same
  /// way, with the C++ frontend) and the hand-written BPTT, per call and per
  /// step.
  void gradientTable() const {
    struct Row {
      const char *label, *grad, *forward, *bptt, *loop;
      int64_t steps;
    };
    const Row rows[] = {
        {"W3 RNN H=64", "W6_ScanJIT/64", "W3_Frontend/64", "W6_Loop/64",
         "W3_Loop/64", kRnnSteps},
        {"W3 RNN H=256", "W6_ScanJIT/256", "W3_Frontend/256", "W6_Loop/256",
         "W3_Loop/256", kRnnSteps},
        {"W4 RNN B=32 H=512", "W6_Batched_ScanJIT/512", "W4_Frontend/512",
         "W6_Batched_Loop/512", "W4_Loop/512", kBatchedSteps},
    };
    bool header = false;
    for (const Row &r : rows) {
      double g = find(r.grad), f = find(r.forward), b = find(r.bptt),
             l = find(r.loop);
      if (g < 0)
        continue;
      if (!header) {
        std::printf("\n| W6 gradient | ScanJIT gradient (per step) | "
                    "ScanJIT forward (per step) | gradient/forward | "
                    "hand-written BPTT (per step) | ratio | hand-written "
                    "BPTT/forward |\n");
        std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
        header = true;
      }
      auto cell = [&](double s) {
        return s < 0 ? std::string("-")
                     : time(s) + " (" + time(s / r.steps) + ")";
      };
      auto ratio = [](double num, double den) {
        char buffer[32];
        if (num < 0 || den < 0)
          return std::string("-");
        std::snprintf(buffer, sizeof buffer, "%.2fx", num / den);
        return std::string(buffer);
      };
      std::printf("| %s | %s | %s | %s | %s | %s | %s |\n", r.label,
                  cell(g).c_str(), cell(f).c_str(), ratio(g, f).c_str(),
                  cell(b).c_str(), ratio(g, b).c_str(), ratio(b, l).c_str());
    }
  }

  void row(const char *label, const char *ours, const char *loop,
           const char *floor) const {
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

BENCHMARK(W7_StoreAll)
    ->Arg(256)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(W7_Checkpoints)
    ->Arg(256)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(W1_ScanJIT)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W1_Loop)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_ScanJIT)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_Frontend)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W2_Loop)->Arg(100'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_ScanJIT)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Frontend)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Loop)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W3_Floor)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_ScanJIT)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_Frontend)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_Loop)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W4_Floor)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W5_ScanJIT)->Unit(benchmark::kNanosecond)->UseRealTime();
BENCHMARK(W5_Loop)->Unit(benchmark::kNanosecond)->UseRealTime();
BENCHMARK(W6_ScanJIT)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W6_Loop)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W6_Batched_ScanJIT)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W6_Batched_Loop)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(W8_Frontend)
    ->Arg(64)
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(Compile_Chain)->Arg(1'000)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Compile_Outputs)->Arg(100)->Arg(1'000)->Unit(benchmark::kMillisecond)->UseRealTime();

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
