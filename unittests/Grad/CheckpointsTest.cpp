//===- CheckpointsTest.cpp - scan_checkpoints against scan ----------------===//
//
// Part of ScanJIT. A checkpointed scan computes what scan computes, and its
// gradients are scan's (themselves checked against finite differences in
// ScanGradTest), for every chunk length: shorter than the loop, dividing it
// or not, longer than it; with taps on sequences and outputs, several and
// non-recurrent outputs, n_steps, go_backwards, and the last step alone.
//
//===----------------------------------------------------------------------===//

#include "GradTestUtils.h"

#include "scanjit/Runtime/CPURuntime.h"

#include <functional>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

/// Passes when `actual` and `expected` have one shape and their values
/// agree to 1e-10 relative to max(1, |expected|).
::testing::AssertionResult sameValues(const Array &actual,
                                      const Array &expected) {
  if (actual.shape() != expected.shape())
    return ::testing::AssertionFailure()
           << "shape " << formatShape(actual.shape()) << ", expected "
           << formatShape(expected.shape());
  std::vector<double> a = actual.toVector<double>();
  std::vector<double> e = expected.toVector<double>();
  for (size_t i = 0; i < a.size(); ++i)
    if (!(std::abs(a[i] - e[i]) <= 1e-10 * std::max(1.0, std::abs(e[i]))))
      return ::testing::AssertionFailure()
             << "element " << i << " is " << a[i] << ", expected " << e[i]
             << "\nactual: " << actual << "\nexpected: " << expected;
  return ::testing::AssertionSuccess();
}

/// The outputs of a scan and the gradients of `cost` of them with respect
/// to `wrt`.
using Program = std::function<ScanResult(int64_t chunk)>;

/// Expects, for every chunk length in `chunks`, the checkpointed program
/// (`build(N)`) to give the outputs and gradients the plain one
/// (`build(0)`) gives at `arguments`.
void expectSameAsScan(const Program &build,
                      const std::function<Var(const ScanResult &)> &cost,
                      const std::vector<Var> &inputs,
                      const std::vector<Var> &wrt,
                      const std::vector<Array> &arguments,
                      const std::vector<int64_t> &chunks) {
  auto run = [&](int64_t chunk) {
    ScanResult result = build(chunk);
    std::vector<Var> outputs = result.outputs;
    for (const Var &gradient : grad(cost(result), wrt))
      outputs.push_back(gradient);
    return function(inputs, outputs)(arguments);
  };
  std::vector<Array> expected = run(0);
  for (int64_t chunk : chunks) {
    std::vector<Array> actual = run(chunk);
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i)
      EXPECT_TRUE(sameValues(actual[i], expected[i]))
          << "save_every_N = " << chunk << ", result #" << i;
  }
}

/// scan (chunk 0) or scan_checkpoints with save_every_N = chunk.
template <typename F>
ScanResult scanOrCheckpoints(F fn, const ScanOptions &options, int64_t chunk) {
  if (chunk == 0)
    return scan(fn, options);
  return scan_checkpoints(fn, {.sequences = options.sequences,
                               .outputs_info = options.outputs_info,
                               .non_sequences = options.non_sequences,
                               .n_steps = options.n_steps,
                               .go_backwards = options.go_backwards,
                               .name = options.name,
                               .strict = options.strict,
                               .save_every_N = chunk});
}

TEST(CheckpointsTest, ElmanRNNEveryStep) {
  // W3's RNN over 10 steps, cost = sum of all h_t.
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), U = g.matrix("U"),
      b = g.vector("b"), h0 = g.vector("h0");
  auto step = [](Var x, Var h, Var w, Var u, Var bias) {
    return tanh(dot(x, u) + dot(h, w) + bias);
  };
  expectSameAsScan(
      [&](int64_t chunk) {
        return scanOrCheckpoints(step,
                                 {.sequences = {X},
                                  .outputs_info = {h0},
                                  .non_sequences = {W, U, b}},
                                 chunk);
      },
      [](const ScanResult &r) { return sum(r.outputs[0]); }, {X, W, U, b, h0},
      {X, W, U, b, h0},
      {spread({10, 2}, -1, 1), spread({3, 3}, -0.6, 0.6, 1),
       spread({2, 3}, -0.8, 0.8, 2), spread({3}, -0.3, 0.3, 3),
       spread({3}, -0.5, 0.5, 4)},
      {1, 3, 5, 10, 64});
}

