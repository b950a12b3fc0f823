//===- ArithmeticOpsTest.cpp - mod, floor_divide, sign, clip, check -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// NumPy's integer and float division rules, sign, clip, comparisons feeding
// where(), and run-time checks, compiled through the whole pipeline and
// compared with values worked out by hand (NumPy gives the same numbers:
// np.mod(-7, 3) == 2, np.floor_divide(1.0, 0.1) == 9.0, ...).
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include <cmath>
#include <cstdint>
#include <limits>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

//===----------------------------------------------------------------------===//
// mod and floor_divide
//===----------------------------------------------------------------------===//

// a = [-7, 7, -7, 7, 0, 6, -6, 1], b = [3, 3, -3, -3, 5, 3, -4, 7]:
// a // b rounds toward minus infinity, a % b has the sign of b.
const std::vector<double> kIntMod = {2, 1, -1, -2, 0, 0, -2, 1};
const std::vector<double> kIntFloorDiv = {-3, 2, 2, -3, 0, 2, 1, 0};

TEST(ArithmeticOpsTest, IntegerModAndFloorDivideFollowNumPy) {
  Graph g;
  Var a = g.ivector("a"), b = g.ivector("b");
  std::vector<Array> r = evaluate(
      {a, b}, {mod(a, b), a % b, floor_divide(a, b)},
      {Array{-7, 7, -7, 7, 0, 6, -6, 1}, Array{3, 3, -3, -3, 5, 3, -4, 7}});
  EXPECT_EQ(r[0].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[0], {8}, kIntMod));
  EXPECT_TRUE(matches(r[1], {8}, kIntMod));
  EXPECT_EQ(r[2].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[2], {8}, kIntFloorDiv));
}

TEST(ArithmeticOpsTest, Int64ModAndFloorDivide) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Array av = Array{-7, 7, -7, 7, 0, 6, -6, 1}.astype(DType::I64);
  Array bv = Array{3, 3, -3, -3, 5, 3, -4, 7}.astype(DType::I64);
  std::vector<Array> r =
      evaluate({a, b}, {a % b, floor_divide(a, b)}, {av, bv});
  EXPECT_EQ(r[0].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[0], {8}, kIntMod));
  EXPECT_EQ(r[1].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[1], {8}, kIntFloorDiv));
}

TEST(ArithmeticOpsTest, IntegerDivisionByMinusOneDoesNotTrap) {
  // NumPy wraps INT_MIN // -1 to INT_MIN; x % -1 is 0.
  Graph g;
  Var a = g.ivector("a"), b = g.ivector("b");
  int32_t lowest = std::numeric_limits<int32_t>::min();
  std::vector<Array> r = evaluate({a, b}, {floor_divide(a, b), a % b},
                                  {Array{5, lowest, -4}, Array{-1, -1, -1}});
  EXPECT_EQ(r[0].toVector<int64_t>(), (std::vector<int64_t>{-5, lowest, 4}));
  EXPECT_TRUE(matches(r[1], {3}, {0, 0, 0}));
}

TEST(ArithmeticOpsTest, ConstantOperandsKeepTheVarsDType) {
  Graph g;
  Var i = g.ivector("i"), x = g.vector("x");
  std::vector<Array> r =
      evaluate({i, x},
               {i % 3, 7 % i, floor_divide(i, 2), floor_divide(-9, i),
                mod(i, 2.5), x % 2, floor_divide(x, 0.5)},
               {Array{-7, 2, 5}, Array{-7.5, 1.25, 3.0}});
  EXPECT_EQ(r[0].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[0], {3}, {2, 2, 2}));
  EXPECT_TRUE(matches(r[1], {3}, {0, 1, 2}));
  EXPECT_EQ(r[2].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[2], {3}, {-4, 1, 2}));
  EXPECT_TRUE(matches(r[3], {3}, {1, -5, -2}));
  EXPECT_EQ(r[4].dtype(), DType::F64);
  EXPECT_TRUE(matches(r[4], {3}, {0.5, 2, 0}));
  EXPECT_TRUE(matches(r[5], {3}, {0.5, 1.25, 1}));
  EXPECT_TRUE(matches(r[6], {3}, {-15, 2, 6}));
}

