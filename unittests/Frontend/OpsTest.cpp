//===- OpsTest.cpp - Every frontend op against hand-derived values --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each test builds a small graph, compiles it through the whole pipeline and
// compares the result with values worked out by hand (written out in the
// test, or computed by a plain loop over the inputs).
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include "scanjit/Runtime/CPURuntime.h"

#include <cmath>
#include <limits>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(OpsTest, ArithmeticOperatorsBroadcastAndPromote) {
  Graph g;
  Var a = g.matrix("a"), v = g.vector("v"), s = g.scalar("s");
  std::vector<Array> r = evaluate(
      {a, v, s}, {a + v, a - s, a * v, a / 2, 1.0 - v, -a},
      {Array{{1.0, 2.0}, {3.0, 4.0}}, Array{10.0, 20.0}, Array::scalar(0.5)});
  EXPECT_TRUE(matches(r[0], {2, 2}, {11, 22, 13, 24}));
  EXPECT_TRUE(matches(r[1], {2, 2}, {0.5, 1.5, 2.5, 3.5}));
  EXPECT_TRUE(matches(r[2], {2, 2}, {10, 40, 30, 80}));
  EXPECT_TRUE(matches(r[3], {2, 2}, {0.5, 1, 1.5, 2}));
  EXPECT_TRUE(matches(r[4], {2}, {-9, -19}));
  EXPECT_TRUE(matches(r[5], {2, 2}, {-1, -2, -3, -4}));
}

TEST(OpsTest, IntegerDivisionIsTrueDivisionAndIntegersStayIntegers) {
  Graph g;
  Var i = g.ivector("i");
  std::vector<Array> r =
      evaluate({i}, {i / 2, i * 3 + 1, -i}, {Array{1, 4, -3}});
  EXPECT_EQ(r[0].dtype(), DType::F64);
  EXPECT_TRUE(matches(r[0], {3}, {0.5, 2, -1.5}));
  EXPECT_EQ(r[1].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[1], {3}, {4, 13, -8}));
  EXPECT_TRUE(matches(r[2], {3}, {-1, -4, 3}));
}

TEST(OpsTest, UnaryMathFunctions) {
  Graph g;
  Var x = g.vector("x");
  std::vector<Array> r = evaluate(
      {x}, {exp(x), log(x), tanh(x), sigmoid(x), sqrt(x), abs(neg(x)), sin(x),
            cos(x)},
      {Array{0.5, 1.0, 4.0}});
  std::vector<double> in = {0.5, 1.0, 4.0};
  auto each = [&](double (*f)(double)) {
    std::vector<double> out;
    for (double value : in)
      out.push_back(f(value));
    return out;
  };
  EXPECT_TRUE(matches(r[0], {3}, each([](double v) { return std::exp(v); }), 1e-12));
  EXPECT_TRUE(matches(r[1], {3}, each([](double v) { return std::log(v); }), 1e-12));
  EXPECT_TRUE(matches(r[2], {3}, each([](double v) { return std::tanh(v); }), 1e-12));
  EXPECT_TRUE(matches(
      r[3], {3}, each([](double v) { return 1 / (1 + std::exp(-v)); }), 1e-12));
  EXPECT_TRUE(matches(r[4], {3}, {std::sqrt(0.5), 1, 2}, 1e-15));
  EXPECT_TRUE(matches(r[5], {3}, in));
  EXPECT_TRUE(matches(r[6], {3}, each([](double v) { return std::sin(v); }), 1e-12));
  EXPECT_TRUE(matches(r[7], {3}, each([](double v) { return std::cos(v); }), 1e-12));
}

TEST(OpsTest, Expm1) {
  Graph g;
  Var x = g.vector("x"), k = g.ivector("k");
  std::vector<Array> r = evaluate({x, k}, {expm1(x), expm1(k)},
                                  {Array{-1.0, 0.5, 2.0}, Array{0, 1}});
  EXPECT_TRUE(matches(r[0], {3},
                      {std::expm1(-1.0), std::expm1(0.5), std::expm1(2.0)},
                      1e-12));
  // Integers compute in f64, as NumPy's expm1 does.
  EXPECT_EQ(r[1].dtype(), DType::F64);
  EXPECT_TRUE(matches(r[1], {2}, {0.0, std::expm1(1.0)}, 1e-12));
}