TEST(CheckpointsTest, LastStepOnly) {
  // cost = sum(h[-1]): indexing the checkpointed output at -1 reads the
  // carried state; the numbers are scan's.
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), h0 = g.vector("h0");
  auto step = [](Var x, Var h, Var w) { return tanh(x + dot(h, w)); };
  expectSameAsScan(
      [&](int64_t chunk) {
        ScanResult r = scanOrCheckpoints(
            step,
            {.sequences = {X}, .outputs_info = {h0}, .non_sequences = {W}},
            chunk);
        return ScanResult{{r.outputs[0][-1]}, r.updates};
      },
      [](const ScanResult &r) { return sum(r.outputs[0] * r.outputs[0]); },
      {X, W, h0}, {X, W, h0},
      {spread({13, 3}, -1, 1), spread({3, 3}, -0.5, 0.5, 1),
       spread({3}, -0.5, 0.5, 2)},
      {1, 4, 20});
}

TEST(CheckpointsTest, TapsSeveralOutputsAndNonRecurrentOutputs) {
  // The seed RNN's shape: sequence taps [-2, 0, 1], output taps [-3, -1]
  // for x, [-1] for y, and z not fed back.
  Graph g;
  Var u = g.matrix("u"), x0 = g.matrix("x0"), y0 = g.vector("y0"),
      W = g.matrix("W");
  auto step = [](Var u_tm2, Var u_t, Var u_tp1, Var x_tm3, Var x_tm1, Var y_tm1,
                 Var w) {
    Var x_t = tanh(dot(x_tm1, w) + u_t - 0.5 * u_tm2 + 0.25 * x_tm3 + y_tm1);
    Var y_t = 0.5 * y_tm1 + u_tp1 * x_t;
    Var z_t = x_t * y_t;
    return std::vector<Var>{x_t, y_t, z_t};
  };
  auto cost = [](const ScanResult &r) {
    return sum(r.outputs[0]) + sum(r.outputs[1] * r.outputs[1]) +
           sum(r.outputs[2]);
  };
  std::vector<Array> arguments = {
      spread({12, 2}, -1, 1), spread({4, 2}, -0.5, 0.5, 1),
      spread({2}, -0.5, 0.5, 2), spread({2, 2}, -0.6, 0.6, 3)};
  for (bool backwards : {false, true})
    expectSameAsScan(
        [&](int64_t chunk) {
          return scanOrCheckpoints(
              step,
              {.sequences = {taps(u, {-2, 0, 1})},
               .outputs_info = {taps(x0, {-3, -1}), y0, none},
               .non_sequences = {W},
               .go_backwards = backwards},
              chunk);
        },
        cost, {u, x0, y0, W}, {u, x0, y0, W}, arguments, {4, 12});
}

TEST(CheckpointsTest, NStepsWithAndWithoutSequences) {
  Graph g;
  Var X = g.matrix("X"), h0 = g.vector("h0"), W = g.matrix("W");
  Var n = g.iscalar("n");
  auto withSequence = [](Var x, Var h, Var w) { return tanh(x + dot(h, w)); };
  auto alone = [](Var h, Var w) { return tanh(dot(h, w) + 0.1); };
  std::vector<Array> arguments = {
      spread({9, 2}, -1, 1), spread({2}, -0.5, 0.5, 1),
      spread({2, 2}, -0.7, 0.7, 2), Array::scalar(int32_t{7})};
  expectSameAsScan(
      [&](int64_t chunk) {
        return scanOrCheckpoints(withSequence,
                                 {.sequences = {X},
                                  .outputs_info = {h0},
                                  .non_sequences = {W},
                                  .n_steps = n},
                                 chunk);
      },
      [](const ScanResult &r) { return sum(r.outputs[0]); }, {X, h0, W, n},
      {X, h0, W}, arguments, {3, 8});
  expectSameAsScan(
      [&](int64_t chunk) {
        return scanOrCheckpoints(
            alone, {.outputs_info = {h0}, .non_sequences = {W}, .n_steps = n},
            chunk);
      },
      [](const ScanResult &r) { return sum(r.outputs[0]); }, {X, h0, W, n},
      {h0, W}, arguments, {2, 7, 10});
}