/// Float mod and floor_divide of a = [-7.5, 7.5, -7.5, 7.5, 6, -6, 1, 1]
/// and b = [2, 2, -2, -2, 3, -3, 0.1, 0.5] in `dtype`.
void checkFloatModAndFloorDivide(DType dtype) {
  Graph g;
  Var a = g.tensor("a", TensorType{dtype, {kDynamic}});
  Var b = g.tensor("b", TensorType{dtype, {kDynamic}});
  std::vector<Array> r = evaluate(
      {a, b}, {mod(a, b), a % b, floor_divide(a, b)},
      {Array{-7.5, 7.5, -7.5, 7.5, 6.0, -6.0, 1.0, 1.0}.astype(dtype),
       Array{2.0, 2.0, -2.0, -2.0, 3.0, -3.0, 0.1, 0.5}.astype(dtype)});
  ASSERT_EQ(r[0].dtype(), dtype);
  ASSERT_EQ(r[2].dtype(), dtype);
  double tolerance = dtype == DType::F32 ? 1e-6 : 1e-15;
  // fmod(1, 0.1) is 0.09999999999999995 in f64 (0.1 is not exact), and
  // 1 // 0.1 is 9, not floor(1 / 0.1) = 10.
  double fmodOfTenth = dtype == DType::F32
                           ? static_cast<double>(std::fmod(1.0f, 0.1f))
                           : std::fmod(1.0, 0.1);
  std::vector<double> expectedMod = {0.5, 1.5, -1.5,        -0.5,
                                     0,   0,   fmodOfTenth, 0};
  EXPECT_TRUE(matches(r[0], {8}, expectedMod, tolerance)) << toString(dtype);
  EXPECT_TRUE(matches(r[1], {8}, expectedMod, tolerance)) << toString(dtype);
  EXPECT_TRUE(matches(r[2], {8}, {-4, 3, 3, -4, 2, 2, 9, 2}))
      << toString(dtype);
  // A zero remainder takes the divisor's sign: 6 % 3 = +0, -6 % -3 = -0.
  std::vector<double> mods = r[0].toVector<double>();
  EXPECT_FALSE(std::signbit(mods[4]));
  EXPECT_TRUE(std::signbit(mods[5]));
}

TEST(ArithmeticOpsTest, FloatModAndFloorDivideFollowNumPyF64) {
  checkFloatModAndFloorDivide(DType::F64);
}

TEST(ArithmeticOpsTest, FloatModAndFloorDivideFollowNumPyF32) {
  checkFloatModAndFloorDivide(DType::F32);
}

TEST(ArithmeticOpsTest, FloatDivisionByZeroFollowsIEEE) {
  // NumPy: 1 // 0 = inf, -1 // 0 = -inf, 0 // 0 = nan; x % 0 = nan;
  // 5 % inf = 5, -5 % inf = inf.
  Graph g;
  Var a = g.vector("a"), b = g.vector("b");
  std::vector<Array> r = evaluate(
      {a, b}, {floor_divide(a, b), mod(a, b)},
      {Array{1.0, -1.0, 0.0, 5.0, -5.0}, Array{0.0, 0.0, 0.0, kInf, kInf}});
  std::vector<double> q = r[0].toVector<double>(), m = r[1].toVector<double>();
  EXPECT_EQ(q[0], kInf);
  EXPECT_EQ(q[1], -kInf);
  EXPECT_TRUE(std::isnan(q[2]));
  EXPECT_EQ(q[3], 0.0);
  EXPECT_EQ(q[4], -1.0);
  EXPECT_TRUE(std::isnan(m[0]));
  EXPECT_TRUE(std::isnan(m[1]));
  EXPECT_TRUE(std::isnan(m[2]));
  EXPECT_EQ(m[3], 5.0);
  EXPECT_EQ(m[4], kInf);
}

TEST(ArithmeticOpsTest, ModBroadcasts) {
  Graph g;
  Var m = g.imatrix("m"), v = g.ivector("v");
  std::vector<Array> r = evaluate({m, v}, {m % v, floor_divide(v, m)},
                                  {Array{{-5, 5}, {9, -9}}, Array{4, -4}});
  EXPECT_TRUE(matches(r[0], {2, 2}, {3, -3, 1, -1}));
  // [4, -4] // [[-5, 5], [9, -9]]
  EXPECT_TRUE(matches(r[1], {2, 2}, {-1, -1, 0, 0}));
}

