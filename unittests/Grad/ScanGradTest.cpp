//===- ScanGradTest.cpp - Gradients through scan against differences -----===//
//
// Part of ScanJIT. Every form of scan.scan differentiated (reverse scans
// built by scan-differentiate, compiled by the CPU pipeline) and compared
// with central finite differences of the compiled forward program, or with
// hand-derived values.
//
//===----------------------------------------------------------------------===//

#include "GradTestUtils.h"

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(ScanGradTest, RecurrenceMatchesHandDerivedValues) {
  // h_t = h_{t-1} x_t + x_t, cost = sum_t h_t, over x = [0.5, 2, -1] from
  // h0 = 1.5: h = [1.25, 4.5, -5.5]; the adjoints of h are [1, 0, 1]
  // (1 + x_{t+1} * next), so dx_t = adj_t (h_{t-1} + 1) = [2.5, 0, 5.5] and
  // dh0 = adj_1 x_1 = 0.5.
  Graph g;
  Var x = g.vector("x"), h0 = g.scalar("h0");
  ScanResult r = scan([](Var xt, Var h) { return h * xt + xt; },
                      {.sequences = {x}, .outputs_info = {h0}});
  std::vector<Var> d = grad(sum(r.outputs[0]), {x, h0});
  std::vector<Array> out =
      function({x, h0}, d)({Array({0.5, 2.0, -1.0}), Array::scalar(1.5)});
  EXPECT_TRUE(matches(out[0], {3}, {2.5, 0.0, 5.5}));
  EXPECT_TRUE(matches(out[1], {}, {0.5}));
}

TEST(ScanGradTest, ElmanRNNWithRespectToEveryParameter) {
  // W3's RNN: h_t = tanh(x_t U + h_{t-1} W + b), cost = sum of all h_t.
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), U = g.matrix("U"),
      b = g.vector("b"), h0 = g.vector("h0");
  ScanResult r = scan(
      [](Var x, Var h, Var w, Var u, Var bias) {
        return tanh(dot(x, u) + dot(h, w) + bias);
      },
      {.sequences = {X}, .outputs_info = {h0}, .non_sequences = {W, U, b}});
  Var cost = sum(r.outputs[0]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {X, W, U, b, h0}, cost, {0, 1, 2, 3, 4},
      {spread({5, 2}, -1, 1), spread({3, 3}, -0.6, 0.6, 1),
       spread({2, 3}, -0.8, 0.8, 2), spread({3}, -0.3, 0.3, 3),
       spread({3}, -0.5, 0.5, 4)}));
}

TEST(ScanGradTest, OutputTapsSendAdjointsToSeveralPastSteps) {
  // x_t = a x_{t-3} + sin(x_{t-1}) x_{t-3} (taps [-3, -1]): the initial
  // value's three rows and `a` get gradients.
  Graph g;
  Var x0 = g.vector("x0"), a = g.scalar("a");
  ScanResult r = scan(
      [](Var xm3, Var xm1, Var coeff) { return coeff * xm3 + sin(xm1) * xm3; },
      {.outputs_info = {taps(x0, {-3, -1})},
       .non_sequences = {a},
       .n_steps = 7});
  Var cost = sum(r.outputs[0] * r.outputs[0]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {x0, a}, cost, {0, 1}, {spread({4}, -0.9, 0.9), Array::scalar(0.7)}));
}

TEST(ScanGradTest, SequenceTapsInThePastAndTheFuture) {
  Graph g;
  Var u = g.vector("u"), v = g.vector("v"), h0 = g.scalar("h0");
  // Taps [-2, 0, 1] over u and a second, longer sequence v: u provides
  // len - 3 steps, which decides the step count.
  ScanResult r =
      scan([](Var um2, Var u0, Var u1, Var vt,
              Var h) { return tanh(um2 * h + u0 * u1 - vt * h); },
           {.sequences = {taps(u, {-2, 0, 1}), v}, .outputs_info = {h0}});
  Var cost = sum(r.outputs[0] * r.outputs[0]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {u, v, h0}, cost, {0, 1, 2},
      {spread({8}, -1, 1), spread({11}, -1, 1, 5), Array::scalar(0.3)}));
}