TEST(CheckpointsTest, ZeroSteps) {
  Graph g;
  Var X = g.matrix("X"), h0 = g.vector("h0");
  ScanResult r = scan_checkpoints(
      [](Var x, Var h) { return h * x; },
      {.sequences = {X}, .outputs_info = {h0}, .save_every_N = 3});
  std::vector<Array> out =
      function({X, h0}, {r.outputs[0], grad(sum(r.outputs[0]), h0)})(
          {Array::zeros(DType::F64, {0, 2}), Array{1.0, 2.0}});
  EXPECT_TRUE(matches(out[0], {0, 2}, {}));
  EXPECT_TRUE(matches(out[1], {2}, {0.0, 0.0}));
  // The last step of no steps is an error, as indexing an empty stack is.
  Function last = function({X, h0}, {r.outputs[0][-1]});
  EXPECT_TRUE(
      contains(errorMessageOf([&] {
                 last({Array::zeros(DType::F64, {0, 2}), Array{1.0, 2.0}});
               }),
               "index -1 is out of bounds for output #0"));
}

TEST(CheckpointsTest, PeakMemoryHoldsTheCheckpointsNotTheStates) {
  // W7's shape at a small scale: a loss accumulated by the loop, only its
  // last value used, the gradient with respect to the weights. The plain
  // gradient keeps every h (T x H doubles); the checkpointed one keeps a
  // window per chunk and one chunk's states at a time, and neither the
  // states of every chunk (its backward recomputes them) nor a copy of the
  // sequence cut into chunks.
  constexpr int64_t steps = 8000, hidden = 16, chunk = 100;
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), h0 = g.vector("h0");
  auto step = [&](Var x, Var h, Var loss) {
    Var next = tanh(x + dot(h, W));
    return std::vector<Var>{next, loss + sum(next)};
  };
  Var zero = constant(0.0);
  auto peakOf = [&](int64_t n) {
    ScanResult result = scanOrCheckpoints(
        step, {.sequences = {X}, .outputs_info = {h0, zero}}, n);
    Function gradient =
        function({X, W, h0}, grad(result.outputs[1][-1], std::vector<Var>{W}));
    std::vector<Array> arguments = {spread({steps, hidden}, -1, 1),
                                    spread({hidden, hidden}, -0.2, 0.2, 1),
                                    spread({hidden}, -0.5, 0.5, 2)};
    gradient(arguments); // compiles
    int64_t before = runtime::liveAllocatedBytes();
    runtime::resetPeakAllocatedBytes();
    std::vector<Array> out = gradient(arguments);
    return std::make_pair(runtime::peakAllocatedBytes() - before, out[0]);
  };
  auto [storedPeak, stored] = peakOf(0);
  auto [checkpointedPeak, checkpointed] = peakOf(chunk);
  EXPECT_TRUE(sameValues(checkpointed, stored));
  int64_t history = steps * hidden * int64_t{sizeof(double)};
  EXPECT_GE(storedPeak, history);
  // The chunks' windows (80 x H), one chunk's states and adjoints, a
  // scalar or so per step: 13% of one history when written (3% of the
  // stored peak); over 200% before the backward recomputed the chunks'
  // states (it read them all from the forward, which also copied X).
  EXPECT_LT(checkpointedPeak, history / 4)
      << "stored " << storedPeak << " bytes, checkpointed "
      << checkpointedPeak;
}

TEST(CheckpointsTest, Errors) {
  Graph g;
  Var X = g.matrix("X"), h0 = g.vector("h0");
  auto step = [](Var x, Var h) { return h + x; };
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan_checkpoints(step, {.sequences = {X},
                                                 .outputs_info = {h0},
                                                 .save_every_N = 0});
                       }),
                       "save_every_N must be at least 1, not 0"));
  RandomStreams streams(7);
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan_checkpoints(
            [&](Var x, Var h) { return h + x * streams.uniform(h.shape()); },
            {.sequences = {X}, .outputs_info = {h0}, .save_every_N = 2});
      }),
      "cannot repeat those"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan_checkpoints([](Var h) { return h; },
                                          {.outputs_info = {h0}});
                       }),
                       "needs n_steps when there are no sequences"));
  Function tooMany =
      function({X, h0}, {scan_checkpoints(step, {.sequences = {X},
                                                 .outputs_info = {h0},
                                                 .n_steps = 5,
                                                 .save_every_N = 2})
                             .outputs[0]});
  EXPECT_TRUE(
      contains(errorMessageOf([&] {
                 tooMany({Array::zeros(DType::F64, {3, 2}), Array{1.0, 2.0}});
               }),
               "n_steps is more than sequence #0 provides"));
}

} // namespace