//===----------------------------------------------------------------------===//
// Integer division by zero
//===----------------------------------------------------------------------===//

TEST(ArithmeticOpsTest, IntegerDivisionByZeroIsARunTimeError) {
  Graph g;
  Var a = g.ivector("a"), b = g.ivector("b"), k = g.lscalar("k");
  Function modulo = function({a, b}, {a % b});
  Function divide = function({a, k}, {floor_divide(a, k)});
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         modulo({Array{1, 2, 3}, Array{1, 0, 1}});
                       }),
                       "mod: integer division or modulo by zero"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         divide({Array{1, 2, 3}, Array::scalar(int64_t{0})});
                       }),
                       "floor_divide: integer division or modulo by zero"));
  // The same functions run when no divisor is zero.
  EXPECT_TRUE(
      matches(modulo({Array{1, 2, 3}, Array{2, 2, 2}})[0], {3}, {1, 0, 1}));
  EXPECT_TRUE(matches(divide({Array{1, 2, 3}, Array::scalar(int64_t{-2})})[0],
                      {3}, {-1, -1, -2}));
}

TEST(ArithmeticOpsTest, ConstantNonZeroDivisorsNeedNoCheck) {
  Graph g;
  Var i = g.ivector("i");
  std::string text = function({i}, {i % 3, floor_divide(i, -2)}).mlir();
  EXPECT_EQ(text.find("scan.check"), std::string::npos) << text;
  std::string checked = function({i}, {3 % i}).mlir();
  EXPECT_NE(checked.find("scan.check"), std::string::npos) << checked;
}

//===----------------------------------------------------------------------===//
// sign and clip
//===----------------------------------------------------------------------===//

TEST(ArithmeticOpsTest, SignOfIntegersAndFloats) {
  Graph g;
  Var i = g.ivector("i"), l = g.lvector("l"), x = g.vector("x"),
      f = g.fvector("f");
  std::vector<Array> r = evaluate(
      {i, l, x, f}, {sign(i), sign(l), sign(x), sign(f)},
      {Array{-5, 0, 3}, Array{-5, 0, 3}.astype(DType::I64),
       Array{-2.5, -0.0, 0.0, 4.0, kNaN, -kInf}, Array{-2.5f, 0.0f, 1e-30f}});
  EXPECT_EQ(r[0].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[0], {3}, {-1, 0, 1}));
  EXPECT_EQ(r[1].dtype(), DType::I64);
  EXPECT_TRUE(matches(r[1], {3}, {-1, 0, 1}));
  EXPECT_EQ(r[2].dtype(), DType::F64);
  std::vector<double> signs = r[2].toVector<double>();
  EXPECT_EQ(signs[0], -1.0);
  EXPECT_EQ(signs[1], 0.0);
  EXPECT_EQ(signs[2], 0.0);
  EXPECT_EQ(signs[3], 1.0);
  EXPECT_TRUE(std::isnan(signs[4]));
  EXPECT_EQ(signs[5], -1.0);
  EXPECT_EQ(r[3].dtype(), DType::F32);
  EXPECT_TRUE(matches(r[3], {3}, {-1, 0, 1}));
}

TEST(ArithmeticOpsTest, SignOfABoolIsAnError) {
  Graph g;
  Var b = g.bvector("b");
  EXPECT_TRUE(contains(errorMessageOf([&] { (void)sign(b); }),
                       "sign of a bool tensor"));
}

