//===- ErrorsTest.cpp - Jacobians, Hessians and grad's errors ------------===//
//
// Part of ScanJIT. Gradients of gradients and gradients inside scan bodies
// against hand-derived values, and what grad() reports for integer or
// disconnected inputs under each disconnected_inputs policy.
//
//===----------------------------------------------------------------------===//

#include "GradTestUtils.h"

#include <cmath>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(JacobianTest, TheanoSeedScanOverGradWithExplicitNonSequences) {
  // Theano's documentation: y = x ** 2, J = scan(lambda i, y, x:
  // grad(y[i], x), sequences=arange(y.shape[0]), non_sequences=[y, x]);
  // f([4, 4]) = [[8, 0], [0, 8]].
  Graph g;
  Var x = g.vector("x");
  Var y = pow(x, 2.0);
  ScanResult J =
      scan([](Var i, Var yv, Var xv) { return grad(yv[i], xv); },
           {.sequences = {arange(y.shape(0))}, .non_sequences = {y, x}});
  std::vector<Array> out = function({x}, {J.outputs[0]})({Array({4.0, 4.0})});
  EXPECT_TRUE(matches(out[0], {2, 2}, {8, 0, 0, 8}));
}

TEST(JacobianTest, JacobianOfAVectorFunction) {
  // y = [x0 * x1, sin(x0)]: J = [[x1, x0], [cos(x0), 0]].
  Graph g;
  Var x = g.vector("x");
  Var y = stack({x[0] * x[1], sin(x[0])});
  std::vector<Array> out = function({x}, {jacobian(y, x)})({Array({0.5, 3.0})});
  EXPECT_TRUE(matches(out[0], {2, 2}, {3.0, 0.5, std::cos(0.5), 0.0}));
}

TEST(JacobianTest, DeepOuterGraphIsClonedIteratively) {
  // The Jacobian's scan body reaches x through 3,000 ops of the outer
  // graph, which grad() clones into the body without recursion:
  // y = 0.999^1500 x + c, so J = 0.999^1500 I.
  Graph g;
  Var x = g.vector("x");
  Var y = x;
  for (int i = 0; i < 1500; ++i)
    y = y * 0.999 + 0.001;
  std::vector<Array> out =
      function({x}, {jacobian(y, x)})({Array({0.5, -2.0})});
  double d = std::pow(0.999, 1500);
  EXPECT_TRUE(matches(out[0], {2, 2}, {d, 0.0, 0.0, d}, 1e-12));
}

TEST(HessianTest, HessianOfACubicMatchesHandDerivedValues) {
  // cost = x0^3 + x0 x1^2: H = [[6 x0, 2 x1], [2 x1, 2 x0]].
  Graph g;
  Var x = g.vector("x");
  Var cost = pow(x[0], 3.0) + x[0] * x[1] * x[1];
  std::vector<Array> out =
      function({x}, {hessian(cost, x)})({Array({1.5, -2.0})});
  EXPECT_TRUE(matches(out[0], {2, 2}, {9.0, -4.0, -4.0, 3.0}, 1e-10));
}

TEST(HessianTest, GradOfGradThroughAScan) {
  // cost = sum_t h_t with h_t = h_{t-1} * a + 1 (h0 = 1, 3 steps):
  // h = [a + 1, a^2 + a + 1, a^3 + a^2 + a + 1], d cost/da = 3a^2 + 4a + 3,
  // d2 cost/da2 = 6a + 4.
  Graph g;
  Var a = g.scalar("a");
  ScanResult r = scan(
      [](Var h, Var coeff) { return h * coeff + 1.0; },
      {.outputs_info = {constant(1.0)}, .non_sequences = {a}, .n_steps = 3});
  Var first = grad(sum(r.outputs[0]), a);
  Var second = grad(first, a);
  std::vector<Array> out = function({a}, {first, second})({Array::scalar(0.5)});
  EXPECT_TRUE(matches(out[0], {}, {3 * 0.25 + 2.0 + 3.0}, 1e-10));
  EXPECT_TRUE(matches(out[1], {}, {7.0}, 1e-10));
}