TEST(OpsTest, PowMaximumMinimum) {
  Graph g;
  Var x = g.vector("x"), y = g.vector("y"), k = g.ivector("k");
  std::vector<Array> r = evaluate(
      {x, y, k}, {pow(x, y), pow(x, 2), maximum(x, y), minimum(x, y), pow(k, 3)},
      {Array{2.0, 9.0, -1.5}, Array{3.0, 0.5, 1.0}, Array{2, -3, 0}});
  EXPECT_TRUE(matches(r[0], {3}, {8, 3, -1.5}, 1e-12));
  EXPECT_TRUE(matches(r[1], {3}, {4, 81, 2.25}, 1e-12));
  EXPECT_TRUE(matches(r[2], {3}, {3, 9, 1}));
  EXPECT_TRUE(matches(r[3], {3}, {2, 0.5, -1.5}));
  EXPECT_EQ(r[4].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[4], {3}, {8, -27, 0}));
}

TEST(OpsTest, ComparisonsLogicalOpsAndWhere) {
  Graph g;
  Var x = g.vector("x"), y = g.vector("y");
  Var less = x < y;
  std::vector<Array> r = evaluate(
      {x, y},
      {less, x <= y, x > 1.0, x >= y, eq(x, y), neq(x, y),
       logical_and(less, x > 0.0), logical_or(less, eq(x, y)), !less,
       where(less, x, y), switch_(x > 1.0, x * 10, constant(-1.0))},
      {Array{0.0, 2.0, 3.0}, Array{1.0, 2.0, -1.0}});
  EXPECT_EQ(r[0].dtype(), DType::Bool);
  EXPECT_TRUE(matches(r[0], {3}, {1, 0, 0}));
  EXPECT_TRUE(matches(r[1], {3}, {1, 1, 0}));
  EXPECT_TRUE(matches(r[2], {3}, {0, 1, 1}));
  EXPECT_TRUE(matches(r[3], {3}, {0, 1, 1}));
  EXPECT_TRUE(matches(r[4], {3}, {0, 1, 0}));
  EXPECT_TRUE(matches(r[5], {3}, {1, 0, 1}));
  EXPECT_TRUE(matches(r[6], {3}, {0, 0, 0}));
  EXPECT_TRUE(matches(r[7], {3}, {1, 1, 0}));
  EXPECT_TRUE(matches(r[8], {3}, {0, 1, 1}));
  EXPECT_TRUE(matches(r[9], {3}, {0, 2, -1}));
  EXPECT_TRUE(matches(r[10], {3}, {-1, 20, 30}));
}

TEST(OpsTest, ExplicitCasts) {
  Graph g;
  Var x = g.vector("x");
  std::vector<Array> r =
      evaluate({x},
               {cast(x, DType::I32), x.astype(DType::F32), cast(x, DType::Bool),
                cast(cast(x, DType::Bool), DType::I64)},
               {Array{1.75, -2.5, 0.0}});
  EXPECT_EQ(r[0].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[0], {3}, {1, -2, 0}));
  EXPECT_EQ(r[1].dtype(), DType::F32);
  EXPECT_TRUE(matches(r[1], {3}, {1.75, -2.5, 0}));
  EXPECT_TRUE(matches(r[2], {3}, {1, 1, 0}));
  EXPECT_TRUE(matches(r[3], {3}, {1, 1, 0}));
}