TEST(ArithmeticOpsTest, ClipWithConstantsAndBroadcastBounds) {
  Graph g;
  Var x = g.vector("x"), m = g.matrix("m"), lo = g.vector("lo"),
      hi = g.scalar("hi"), i = g.ivector("i");
  std::vector<Array> r =
      evaluate({x, m, lo, hi, i},
               {clip(x, 0.0, 1.0), clip(m, lo, hi), clip(i, 0, 5),
                clip(x, lo(0), 2.0), clip(x, 1.0, 0.0), clip(i, -1.5, 2)},
               {Array{-2.0, 0.5, 3.0, kNaN}, Array{{-1.0, 5.0}, {2.0, 0.0}},
                Array{0.0, 1.0}, Array::scalar(3.0), Array{-4, 2, 9}});
  std::vector<double> clipped = r[0].toVector<double>();
  EXPECT_EQ(clipped[0], 0.0);
  EXPECT_EQ(clipped[1], 0.5);
  EXPECT_EQ(clipped[2], 1.0);
  EXPECT_TRUE(std::isnan(clipped[3])); // NaN stays NaN, as in NumPy
  // Lower bounds [0, 1] per column, upper bound 3.
  EXPECT_TRUE(matches(r[1], {2, 2}, {0, 3, 2, 1}));
  EXPECT_EQ(r[2].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[2], {3}, {0, 2, 5}));
  std::vector<double> mixed = r[3].toVector<double>();
  EXPECT_EQ(mixed[0], 0.0);
  EXPECT_EQ(mixed[1], 0.5);
  EXPECT_EQ(mixed[2], 2.0);
  // lo > hi gives hi everywhere (minimum(maximum(x, lo), hi)).
  std::vector<double> inverted = r[4].toVector<double>();
  EXPECT_EQ(inverted[0], 0.0);
  EXPECT_EQ(inverted[2], 0.0);
  // A float bound promotes integers to f64.
  EXPECT_EQ(r[5].dtype(), DType::F64);
  EXPECT_TRUE(matches(r[5], {3}, {-1.5, 2, 2}));
}

//===----------------------------------------------------------------------===//
// Comparisons, logical ops and where
//===----------------------------------------------------------------------===//

TEST(ArithmeticOpsTest, ComparisonsWithNumbersFeedWhere) {
  Graph g;
  Var x = g.vector("x"), i = g.ivector("i");
  std::vector<Array> r =
      evaluate({x, i},
               {where(x > 0, x, 0.0), switch_(eq(i % 2, 0), 1.0, -1.0),
                where(lt(x, 1.0) & ge(x, -1.0), 10 * x, x), neq(i, 2), le(3, i),
                maximum(x, 0.5), minimum(1, i), where(gt(i, 0), i, -i)},
               {Array{-2.0, 0.5, 3.0}, Array{1, 2, 4}});
  EXPECT_TRUE(matches(r[0], {3}, {0, 0.5, 3}));
  EXPECT_TRUE(matches(r[1], {3}, {-1, 1, 1}));
  EXPECT_TRUE(matches(r[2], {3}, {-2, 5, 3}));
  EXPECT_EQ(r[3].dtype(), DType::Bool);
  EXPECT_TRUE(matches(r[3], {3}, {1, 0, 1}));
  EXPECT_TRUE(matches(r[4], {3}, {0, 0, 1}));
  EXPECT_TRUE(matches(r[5], {3}, {0.5, 0.5, 3}));
  EXPECT_EQ(r[6].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[6], {3}, {1, 1, 1}));
  EXPECT_EQ(r[7].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[7], {3}, {1, 2, 4}));
}

TEST(ArithmeticOpsTest, LogicalOpsAndWhereTakeNumbersAsTruth) {
  // NumPy: logical_and(2, 1) is True (2 & 1 is 0); where(3, a, b) is a.
  Graph g;
  Var i = g.ivector("i"), j = g.ivector("j"), x = g.vector("x");
  std::vector<Array> r =
      evaluate({i, j, x},
               {logical_and(i, j), i & j, logical_or(i, x), logical_xor(i, j),
                logical_not(x), !i, where(i, x, -x)},
               {Array{2, 0, 3}, Array{1, 1, 0}, Array{0.0, 0.0, 1.5}});
  EXPECT_EQ(r[0].dtype(), DType::Bool);
  EXPECT_TRUE(matches(r[0], {3}, {1, 0, 0}));
  EXPECT_EQ(r[1].dtype(), DType::I32);
  EXPECT_TRUE(matches(r[1], {3}, {0, 0, 0}));
  EXPECT_TRUE(matches(r[2], {3}, {1, 0, 1}));
  EXPECT_TRUE(matches(r[3], {3}, {0, 1, 1}));
  EXPECT_TRUE(matches(r[4], {3}, {1, 1, 0}));
  EXPECT_TRUE(matches(r[5], {3}, {0, 1, 0}));
  EXPECT_TRUE(matches(r[6], {3}, {0, 0, 1.5}));
}