TEST(GradErrorsTest, IntegerInputRaisesByDefault) {
  Graph g;
  Var x = g.vector("x"), k = g.lscalar("k");
  Var cost = sum(x * k);
  EXPECT_TRUE(contains(errorMessageOf([&] { grad(cost, k); }),
                       "is an integer tensor: it has no gradient"));
  std::vector<Array> out = function({x, k}, {grad(cost, k, "ignore")})(
      {Array({1.0, 2.0}), Array::scalar<int64_t>(3)});
  EXPECT_TRUE(matches(out[0], {}, {0}));
}

TEST(GradErrorsTest, DisconnectedInputRaisesWarnsOrIgnores) {
  Graph g;
  Var x = g.vector("x"), unused = g.vector("unused");
  Var cost = sum(x * x);
  std::string message = errorMessageOf([&] { grad(cost, {x, unused}); });
  EXPECT_TRUE(contains(message, "ErrorsTest.cpp"));
  EXPECT_TRUE(contains(message, "the cost does not depend on wrt #1"));
  std::vector<Var> d = grad(cost, {x, unused}, "warn");
  std::vector<Array> out =
      function({x, unused}, d)({Array({1.0, 2.0}), Array({5.0, 6.0, 7.0})});
  EXPECT_TRUE(matches(out[0], {2}, {2, 4}));
  EXPECT_TRUE(matches(out[1], {3}, {0, 0, 0}));
  EXPECT_TRUE(contains(errorMessageOf([&] { grad(cost, x, "sometimes"); }),
                       "disconnected_inputs must be"));
}

TEST(GradErrorsTest, StopGradientDisconnects) {
  Graph g;
  Var x = g.vector("x");
  // d/dx sum(x * stop_gradient(x)) = x (the second factor is a constant).
  Var cost = sum(x * stop_gradient(x));
  std::vector<Array> out = function({x}, {grad(cost, x)})({Array({1.0, -3.0})});
  EXPECT_TRUE(matches(out[0], {2}, {1, -3}));
  EXPECT_TRUE(
      contains(errorMessageOf([&] { grad(sum(disconnected_grad(x)), x); }),
               "the cost does not depend on wrt #0"));
}

TEST(GradErrorsTest, CostMustBeAFloatScalar) {
  Graph g;
  Var x = g.vector("x");
  EXPECT_TRUE(contains(errorMessageOf([&] { grad(x, x); }),
                       "the cost must be a floating-point scalar"));
}

} // namespace

namespace {

TEST(GradErrorsTest, RandomDrawsOnTheWayAreAnError) {
  // Dropout in a recurrence: the backward scan would see the random
  // stream's counter before the loop, not each step's: an error, not a
  // wrong gradient.
  Graph g;
  RandomStreams streams(42);
  Var u = g.vector("u"), h0 = g.scalar("h0");
  ScanResult r = scan(
      [&](Var ut, Var h) {
        Var keep = streams.uniform(std::vector<Dim>{}) < 0.5;
        return where(keep, tanh(h + ut), 0.0);
      },
      {.sequences = {u}, .outputs_info = {h0}});
  Var d = grad(sum(r.outputs[0]), h0);
  std::string message = errorMessageOf([&] {
    function({u, h0}, {d})({Array({1.0, 2.0}), Array::scalar(0.5)});
  });
  EXPECT_TRUE(contains(message, "grad: the backward program cannot be built"));
  EXPECT_TRUE(contains(message, "which the step updates"));
  // The user's line, and not the compiler's fault.
  EXPECT_TRUE(contains(message, "ErrorsTest.cpp"));
  EXPECT_EQ(message.find("internal compiler error"), std::string::npos);
  // A draw that only feeds what needs no adjoint is fine: the noise is
  // added, its adjoint is 1 whatever it was.
  ScanResult noisy = scan(
      [&](Var ut, Var h) {
        return h * 0.5 + ut + streams.uniform(std::vector<Dim>{});
      },
      {.sequences = {u}, .outputs_info = {h0}});
  std::vector<Array> out = function({u, h0}, {grad(noisy.outputs[0][-1], h0)})(
      {Array({1.0, 2.0}), Array::scalar(0.5)});
  EXPECT_TRUE(matches(out[0], {}, {0.25}));
}

} // namespace