TEST(ScanGradTest, GoBackwardsWithUnequalSequences) {
  Graph g;
  Var u = g.vector("u"), v = g.vector("v"), h0 = g.scalar("h0");
  ScanResult r = scan(
      [](Var um1, Var u1, Var vt, Var h) { return sin(h * um1 + u1) + vt; },
      {.sequences = {taps(u, {-1, 1}), v},
       .outputs_info = {h0},
       .go_backwards = true});
  Var cost = sum(r.outputs[0] * r.outputs[0]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {u, v, h0}, cost, {0, 1, 2},
      {spread({7}, -1, 1), spread({4}, -1, 1, 3), Array::scalar(0.4)}));
}

TEST(ScanGradTest, ProductsWithSequencesPushedOutOfTheLoop) {
  // dot(U, x) of sequence taps, going backwards: scan-push-out-sequences
  // computes U x for every row before the loop (forward and backward).
  Graph g;
  Var X = g.matrix("X"), U = g.matrix("U"), W = g.matrix("W"),
      h0 = g.vector("h0");
  ScanResult r = scan(
      [](Var xm1, Var x1, Var h, Var u, Var w) {
        return tanh(dot(u, xm1) + dot(w, h) + dot(x1, u.T()));
      },
      {.sequences = {taps(X, {-1, 1})}, .outputs_info = {h0},
       .non_sequences = {U, W}, .go_backwards = true});
  Var cost = sum(r.outputs[0] * r.outputs[0]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {X, U, W, h0}, cost, {0, 1, 2, 3},
      {spread({6, 2}, -1, 1), spread({2, 2}, -0.7, 0.7, 1),
       spread({2, 2}, -0.5, 0.5, 2), spread({2}, -0.3, 0.3, 3)}));
}

TEST(ScanGradTest, NStepsBelowTheSequenceLength) {
  Graph g;
  Var u = g.vector("u"), h0 = g.scalar("h0");
  ScanResult r = scan([](Var ut, Var h) { return h * ut + 1.0; },
                      {.sequences = {u}, .outputs_info = {h0}, .n_steps = 3});
  Var cost = r.outputs[0][-1];
  EXPECT_TRUE(matchesFiniteDifferences(
      {u, h0}, cost, {0, 1}, {spread({6}, 0.5, 1.5), Array::scalar(0.8)}));
}

TEST(ScanGradTest, NonRecurrentOutputsAndSeveralOutputs) {
  Graph g;
  Var X = g.matrix("X"), w = g.vector("w");
  // A map (non-recurrent) next to a running product.
  ScanResult r = scan(
      [](Var x, Var p, Var weights) {
        Var score = sum(x * weights);
        return std::vector<Var>{exp(score), p * score};
      },
      {.sequences = {X},
       .outputs_info = {none, constant(1.0)},
       .non_sequences = {w}});
  Var cost = sum(r.outputs[0]) + r.outputs[1][-1];
  EXPECT_TRUE(matchesFiniteDifferences(
      {X, w}, cost, {0, 1},
      {spread({4, 3}, -0.5, 0.5), spread({3}, 0.2, 0.9, 1)}));
}

TEST(ScanGradTest, UntilDifferentiatesTheStepsThatRan) {
  // Doubling until the value passes 5: from 0.7 that is 1.4, 2.8, 5.6
  // (three steps of the ten allowed); d(sum)/d(x0) = 2 + 4 + 8.
  Graph g;
  Var x0 = g.scalar("x0");
  ScanResult r = scan(
      [](Var x) {
        Var next = x * 2.0;
        return StepResult{{next}, {}, gt(next, 5.0)};
      },
      {.outputs_info = {x0}, .n_steps = 10});
  std::vector<Array> out =
      function({x0}, {grad(sum(r.outputs[0]), x0)})({Array::scalar(0.7)});
  EXPECT_TRUE(matches(out[0], {}, {14.0}));
}

