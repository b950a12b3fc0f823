//===- SharedAndRandomTest.cpp - Shared state and random streams ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Shared variables updated by functions and by scans (Theano guide's
// a = shared(1) example, by hand), and random streams: reproducible for a
// seed, new at every step and call, with the right statistics.
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include <cmath>
#include <set>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(SharedTest, ScanUpdatesAndTheirUse) {
  // Theano's guide: b = a + 1 reads the old value, c = updates[a] + 1 the
  // one after ten steps.
  Graph g;
  SharedVariable a = g.shared(Array::scalar(int64_t{1}), "a");
  ScanResult r = scan([&]() { return Updates{{a, a + 1}}; }, {.n_steps = 10});
  Var b = a + 1, c = r.updates[a] + 1;
  Function f = function({}, {b, c}, r.updates);
  std::vector<Array> out = f({});
  EXPECT_TRUE(matches(out[0], {}, {2}));
  EXPECT_TRUE(matches(out[1], {}, {12}));
  EXPECT_TRUE(matches(a.getValue(), {}, {11}));
  out = f({});
  EXPECT_TRUE(matches(out[0], {}, {12}));
  EXPECT_TRUE(matches(out[1], {}, {22}));
  EXPECT_TRUE(matches(a.getValue(), {}, {21}));
  // Without the updates, nothing changes.
  Function frozen = function({}, {b, c});
  out = frozen({});
  EXPECT_TRUE(matches(out[1], {}, {32}));
  EXPECT_TRUE(matches(a.getValue(), {}, {21}));
}

TEST(SharedTest, FunctionUpdatesAndSetValue) {
  Graph g;
  SharedVariable total = g.shared(Array{0.0, 0.0}, "total");
  Var x = g.vector("x");
  Function add = function({x}, {total}, Updates{{total, total + x}});
  add({Array{1.0, 2.0}});
  std::vector<Array> out = add({Array{10.0, 20.0}});
  EXPECT_TRUE(matches(out[0], {2}, {1, 2})); // the value before the update
  EXPECT_TRUE(matches(total.getValue(), {2}, {11, 22}));
  total.setValue(Array{0.5, 0.5, 0.5});
  add({Array{1.0, 1.0, 1.0}});
  EXPECT_TRUE(matches(total.getValue(), {3}, {1.5, 1.5, 1.5}));
}

TEST(RandomTest, SameSeedSameSamplesAndNewSamplesEachCall) {
  Graph g;
  Var n = g.lscalar("n");
  RandomStreams first(42), second(42), other(7);
  Function f1 = function({n}, {first.uniform({n})});
  Function f2 = function({n}, {second.uniform({n})});
  Function f3 = function({n}, {other.uniform({n})});
  Array size = Array::scalar(int64_t{64});
  Array a = f1({size})[0], b = f2({size})[0], c = f3({size})[0];
  EXPECT_TRUE(arrayEqual(a, b));
  EXPECT_FALSE(arrayEqual(a, c));
  EXPECT_FALSE(arrayEqual(a, f1({size})[0])); // the counter advanced
}

TEST(RandomTest, DrawsInsideAScanDifferFromStepToStep) {
  Graph g;
  RandomStreams rng(3);
  ScanResult r = scan([&]() { return rng.uniform({4}); }, {.n_steps = 5});
  Function f = function({}, {r.outputs[0]}, r.updates);
  Array samples = f({})[0];
  ASSERT_EQ(samples.shape(), (Shape{5, 4}));
  std::set<double> distinct;
  for (double value : samples.toVector<double>()) {
    EXPECT_GE(value, 0.0);
    EXPECT_LT(value, 1.0);
    distinct.insert(value);
  }
  EXPECT_EQ(distinct.size(), 20u);
  EXPECT_FALSE(arrayEqual(samples, f({})[0]));
}