TEST(OpsTest, DotFollowsNumPyRules) {
  Graph g;
  Var m = g.matrix("m"), n = g.matrix("n"), v = g.vector("v"), w = g.vector("w"),
      s = g.scalar("s");
  // m = [[1, 2, 3], [4, 5, 6]], n = m.T, v = [1, 0, -1], w = [2, 1].
  std::vector<Array> r = evaluate(
      {m, n, v, w, s}, {dot(m, n), dot(m, v), dot(w, m), dot(v, v), dot(s, v)},
      {Array{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}},
       Array{{1.0, 4.0}, {2.0, 5.0}, {3.0, 6.0}}, Array{1.0, 0.0, -1.0},
       Array{2.0, 1.0}, Array::scalar(3.0)});
  EXPECT_TRUE(matches(r[0], {2, 2}, {14, 32, 32, 77}));
  EXPECT_TRUE(matches(r[1], {2}, {-2, -2}));
  EXPECT_TRUE(matches(r[2], {3}, {6, 9, 12}));
  EXPECT_TRUE(matches(r[3], {}, {2}));
  EXPECT_TRUE(matches(r[4], {3}, {3, 0, -3}));
}

TEST(OpsTest, TransposeAndReductionsOverAxes) {
  Graph g;
  Var m = g.matrix("m");
  // m = [[1, 2, 3], [4, 5, 6]]
  std::vector<Array> r = evaluate(
      {m},
      {m.T(), m.sum(), m.sum(0), m.sum(1, true), m.mean(), m.mean(1),
       m.max(), m.max(0), m.min(1), m.prod(), prod(m, 0)},
      {Array{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}});
  EXPECT_TRUE(matches(r[0], {3, 2}, {1, 4, 2, 5, 3, 6}));
  EXPECT_TRUE(matches(r[1], {}, {21}));
  EXPECT_TRUE(matches(r[2], {3}, {5, 7, 9}));
  EXPECT_TRUE(matches(r[3], {2, 1}, {6, 15}));
  EXPECT_TRUE(matches(r[4], {}, {3.5}));
  EXPECT_TRUE(matches(r[5], {2}, {2, 5}));
  EXPECT_TRUE(matches(r[6], {}, {6}));
  EXPECT_TRUE(matches(r[7], {3}, {4, 5, 6}));
  EXPECT_TRUE(matches(r[8], {2}, {1, 4}));
  EXPECT_TRUE(matches(r[9], {}, {720}));
  EXPECT_TRUE(matches(r[10], {3}, {4, 10, 18}));
}

TEST(OpsTest, IntegerSumsWidenToI64) {
  Graph g;
  Var i = g.ivector("i");
  std::vector<Array> r = evaluate({i}, {i.sum(), i.max()}, {Array{3, -7, 5}});
  EXPECT_EQ(r[0].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[0], {}, {1}));
  EXPECT_EQ(r[1].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[1], {}, {5}));
}