TEST(ScanGradTest, TruncateGradientKeepsOnlyTheLastSteps) {
  // h_t = 2 h_{t-1} + u_t over 5 steps, cost = h_5: du_t = 2^(5-t) for
  // all t, but truncate_gradient = 2 keeps only the last two steps:
  // du = [0, 0, 0, 2, 1] and dh0 = 0 (Theano's truncated BPTT).
  Graph g;
  Var u = g.vector("u"), h0 = g.scalar("h0");
  ScanResult r =
      scan([](Var ut, Var h) { return h * 2.0 + ut; },
           {.sequences = {u}, .outputs_info = {h0}, .truncate_gradient = 2});
  std::vector<Var> d = grad(r.outputs[0][-1], {u, h0});
  std::vector<Array> out = function({u, h0}, d)(
      {Array({1.0, 2.0, 3.0, 4.0, 5.0}), Array::scalar(1.0)});
  EXPECT_TRUE(matches(out[0], {5}, {0, 0, 0, 2, 1}));
  EXPECT_TRUE(matches(out[1], {}, {0}));
  // With more room than steps, truncation changes nothing.
  ScanResult wide =
      scan([](Var ut, Var h) { return h * 2.0 + ut; },
           {.sequences = {u}, .outputs_info = {h0}, .truncate_gradient = 9});
  out = function({u, h0}, grad(wide.outputs[0][-1], {u, h0}))(
      {Array({1.0, 2.0, 3.0, 4.0, 5.0}), Array::scalar(1.0)});
  EXPECT_TRUE(matches(out[0], {5}, {16, 8, 4, 2, 1}));
  EXPECT_TRUE(matches(out[1], {}, {32}));
}

TEST(ScanGradTest, NestedScans) {
  // The inner scan sums x_t * h over the elements of row x_t.
  Graph g;
  Var X = g.matrix("X"), h0 = g.scalar("h0");
  ScanResult r = scan(
      [](Var x, Var h) {
        ScanResult inner = scan(
            [](Var e, Var acc, Var scale) { return acc + tanh(e * scale); },
            {.sequences = {x},
             .outputs_info = {constant(0.0)},
             .non_sequences = {h}});
        return inner.outputs[0][-1] * 0.5 + h;
      },
      {.sequences = {X}, .outputs_info = {h0}});
  Var cost = r.outputs[0][-1];
  EXPECT_TRUE(matchesFiniteDifferences(
      {X, h0}, cost, {0, 1}, {spread({3, 4}, -1, 1), Array::scalar(0.3)}));
}

TEST(ScanGradTest, ZeroStepsGiveZeroGradients) {
  Graph g;
  Var u = g.vector("u"), h0 = g.scalar("h0");
  ScanResult r = scan([](Var ut, Var h) { return h * ut; },
                      {.sequences = {u}, .outputs_info = {h0}});
  std::vector<Array> out = function({u, h0}, grad(sum(r.outputs[0]), {u, h0}))(
      {Array::zeros(DType::F64, {0}), Array::scalar(2.0)});
  EXPECT_TRUE(matches(out[0], {0}, {}));
  EXPECT_TRUE(matches(out[1], {}, {0}));
}

TEST(ScanGradTest, ReadOnlySharedVariable) {
  Graph g;
  SharedVariable w(Array({0.5, -0.25}), "w");
  Var X = g.matrix("X");
  ScanResult r = scan([&](Var x, Var h) { return tanh(sum(x * w) + h); },
                      {.sequences = {X}, .outputs_info = {constant(0.0)}});
  Var cost = sum(r.outputs[0]);
  // d cost / d w against differences in w's host value.
  Function gradient = function({X}, {grad(cost, w)});
  Function value = function({X}, {cost});
  Array x = spread({4, 2}, -1, 1);
  std::vector<double> analytic = gradient({x})[0].toVector<double>();
  for (int64_t i = 0; i < 2; ++i) {
    Array base = w.getValue().clone();
    auto at = [&](double delta) {
      Array moved = base.clone();
      moved.data<double>()[i] += delta;
      w.setValue(moved);
      return value({x})[0].toVector<double>()[0];
    };
    double quotient = (at(1e-6) - at(-1e-6)) / 2e-6;
    w.setValue(base);
    EXPECT_NEAR(analytic[i], quotient, 1e-6);
  }
}

} // namespace