TEST(RandomTest, UniformNormalAndBinomialStatistics) {
  Graph g;
  RandomStreams rng(2024);
  const int64_t count = 20000;
  Var u = rng.uniform({count}, -1.0, 3.0);
  Var z = rng.normal({count}, 2.0, 0.5);
  Var b = rng.binomial(constant(Array{count}), 3, 0.25);
  std::vector<Array> out = function({}, {u, z, b})({});
  auto moments = [](const Array &array) {
    double sum = 0, squares = 0;
    std::vector<double> values = array.toVector<double>();
    for (double value : values) {
      sum += value;
      squares += value * value;
    }
    double mean = sum / values.size();
    return std::pair{mean, squares / values.size() - mean * mean};
  };
  auto [uMean, uVar] = moments(out[0]);
  EXPECT_NEAR(uMean, 1.0, 0.05);
  EXPECT_NEAR(uVar, 16.0 / 12.0, 0.05);
  auto [zMean, zVar] = moments(out[1]);
  EXPECT_NEAR(zMean, 2.0, 0.02);
  EXPECT_NEAR(zVar, 0.25, 0.02);
  auto [bMean, bVar] = moments(out[2]);
  EXPECT_EQ(out[2].dtype(), DType::I64);
  EXPECT_NEAR(bMean, 0.75, 0.03);
  EXPECT_NEAR(bVar, 3 * 0.25 * 0.75, 0.03);
}

TEST(RandomTest, BinomialMaskOfTheSeedExample) {
  // tanh(v.dot(W) + b) * d with d ~ binomial drawn once: every row is the
  // mask applied to the plain value.
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), b_sym = g.vector("b_sym");
  RandomStreams trng(1234);
  Var d = trng.binomial(W[1].shape());
  ScanResult r = scan([&](Var v) { return tanh(dot(v, W) + b_sym) * d; },
                      {.sequences = {X}});
  Function f = function({X, W, b_sym}, {r.outputs[0], d}, r.updates);
  Array x = Array::zeros(DType::F64, {10, 2});
  x.at<double>({0, 0}) = x.at<double>({1, 1}) = 1;
  std::vector<Array> out = f({x, Array::ones(DType::F64, {2, 2}),
                              Array::ones(DType::F64, {2})});
  for (int64_t i = 0; i < 10; ++i)
    for (int64_t j = 0; j < 2; ++j) {
      double plain = std::tanh(x.at<double>({i, 0}) + x.at<double>({i, 1}) + 1);
      int64_t mask = out[1].at<int64_t>({j});
      EXPECT_TRUE(mask == 0 || mask == 1);
      EXPECT_NEAR(out[0].at<double>({i, j}), plain * mask, 1e-15);
    }
}

TEST(RandomTest, GibbsChainWithStrictSharedWeights) {
  Graph g;
  SharedVariable W = g.shared(Array{{0.3, 0.8}, {0.6, 0.1}}, "W");
  SharedVariable bvis = g.shared(Array{0.4, 0.7}, "bvis");
  SharedVariable bhid = g.shared(Array{0.2, 0.9}, "bhid");
  RandomStreams trng(1234);
  auto step = [&](Var v, Var w, Var bv, Var bh) {
    Var hmean = sigmoid(dot(v, w) + bh);
    Var h = trng.binomial(hmean.shape(), 1, hmean, DType::F64);
    Var vmean = sigmoid(dot(h, w.T()) + bv);
    return trng.binomial(v.shape(), 1, vmean, DType::F64);
  };
  Var sample = g.vector("sample");
  ScanResult values = scan(step, {.outputs_info = {sample},
                                  .non_sequences = {W, bvis, bhid},
                                  .n_steps = 10, .strict = true});
  Function gibbs10 = function({sample}, {values.outputs[0]}, values.updates);
  std::set<std::vector<double>> chains;
  for (int call = 0; call < 8; ++call) {
    Array chain = gibbs10({Array{1.0, 0.0}})[0];
    ASSERT_EQ(chain.shape(), (Shape{10, 2}));
    for (double value : chain.toVector<double>())
      EXPECT_TRUE(value == 0.0 || value == 1.0);
    chains.insert(chain.toVector<double>());
  }
  EXPECT_GT(chains.size(), 1u); // the stream advances from call to call
}

} // namespace