TEST(OpsTest, ReshapeStackConcatenate) {
  Graph g;
  Var v = g.vector("v"), w = g.vector("w");
  std::vector<Array> r =
      evaluate({v, w},
               {v.reshape(std::vector<int64_t>{2, -1}), stack({v, w}),
                stack({v, w}, 1), concatenate({v, w})},
               {Array{1.0, 2.0, 3.0, 4.0}, Array{5.0, 6.0, 7.0, 8.0}});
  EXPECT_TRUE(matches(r[0], {2, 2}, {1, 2, 3, 4}));
  EXPECT_TRUE(matches(r[1], {2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_TRUE(matches(r[2], {4, 2}, {1, 5, 2, 6, 3, 7, 4, 8}));
  EXPECT_TRUE(matches(r[3], {8}, {1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(OpsTest, RangesAndFilledArrays) {
  Graph g;
  Var n = g.iscalar("n"), x = g.matrix("x");
  std::vector<Array> r = evaluate(
      {n, x},
      {arange(n), arange(5), arange(g.constant(1.0), g.constant(2.0),
                                    g.constant(0.25)),
       arange(constant(10.0, DType::I64), constant(0.0, DType::I64),
              constant(-3.0, DType::I64)),
       zeros({n, 2}), ones(x.shape()), full({2}, 7.0), eye(n), zeros_like(x),
       ones_like(x), full_like(x, 2.5)},
      {Array::scalar(3), Array{{1.0, 2.0}}});
  EXPECT_EQ(r[0].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[0], {3}, {0, 1, 2}));
  EXPECT_EQ(r[1].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[1], {5}, {0, 1, 2, 3, 4}));
  EXPECT_TRUE(matches(r[2], {4}, {1, 1.25, 1.5, 1.75}));
  EXPECT_TRUE(matches(r[3], {4}, {10, 7, 4, 1}));
  EXPECT_TRUE(matches(r[4], {3, 2}, {0, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(matches(r[5], {1, 2}, {1, 1}));
  EXPECT_TRUE(matches(r[6], {2}, {7, 7}));
  EXPECT_TRUE(matches(r[7], {3, 3}, {1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_TRUE(matches(r[8], {1, 2}, {0, 0}));
  EXPECT_TRUE(matches(r[9], {1, 2}, {1, 1}));
  EXPECT_TRUE(matches(r[10], {1, 2}, {2.5, 2.5}));
}

TEST(OpsTest, ShapeAndSize) {
  Graph g;
  Var t = g.tensor3("t");
  std::vector<Array> r = evaluate({t}, {t.shape(), t.shape(-1), t.size()},
                                  {Array::zeros(DType::F64, {2, 3, 4})});
  EXPECT_EQ(r[0].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[0], {3}, {2, 3, 4}));
  EXPECT_TRUE(matches(r[1], {}, {4}));
  EXPECT_TRUE(matches(r[2], {}, {24}));
}

TEST(OpsTest, IndexingWithConstantsSymbolsAndNegatives) {
  Graph g;
  Var m = g.matrix("m"), i = g.iscalar("i");
  // m = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
  Array values = Array::zeros(DType::F64, {3, 3});
  for (int64_t k = 0; k < 9; ++k)
    values.at<double>({k / 3, k % 3}) = static_cast<double>(k);
  std::vector<Array> r = evaluate(
      {m, i}, {m[1], m[-1], m(0, 2), m(i, -2), m[i], m(-1, i)},
      {values, Array::scalar(-3)});
  EXPECT_TRUE(matches(r[0], {3}, {3, 4, 5}));
  EXPECT_TRUE(matches(r[1], {3}, {6, 7, 8}));
  EXPECT_TRUE(matches(r[2], {}, {2}));
  EXPECT_TRUE(matches(r[3], {}, {1})); // m[-3, -2] = m[0, 1]
  EXPECT_TRUE(matches(r[4], {3}, {0, 1, 2}));
  EXPECT_TRUE(matches(r[5], {}, {6}));
}

TEST(OpsTest, SlicingWithStepsAndReversal) {
  Graph g;
  Var v = g.vector("v"), m = g.matrix("m"), n = g.iscalar("n");
  Array range = Array::arange(0, 6, 1); // [0, 1, 2, 3, 4, 5]
  Array grid{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
  std::vector<Array> r = evaluate(
      {v, m, n},
      {v[slice(1, 4)], v[slice(none, none, 2)], v[slice(none, none, -1)],
       v[slice(-2, none)], v[slice(4, 0, -2)], v[slice(n, none)],
       v[slice(10, 20)], m[slice(none, none, -1)], m(slice(none, none), 1),
       m(slice(1, none), slice(none, none, -1))},
      {range, grid, Array::scalar(2)});
  EXPECT_TRUE(matches(r[0], {3}, {1, 2, 3}));
  EXPECT_TRUE(matches(r[1], {3}, {0, 2, 4}));
  EXPECT_TRUE(matches(r[2], {6}, {5, 4, 3, 2, 1, 0}));
  EXPECT_TRUE(matches(r[3], {2}, {4, 5}));
  EXPECT_TRUE(matches(r[4], {2}, {4, 2}));
  EXPECT_TRUE(matches(r[5], {4}, {2, 3, 4, 5}));
  EXPECT_TRUE(matches(r[6], {0}, {}));
  EXPECT_TRUE(matches(r[7], {3, 2}, {5, 6, 3, 4, 1, 2}));
  EXPECT_TRUE(matches(r[8], {3}, {2, 4, 6}));
  EXPECT_TRUE(matches(r[9], {2, 2}, {4, 3, 6, 5}));
}

TEST(OpsTest, SetAndIncSubtensor) {
  Graph g;
  Var m = g.matrix("m"), i = g.iscalar("i"), s = g.scalar("s");
  std::vector<Array> r = evaluate(
      {m, i, s},
      {set_subtensor(m(i, 2), s), set_subtensor(m[0], g.constant(7.0)),
       inc_subtensor(m(slice(none, none), slice(1, none)),
                     m(1, slice(1, none)) + 1.0),
       set_subtensor(m[-1], arange(3).astype(DType::F64))},
      {Array{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, Array::scalar(1),
       Array::scalar(9.0)});
  EXPECT_TRUE(matches(r[0], {2, 3}, {1, 2, 3, 4, 5, 9}));
  EXPECT_TRUE(matches(r[1], {2, 3}, {7, 7, 7, 4, 5, 6}));
  // Columns 1: and 2: get m[1][1:] + 1 = [6, 7] added to each row.
  EXPECT_TRUE(matches(r[2], {2, 3}, {1, 8, 10, 4, 11, 13}));
  EXPECT_TRUE(matches(r[3], {2, 3}, {1, 2, 3, 0, 1, 2}));
}

TEST(OpsTest, ConstantsOfEveryDType) {
  Graph g;
  std::vector<Array> r = evaluate(
      {}, {constant(Array{{1, 2}, {3, 4}}), constant(Array{true, false}),
           constant(Array{1.5f}), g.constant(2.0) * 3},
      {});
  EXPECT_TRUE(arrayEqual(r[0], Array{{1, 2}, {3, 4}}));
  EXPECT_TRUE(arrayEqual(r[1], Array{true, false}));
  EXPECT_TRUE(arrayEqual(r[2], Array{1.5f}));
  EXPECT_TRUE(matches(r[3], {}, {6}));
}

TEST(OpsTest, ReshapeChecksItsSizesAtBuildAndRunTime) {
  Graph g;
  Var v = g.vector("v"), n = g.lscalar("n"), m = g.lscalar("m");
  // Static sizes of a static array: checked while building the graph.
  Var three = constant(Array{1.0, 2.0, 3.0});
  EXPECT_EQ(errorMessageOf([&] {
              three.reshape(std::vector<int64_t>{2, -1});
            }),
            "reshape: cannot reshape array of size 3 into shape (2,-1)");
  EXPECT_EQ(errorMessageOf([&] { three.reshape(std::vector<int64_t>{8}); }),
            "reshape: cannot reshape array of size 3 into shape (8,)");
  EXPECT_EQ(errorMessageOf([&] {
              constant(Array::zeros(DType::F64, {0}))
                  .reshape(std::vector<int64_t>{0, -1});
            }),
            "reshape: cannot reshape array of size 0 into shape (0,-1)");

  // A run-time size of the input.
  Function halves = function({v}, {v.reshape(std::vector<int64_t>{2, -1})});
  EXPECT_TRUE(
      matches(halves({Array{1.0, 2.0, 3.0, 4.0}})[0], {2, 2}, {1, 2, 3, 4}));
  EXPECT_EQ(errorMessageOf([&] {
              halves({Array{1.0, 2.0, 3.0}});
            }),
            "@main: reshape: cannot reshape array of size 3 into shape (2,-1)");
  Function eight = function({v}, {v.reshape(std::vector<int64_t>{8})});
  EXPECT_EQ(errorMessageOf([&] {
              eight({Array{1.0, 2.0, 3.0}});
            }),
            "@main: reshape: cannot reshape array of size 3 into shape (8,)");

  // Run-time sizes: -1 asks for the rest, other negative sizes, two -1s,
  // products that overflow and a -1 next to a zero are errors.
  Function byVars = function({v, n, m}, {v.reshape({n, m})});
  auto call = [&](Array values, int64_t a, int64_t b) {
    return byVars({std::move(values), Array::scalar(a), Array::scalar(b)})[0];
  };
  EXPECT_TRUE(matches(call(Array{1.0, 2.0, 3.0}, 3, 1), {3, 1}, {1, 2, 3}));
  EXPECT_TRUE(matches(call(Array{1.0, 2.0, 3.0}, -1, 1), {3, 1}, {1, 2, 3}));
  EXPECT_TRUE(matches(call(Array{1.0, 2.0, 3.0}, 1, -1), {1, 3}, {1, 2, 3}));
  EXPECT_EQ(
      errorMessageOf([&] {
        call(Array{1.0, 2.0, 3.0}, -3, -1);
      }),
      "@main: reshape: cannot reshape array of size 3 into shape (-3,-1)");
  EXPECT_EQ(
      errorMessageOf([&] {
        call(Array{1.0, 2.0, 3.0}, -1, -1);
      }),
      "@main: reshape: cannot reshape array of size 3 into shape (-1,-1)");
  EXPECT_EQ(errorMessageOf([&] {
              call(Array{1.0, 2.0, 3.0}, 2, 2);
            }),
            "@main: reshape: cannot reshape array of size 3 into shape (2,2)");
  EXPECT_EQ(errorMessageOf([&] {
              call(Array::zeros(DType::F64, {0}), int64_t{1} << 32,
                   int64_t{1} << 32);
            }),
            "@main: reshape: cannot reshape array of size 0 into shape "
            "(4294967296,4294967296)");
  EXPECT_EQ(errorMessageOf([&] { call(Array::zeros(DType::F64, {0}), 0, -1); }),
            "@main: reshape: cannot reshape array of size 0 into shape (0,-1)");
  // The function still works after a failed call.
  EXPECT_TRUE(
      matches(call(Array{1.0, 2.0, 3.0, 4.0}, 2, -1), {2, 2}, {1, 2, 3, 4}));
}

TEST(OpsTest, FailedCallsFreeWhatTheyAllocated) {
  Graph g;
  Var n = g.lscalar("n"), u = g.vector("u");
  Function makeZeros = function({n}, {zeros({n, g.constant(8.0, DType::I64)})});
  Function range = function({n}, {arange(n) * 2});
  ScanResult sums = scan(
      [](Var x, Var acc) {
        Var next = acc + x;
        return check(next, next < 5.0, "sum reached 5");
      },
      {.sequences = {u}, .outputs_info = {g.constant(0.0)}});
  Function cumsum = function({u}, {sums.outputs[0]});
  Array steps = Array::full(DType::F64, {1000}, 1.0);
  // Compile first: what the JIT allocates is not the compiled code's.
  makeZeros({Array::scalar(int64_t{1})});
  range({Array::scalar(int64_t{1})});
  cumsum({Array{1.0}});
  int64_t before = runtime::liveAllocatedBytes();
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(errorMessageOf([&] {
                   makeZeros({Array::scalar(int64_t{-2})});
                 }).empty());
    EXPECT_FALSE(
        errorMessageOf([&] { range({Array::scalar(int64_t{-5})}); }).empty());
    EXPECT_EQ(errorMessageOf([&] { cumsum({steps}); }),
              "@main: check failed: sum reached 5");
  }
  EXPECT_EQ(runtime::liveAllocatedBytes(), before);
  // Successful calls are unaffected: their results are the caller's.
  std::vector<Array> ok = makeZeros({Array::scalar(int64_t{3})});
  EXPECT_TRUE(matches(ok[0], {3, 8}, std::vector<double>(24, 0.0)));
  EXPECT_GT(runtime::liveAllocatedBytes(), before);
  ok.clear();
  EXPECT_EQ(runtime::liveAllocatedBytes(), before);
}

TEST(OpsTest, ArangeWithARunTimeStepOfZeroIsAnError) {
  Graph g;
  Var n = g.lscalar("n"), step = g.lscalar("step"), x = g.scalar("x");
  Function ints =
      function({n, step}, {arange(constant(0.0, DType::I64), n, step)});
  Function floats =
      function({x}, {arange(g.constant(0.0), g.constant(1.0), x)});
  EXPECT_TRUE(
      matches(ints({Array::scalar(int64_t{7}), Array::scalar(int64_t{3})})[0],
              {3}, {0, 3, 6}));
  EXPECT_EQ(errorMessageOf([&] {
              ints({Array::scalar(int64_t{7}), Array::scalar(int64_t{0})});
            }),
            "@main: arange: the step is 0");
  EXPECT_TRUE(
      matches(floats({Array::scalar(0.25)})[0], {4}, {0, 0.25, 0.5, 0.75}));
  EXPECT_EQ(errorMessageOf([&] { floats({Array::scalar(0.0)}); }),
            "@main: arange: the step is 0");
  EXPECT_EQ(errorMessageOf([&] { floats({Array::scalar(1e-300)}); }),
            "@main: arange: cannot compute the length (NaN, or more than "
            "2^62 elements)");
  EXPECT_EQ(errorMessageOf([&] { floats({Array::scalar(std::nan(""))}); }),
            "@main: arange: cannot compute the length (NaN, or more than "
            "2^62 elements)");
}

TEST(OpsTest, HugeAllocationsAreErrorsNotCrashes) {
  // A scan whose full history has n_steps rows: 2^40 of them cannot be
  // allocated, 2^61 overflow the byte count. Either fails the call cleanly,
  // frees what it allocated, and the function still works afterwards.
  Graph g;
  Var k = g.lscalar("k"), a = g.vector("a");
  ScanResult r = scan(
      [](Var prior, Var x) { return prior + x; },
      {.outputs_info = {zeros_like(a)}, .non_sequences = {a}, .n_steps = k});
  Function history = function({a, k}, {r.outputs[0]});
  Array ones = Array::full(DType::F64, {4}, 1.0);
  EXPECT_TRUE(matches(history({ones, Array::scalar(int64_t{2})})[0], {2, 4},
                      {1, 1, 1, 1, 2, 2, 2, 2}));
  int64_t before = runtime::liveAllocatedBytes();
  std::string huge = errorMessageOf([&] {
    history({ones, Array::scalar(int64_t{1} << 40)});
  });
  EXPECT_TRUE(contains(huge, "cannot allocate ")) << huge;
  std::string wraps = errorMessageOf([&] {
    history({ones, Array::scalar(int64_t{1} << 61)});
  });
  EXPECT_TRUE(contains(wraps, "cannot allocate ")) << wraps;
  EXPECT_EQ(runtime::liveAllocatedBytes(), before);
  EXPECT_TRUE(matches(history({ones, Array::scalar(int64_t{1})})[0], {1, 4},
                      {1, 1, 1, 1}));
}

// Found by the frontend fuzzer: `x == x` on an integer vector of dynamic
// size was folded into an invalid constant that crashed the pipeline.
TEST(OpsTest, AnIntegerVectorComparedWithItself) {
  Graph g;
  Var i = g.ivector("i");
  Function f = function({i}, {eq(i, i), lt(i, i)});
  std::vector<Array> out = f({Array{1, 2, 3}});
  EXPECT_TRUE(matches(out[0], {3}, {1, 1, 1}));
  EXPECT_TRUE(matches(out[1], {3}, {0, 0, 0}));
}

// Issue 10, item 4: slice bounds at the int64 limits clamp as in NumPy
// (x[INT64_MIN:] is all of x), static or given at the call.
TEST(OpsTest, SliceBoundsAtTheInt64Limits) {
  constexpr int64_t lowest = std::numeric_limits<int64_t>::min();
  constexpr int64_t highest = std::numeric_limits<int64_t>::max();
  Graph g;
  Var x = g.vector("x"), k = g.lscalar("k");
  Array values{1.0, 2.0, 3.0};
  auto run = [&](Slice s) { return function({x}, {x[s]})({values})[0]; };
  EXPECT_TRUE(matches(run(slice(lowest, none)), {3}, {1, 2, 3}));
  EXPECT_TRUE(matches(run(slice(lowest, highest)), {3}, {1, 2, 3}));
  EXPECT_TRUE(matches(run(slice(highest, none, -1)), {3}, {3, 2, 1}));
  EXPECT_TRUE(matches(run(slice(none, lowest, -1)), {3}, {3, 2, 1}));
  Function from = function({x, k}, {x[slice(k, none)]});
  EXPECT_TRUE(matches(from({values, Array::scalar(lowest)})[0], {3}, {1, 2, 3}));
  Function back = function({x, k}, {x[slice(none, k, -1)]});
  EXPECT_TRUE(matches(back({values, Array::scalar(lowest)})[0], {3}, {3, 2, 1}));
}

} // namespace