//===----------------------------------------------------------------------===//
// Inside scan bodies
//===----------------------------------------------------------------------===//

TEST(ArithmeticOpsTest, CollatzStepsInAScan) {
  // n -> n // 2 for even n, 3n + 1 for odd n, from 6 (int64) and 7 (int32).
  Graph g;
  Var start = g.lscalar("start"), start32 = g.iscalar("start32");
  auto step = [](Var n) {
    return where(eq(n % 2, 0), floor_divide(n, 2), 3 * n + 1);
  };
  ScanResult r = scan(step, {.outputs_info = {start}, .n_steps = 9});
  ScanResult r32 = scan(step, {.outputs_info = {start32}, .n_steps = 5});
  std::vector<Array> out =
      function({start, start32}, {r.outputs[0], r32.outputs[0]})(
          {Array::scalar(int64_t{6}), Array::scalar(7)});
  EXPECT_EQ(out[0].dtype(), DType::I64);
  EXPECT_TRUE(matches(out[0], {9}, {3, 10, 5, 16, 8, 4, 2, 1, 4}));
  EXPECT_EQ(out[1].dtype(), DType::I32);
  EXPECT_TRUE(matches(out[1], {5}, {22, 11, 34, 17, 52}));
}

TEST(ArithmeticOpsTest, ModSignAndClipOverSequences) {
  // A phase that wraps into [0, 2) (f64) and a counter that wraps into
  // [0, 5) (i32), with sign and clip on each step.
  Graph g;
  Var u = g.vector("u"), k = g.ivector("k"), f = g.fvector("f");
  ScanResult phase =
      scan([](Var du, Var p) { return mod(p + du, 2.0); },
           {.sequences = {u}, .outputs_info = {g.constant(0.0)}});
  ScanResult counter =
      scan([](Var dk, Var c) { return (c + dk) % 5; },
           {.sequences = {k}, .outputs_info = {constant(0.0, DType::I32)}});
  ScanResult mapped = map(
      [](Var x, Var y) {
        return std::vector<Var>{sign(x) * clip(abs(x), 0.5, 1.0),
                                floor_divide(y, 0.5f)};
      },
      {u, f});
  std::vector<Array> out =
      function({u, k, f}, {phase.outputs[0], counter.outputs[0],
                           mapped.outputs[0], mapped.outputs[1]})(
          {Array{1.5, 1.5, -4.25, 0.25}, Array{3, 4, -9, 2},
           Array{-1.25f, 0.75f, 2.0f, -0.5f}});
  // 1.5, 3 % 2 = 1, (1 - 4.25) % 2 = -3.25 % 2 = 0.75, 1.
  EXPECT_TRUE(matches(out[0], {4}, {1.5, 1, 0.75, 1}));
  // 3, 7 % 5 = 2, (2 - 9) % 5 = -7 % 5 = 3, 5 % 5 = 0.
  EXPECT_EQ(out[1].dtype(), DType::I32);
  EXPECT_TRUE(matches(out[1], {4}, {3, 2, 3, 0}));
  EXPECT_TRUE(matches(out[2], {4}, {1, 1, -1, 0.5}));
  EXPECT_EQ(out[3].dtype(), DType::F32);
  EXPECT_TRUE(matches(out[3], {4}, {-3, 1, 4, -1}));
}

TEST(ArithmeticOpsTest, IntegerDivisionByZeroInAScanBody) {
  Graph g;
  Var d = g.ivector("d");
  ScanResult r =
      scan([](Var divisor, Var acc) { return floor_divide(acc, divisor); },
           {.sequences = {d}, .outputs_info = {constant(1000.0, DType::I32)}});
  Function f = function({d}, {r.outputs[0]});
  EXPECT_TRUE(matches(f({Array{2, -3, 7}})[0], {3}, {500, -167, -24}));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{2, 0, 7}});
                       }),
                       "integer division or modulo by zero"));
}

//===----------------------------------------------------------------------===//
// check
//===----------------------------------------------------------------------===//

