//===- OpGradTest.cpp - Each op's reverse-mode rule against differences --===//
//
// Part of ScanJIT. One frontend op per case, its gradient compiled through
// grad() and compared with central finite differences in f64.
//
//===----------------------------------------------------------------------===//

#include "GradTestUtils.h"

#include <functional>
#include <ostream>
#include <string>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

/// A unary case: the cost sum(f(x) * weights) for a vector x with values
/// in [lo, hi] (the weights make every element's adjoint different).
struct UnaryCase {
  std::string name;
  std::function<Var(Var)> f;
  double lo = -1.0, hi = 1.0;
};

/// Prints a case as its name (gtest would print the struct's raw bytes).
void PrintTo(const UnaryCase &c, std::ostream *os) { *os << c.name; }

class UnaryGradTest : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(UnaryGradTest, MatchesFiniteDifferences) {
  const UnaryCase &c = GetParam();
  Graph g;
  Var x = g.vector("x"), weights = g.vector("weights");
  Var cost = sum(c.f(x) * weights);
  EXPECT_TRUE(matchesFiniteDifferences(
      {x, weights}, cost, {0},
      {spread({5}, c.lo, c.hi), spread({5}, 0.5, 1.5, 3)}));
}

INSTANTIATE_TEST_SUITE_P(
    Ops, UnaryGradTest,
    ::testing::Values(
        UnaryCase{"neg", [](Var x) { return -x; }},
        UnaryCase{"exp", [](Var x) { return exp(x); }},
        UnaryCase{"expm1", [](Var x) { return expm1(x); }},
        UnaryCase{"log", [](Var x) { return log(x); }, 0.5, 3.0},
        UnaryCase{"tanh", [](Var x) { return tanh(x); }},
        UnaryCase{"sigmoid", [](Var x) { return sigmoid(x); }},
        UnaryCase{"sqrt", [](Var x) { return sqrt(x); }, 0.5, 3.0},
        UnaryCase{"sin", [](Var x) { return sin(x); }},
        UnaryCase{"cos", [](Var x) { return cos(x); }},
        UnaryCase{"abs", [](Var x) { return abs(x); }, 0.1, 1.0},
        UnaryCase{"abs_negative", [](Var x) { return abs(x); }, -1.0, -0.1},
        UnaryCase{"square", [](Var x) { return x * x; }},
        UnaryCase{"pow_constant", [](Var x) { return pow(x, 3.0); }, 0.5, 2},
        UnaryCase{"reciprocal", [](Var x) { return 1.0 / x; }, 0.5, 2.0},
        UnaryCase{"affine", [](Var x) { return x * 3.0 - 2.0; }},
        UnaryCase{"maximum", [](Var x) { return maximum(x, 0.1); }},
        UnaryCase{"minimum", [](Var x) { return minimum(x, 0.1); }},
        UnaryCase{"clip", [](Var x) { return clip(x, -0.5, 0.5); }},
        UnaryCase{"where", [](Var x) { return where(gt(x, 0.0), x * x, -x); }},
        UnaryCase{"stack_of_itself",
                  [](Var x) {
                    return stack({x, x * 2.0}).sum({0});
                  }},
        UnaryCase{"concatenate",
                  [](Var x) {
                    return concatenate({x * x, x}).reshape({2, 5}).sum({0});
                  }},
        UnaryCase{"reverse_slices",
                  [](Var x) {
                    return concatenate({x[slice(2, 5)], x[slice(0, 2)]});
                  }},
        UnaryCase{"set_subtensor",
                  [](Var x) { return set_subtensor(x[slice(1, 3)], x[0]); }},
        UnaryCase{"inc_subtensor",
                  [](Var x) { return inc_subtensor(x[2], x[4] * x[1]); }},
        UnaryCase{"mean_and_max",
                  [](Var x) { return x * mean(x) + max(x) + min(x); }},
        UnaryCase{"prod", [](Var x) { return x * prod(x); }, 0.5, 1.5},
        UnaryCase{"outer_sum",
                  [](Var x) {
                    Var m = x.reshape({5, 1}) * x.reshape({1, 5});
                    return m.sum({1}) + m.T().sum({0});
                  }}),
    [](const ::testing::TestParamInfo<UnaryCase> &info) {
      return info.param.name;
    });

TEST(OpGradTest, BinaryPowerWithRespectToBothOperands) {
  Graph g;
  Var x = g.vector("x"), y = g.vector("y");
  EXPECT_TRUE(matchesFiniteDifferences(
      {x, y}, sum(pow(x, y)), {0, 1},
      {spread({4}, 0.5, 2.0), spread({4}, -1.5, 1.5, 1)}));
}

TEST(OpGradTest, DivisionWithRespectToBothOperands) {
  Graph g;
  Var x = g.vector("x"), y = g.vector("y");
  EXPECT_TRUE(
      matchesFiniteDifferences({x, y}, sum(x / y), {0, 1},
                               {spread({4}, -1, 1), spread({4}, 0.5, 1.5, 1)}));
}

TEST(OpGradTest, BroadcastingReducesTheAdjoint) {
  // A row vector and a scalar broadcast against a matrix.
  Graph g;
  Var m = g.matrix("m"), row = g.vector("row"), s = g.scalar("s");
  Var cost = sum(tanh(m * row + s) * m);
  EXPECT_TRUE(matchesFiniteDifferences(
      {m, row, s}, cost, {0, 1, 2},
      {spread({3, 4}, -1, 1), spread({4}, -1, 1, 1), Array::scalar(0.2)}));
}

TEST(OpGradTest, EveryFormOfDot) {
  Graph g;
  Var A = g.matrix("A"), B = g.matrix("B"), u = g.vector("u"),
      v = g.vector("v"), s = g.scalar("s");
  Var cost = sum(dot(A, B) * dot(A, B)) + sum(dot(A, v) * dot(u, A).sum()) +
             dot(u, u) * s + sum(dot(s, v));
  EXPECT_TRUE(matchesFiniteDifferences(
      {A, B, u, v, s}, cost, {0, 1, 2, 3, 4},
      {spread({3, 4}, -1, 1), spread({4, 2}, -1, 1, 1), spread({3}, -1, 1, 2),
       spread({4}, -1, 1, 3), Array::scalar(0.7)}));
}

TEST(OpGradTest, ReductionsOverAxes) {
  Graph g;
  Var m = g.matrix("m");
  Var cost = sum(m.sum({0}) * m.max({1}).sum()) +
             sum(m.mean({1}, /*keepdims=*/true) * m);
  EXPECT_TRUE(
      matchesFiniteDifferences({m}, cost, {0}, {spread({3, 4}, -1, 1)}));
}

TEST(OpGradTest, IndexingAndTransposes) {
  Graph g;
  Var m = g.matrix("m"), i = g.lscalar("i");
  Var cost = sum(m(i, slice(1, 3)) * m.T()(slice(0, 2), 0)) +
             sum(m.transpose({1, 0})[-1]);
  EXPECT_TRUE(matchesFiniteDifferences(
      {m, i}, cost, {0}, {spread({3, 4}, -1, 1), Array::scalar<int64_t>(1)}));
}

} // namespace