TEST(ArithmeticOpsTest, CheckFailsTheCallWithItsMessage) {
  Graph g;
  Var x = g.vector("x");
  Var checked = check(x, x >= 0.0, "x must not be negative");
  Function f = function({x}, {sqrt(checked)});
  EXPECT_TRUE(matches(f({Array{1.0, 4.0}})[0], {2}, {1, 2}));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{1.0, -4.0}});
                       }),
                       "check failed: x must not be negative"));
  // The failure is not remembered: the next call runs.
  EXPECT_TRUE(matches(f({Array{9.0}})[0], {1}, {3}));
  // An empty x has no element that fails.
  EXPECT_EQ(f({Array::zeros(DType::F64, {0})})[0].shape(), (Shape{0}));
}

TEST(ArithmeticOpsTest, CheckOfAConditionAlone) {
  // check(cond, message) returns the condition, to use as a bool.
  Graph g;
  Var x = g.vector("x"), limit = g.scalar("limit");
  Var small = check(x.sum() < limit, "the sum is over the limit");
  Function f = function({x, limit}, {where(small, x, 0.0)});
  EXPECT_TRUE(
      matches(f({Array{1.0, 2.0}, Array::scalar(4.0)})[0], {2}, {1, 2}));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{1.0, 2.0}, Array::scalar(3.0)});
                       }),
                       "the sum is over the limit"));
}

TEST(ArithmeticOpsTest, CheckOfANumericConditionAndOfAMatrix) {
  // A numeric condition holds where it is not zero; every element counts.
  Graph g;
  Var m = g.matrix("m"), n = g.iscalar("n");
  Function f = function({m, n}, {check(m, m, "m has a zero") * 2.0,
                                 check(n, n % 3, "n is a multiple of 3")});
  std::vector<Array> r = f({Array{{1.0, 2.0}, {3.0, 4.0}}, Array::scalar(4)});
  EXPECT_TRUE(matches(r[0], {2, 2}, {2, 4, 6, 8}));
  EXPECT_TRUE(matches(r[1], {}, {4}));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{{1.0, 2.0}, {0.0, 4.0}}, Array::scalar(4)});
                       }),
                       "m has a zero"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{{1.0, 2.0}, {3.0, 4.0}}, Array::scalar(6)});
                       }),
                       "n is a multiple of 3"));
}

TEST(ArithmeticOpsTest, CheckRunsAtEveryStepOfAScan) {
  // A running sum that must stay below 5: [1, 1, 1] passes, [2, 2, 2]
  // fails at its third step.
  Graph g;
  Var u = g.vector("u");
  ScanResult r = scan(
      [](Var x, Var acc) {
        Var next = acc + x;
        return check(next, next < 5.0, "the running sum reached 5");
      },
      {.sequences = {u}, .outputs_info = {g.constant(0.0)}});
  Function f = function({u}, {r.outputs[0]});
  EXPECT_TRUE(matches(f({Array{1.0, 1.0, 1.0}})[0], {3}, {1, 2, 3}));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{2.0, 2.0, 2.0}});
                       }),
                       "check failed: the running sum reached 5"));
}

TEST(ArithmeticOpsTest, ChecksThatAlwaysHoldAddNothing) {
  Graph g;
  Var x = g.vector("x");
  Var same = check(x, g.constant(1.0), "never fails");
  EXPECT_EQ(same.node(), x.node());
  std::string text = function({x}, {check(x, x > 0.0, "positive")}).mlir();
  EXPECT_NE(text.find("scan.check"), std::string::npos) << text;
  EXPECT_NE(text.find("message \"check failed: positive\""), std::string::npos)
      << text;
}

TEST(ArithmeticOpsTest, TheFirstFailedCheckIsReported) {
  Graph g;
  Var x = g.scalar("x");
  Var a = check(x, x > 0.0, "first");
  Var b = check(a * 2.0, a > 1.0, "second");
  Function f = function({x}, {b});
  EXPECT_TRUE(contains(errorMessageOf([&] { f({Array::scalar(-1.0)}); }),
                       "check failed: first"));
  EXPECT_TRUE(contains(errorMessageOf([&] { f({Array::scalar(0.5)}); }),
                       "check failed: second"));
  EXPECT_TRUE(matches(f({Array::scalar(2.0)})[0], {}, {4}));
}

} // namespace
