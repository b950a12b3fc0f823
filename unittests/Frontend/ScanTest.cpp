//===- ScanTest.cpp - Scans built by the frontend against plain loops -----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Every recurrence here is also written as a C++ loop in the test; the
// compiled scan must give the loop's numbers. Covers sequence and output
// taps, go_backwards, map/reduce/foldl/foldr, nested scans, a scan's output
// as another's sequence, `until`, several outputs, and the memory that
// `result[-1]` saves.
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include "scanjit/Runtime/CPURuntime.h"

#include <cmath>
#include <span>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

Array vectorOf(const std::vector<double> &values) {
  Array array = Array::zeros(DType::F64, {static_cast<int64_t>(values.size())});
  for (size_t i = 0; i < values.size(); ++i)
    array.at<double>({static_cast<int64_t>(i)}) = values[i];
  return array;
}

TEST(ScanTest, RunningSumMatchesALoopForAnyLength) {
  Graph g;
  Var a = g.vector("a"), s0 = g.scalar("s0");
  ScanResult r = scan([](Var x, Var prior) { return prior + x; },
                      {.sequences = {a}, .outputs_info = {s0}});
  Function cumsum = function({a, s0}, {r.outputs[0]});
  for (int64_t length : {0, 1, 7}) {
    std::vector<double> input, expected;
    double sum = 2.5;
    for (int64_t t = 0; t < length; ++t) {
      input.push_back(0.5 * static_cast<double>(t) - 1.0);
      sum += input.back();
      expected.push_back(sum);
    }
    std::vector<Array> out = cumsum({vectorOf(input), Array::scalar(2.5)});
    EXPECT_TRUE(matches(out[0], {length}, expected)) << "length " << length;
  }
}

TEST(ScanTest, ZeroStepsKeepTheStepShape) {
  // map over the rows of a [0, 2] matrix: no step runs, and the result still
  // has rows of 2 (the step shape comes from the body's static sizes).
  Graph g;
  Var X = g.matrix("X");
  ScanResult r = map([](Var row) { return row * 2.0; }, {X});
  Function doubled = function({X}, {r.outputs[0]});
  std::vector<Array> empty = doubled({Array::zeros(DType::F64, {0, 2})});
  EXPECT_EQ(empty[0].shape(), (Shape{0, 2}));
  std::vector<Array> two = doubled({Array{{1.0, 2.0}, {3.0, 4.0}}});
  EXPECT_TRUE(matches(two[0], {2, 2}, {2.0, 4.0, 6.0, 8.0}));
}

TEST(ScanTest, SequenceAndOutputTapsMatchALoop) {
  // x(t) = 0.5 x(t-3) - 0.25 x(t-1) + u(t+2) * u(t-1), sequence taps [-1, 2]
  // (stored offsets t and t+3), output taps [-3, -1].
  Graph g;
  Var u = g.vector("u"), x0 = g.vector("x0");
  ScanResult r = scan(
      [](Var u_tm1, Var u_tp2, Var x_tm3, Var x_tm1) {
        return 0.5 * x_tm3 - 0.25 * x_tm1 + u_tp2 * u_tm1;
      },
      {.sequences = {taps(u, {-1, 2})},
       .outputs_info = {taps(x0, {-3, -1})}});
  std::vector<double> uvals = {1, -2, 3, 0.5, 4, -1, 2, 0.25};
  std::vector<double> x = {0.3, -0.7, 1.1};
  std::vector<Array> out =
      function({u, x0}, {r.outputs[0]})({vectorOf(uvals), vectorOf(x)});
  std::vector<double> expected;
  int64_t steps = static_cast<int64_t>(uvals.size()) - 3;
  for (int64_t t = 0; t < steps; ++t) {
    size_t n = x.size();
    x.push_back(0.5 * x[n - 3] - 0.25 * x[n - 1] + uvals[t + 3] * uvals[t]);
    expected.push_back(x.back());
  }
  EXPECT_TRUE(matches(out[0], {steps}, expected, 1e-12));
}

TEST(ScanTest, GoBackwardsIteratesFromTheEnd) {
  Graph g;
  Var a = g.vector("a");
  ScanResult r = scan([](Var x, Var prior) { return prior * 10.0 + x; },
                      {.sequences = {a}, .outputs_info = {g.constant(0.0)},
                       .go_backwards = true});
  std::vector<Array> out =
      function({a}, {r.outputs[0]})({Array{1.0, 2.0, 3.0}});
  EXPECT_TRUE(matches(out[0], {3}, {3, 32, 321}));
}

TEST(ScanTest, MapReduceFoldlFoldr) {
  Graph g;
  Var a = g.vector("a");
  auto digits = [](Var x, Var acc) { return acc * 10.0 + x; };
  Var mapped = map([](Var x) { return x * x; }, {a}).outputs[0];
  Var reduced = reduce(digits, {a}, {g.constant(0.0)}).outputs[0];
  Var left = foldl(digits, {a}, {g.constant(0.0)}).outputs[0];
  Var right = foldr(digits, {a}, {g.constant(0.0)}).outputs[0];
  std::vector<Array> out = function({a}, {mapped, reduced, left, right})(
      {Array{1.0, 2.0, 3.0}});
  EXPECT_TRUE(matches(out[0], {3}, {1, 4, 9}));
  EXPECT_TRUE(matches(out[1], {}, {123}));
  EXPECT_TRUE(matches(out[2], {}, {123}));
  EXPECT_TRUE(matches(out[3], {}, {321}));
}

TEST(ScanTest, NestedScansMatchALoop) {
  // For each row of M, the running sums of the row scaled by the step count
  // of the outer loop's own recurrence.
  Graph g;
  Var m = g.matrix("m");
  ScanResult outer = scan(
      [](Var row, Var total) {
        ScanResult inner =
            scan([](Var x, Var acc) { return acc + x; },
                 {.sequences = {row}, .outputs_info = {zeros_like(row[0])}});
        return inner.outputs[0][-1] + total;
      },
      {.sequences = {m}, .outputs_info = {g.constant(0.0)}});
  Array values{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}, {-1.0, 0.5, 0.25}};
  std::vector<Array> out = function({m}, {outer.outputs[0]})({values});
  std::vector<double> expected;
  double total = 0;
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 3; ++j)
      total += values.at<double>({i, j});
    expected.push_back(total);
  }
  EXPECT_TRUE(matches(out[0], {3}, expected));
}

TEST(ScanTest, AnOutputFeedsAnotherScanAsASequence) {
  Graph g;
  Var a = g.vector("a");
  Var squares = map([](Var x) { return x * x; }, {a}).outputs[0];
  ScanResult sums = scan([](Var s, Var acc) { return acc + s; },
                         {.sequences = {squares},
                          .outputs_info = {g.constant(0.0)}});
  std::vector<Array> out =
      function({a}, {sums.outputs[0]})({Array{1.0, -2.0, 3.0}});
  EXPECT_TRUE(matches(out[0], {3}, {1, 5, 14}));
}

TEST(ScanTest, UntilStopsAfterTheStepThatSetsIt) {
  Graph g;
  Var limit = g.scalar("limit");
  ScanResult r = scan(
      [](Var x, Var m) {
        Var next = x * 3;
        return StepResult{.outputs = {next}, .until = next >= m};
      },
      {.outputs_info = {g.constant(1.0)}, .non_sequences = {limit},
       .n_steps = 100});
  Function f = function({limit}, {r.outputs[0]});
  EXPECT_TRUE(matches(f({Array::scalar(30.0)})[0], {4}, {3, 9, 27, 81}));
  EXPECT_TRUE(matches(f({Array::scalar(1.0)})[0], {1}, {3}));
}

TEST(ScanTest, SeveralOutputsRecurrentOrNot) {
  // Fibonacci with taps [-2, -1] and, beside it, a non-recurrent output of
  // the step's own ratio.
  Graph g;
  Var start = g.vector("start"), n = g.lscalar("n");
  ScanResult r = scan(
      [](Var f_tm2, Var f_tm1) {
        Var f = f_tm2 + f_tm1;
        return std::vector<Var>{f, f / f_tm1};
      },
      {.outputs_info = {taps(start, {-2, -1}), none}, .n_steps = n});
  std::vector<Array> out = function({start, n}, r.outputs)(
      {Array{1.0, 1.0}, Array::scalar(int64_t{6})});
  std::vector<double> fib = {1, 1}, ratios;
  for (int t = 0; t < 6; ++t) {
    fib.push_back(fib[fib.size() - 1] + fib[fib.size() - 2]);
    ratios.push_back(fib.back() / fib[fib.size() - 2]);
  }
  EXPECT_TRUE(matches(out[0], {6}, {2, 3, 5, 8, 13, 21}));
  EXPECT_TRUE(matches(out[1], {6}, ratios, 1e-15));
}

TEST(ScanTest, FnMayTakeItsArgumentsAsASpan) {
  Graph g;
  Var a = g.vector("a"), b = g.vector("b"), w = g.scalar("w");
  ScanResult r = scan(
      [](std::span<const Var> args) { return args[0] * args[2] + args[1]; },
      {.sequences = {a, b}, .non_sequences = {w}});
  std::vector<Array> out = function({a, b, w}, {r.outputs[0]})(
      {Array{1.0, 2.0}, Array{10.0, 20.0}, Array::scalar(3.0)});
  EXPECT_TRUE(matches(out[0], {2}, {13, 26}));
}

TEST(ScanTest, ScanSequencesWithDifferentLengthsUseTheShortest) {
  Graph g;
  Var a = g.vector("a");
  ScanResult r = scan([](Var x, Var i) { return x * cast(i, DType::F64); },
                      {.sequences = {a, arange(100)}});
  std::vector<Array> out =
      function({a}, {r.outputs[0]})({Array{5.0, 5.0, 5.0}});
  EXPECT_TRUE(matches(out[0], {3}, {0, 5, 10}));
}

TEST(ScanTest, LastStepOnlyKeepsOneStepOfMemory) {
  Graph g;
  Var k = g.lscalar("k"), A = g.vector("A");
  ScanResult p = scan([](Var prior, Var a) { return prior * a; },
                      {.outputs_info = {ones_like(A)}, .non_sequences = {A},
                       .n_steps = k});
  Function power = function({A, k}, {p.outputs[0][-1]});
  Array base = Array::full(DType::F64, {16}, 1.0001);
  std::vector<int64_t> peaks;
  for (int64_t steps : {10, 100000}) {
    int64_t before = runtime::liveAllocatedBytes();
    runtime::resetPeakAllocatedBytes();
    std::vector<Array> out = power({base, Array::scalar(steps)});
    peaks.push_back(runtime::peakAllocatedBytes() - before);
    double expected = 1;
    for (int64_t t = 0; t < steps; ++t)
      expected *= 1.0001;
    EXPECT_NEAR(out[0].at<double>({3}), expected, 1e-9 * expected);
  }
  // A full history of 1e5 steps of 16 doubles would be 12.8 MB.
  EXPECT_EQ(peaks[0], peaks[1]);
  EXPECT_LT(peaks[1], 4096);
}

// PyTensor's rules for taps (issue 8): the expected values are PyTensor's.
TEST(ScanTest, SequenceSpanIncludesTapZero) {
  Graph g;
  Var u = g.vector("u");
  // Taps [-2, -1] over 5 values: 3 steps, tap -2 reads u[t].
  Var past = scan([](Var u_tm2, Var) { return u_tm2; },
                  {.sequences = {taps(u, {-2, -1})}})
                 .outputs[0];
  // Taps [-1] alone: 4 steps reading u[0..3].
  Var previous =
      scan([](Var u_tm1) { return u_tm1; }, {.sequences = {taps(u, {-1})}})
          .outputs[0];
  std::vector<Array> out = function({u}, {past, previous})(
      {Array{1.0, 2.0, 3.0, 4.0, 5.0}});
  EXPECT_TRUE(matches(out[0], {3}, {1, 2, 3}));
  EXPECT_TRUE(matches(out[1], {4}, {1, 2, 3, 4}));

  // Taps [2] with n_steps = 1 over arange(20): step 0 reads u[2].
  Graph h;
  Var v = h.ivector("v");
  Var future = scan([](Var v_tp2) { return v_tp2; },
                    {.sequences = {taps(v, {2})}, .n_steps = 1})
                   .outputs[0];
  Array arange = Array::zeros(DType::I32, {20});
  for (int32_t i = 0; i < 20; ++i)
    arange.at<int32_t>({i}) = i;
  std::vector<Array> first = function({v}, {future})({arange});
  EXPECT_TRUE(matches(first[0], {1}, {2}));
}

TEST(ScanTest, GoBackwardsCutsEachTapBeforeReversing) {
  // Taps [-1, 0, 1] over arange(7): step t reads u[4-t], u[5-t], u[6-t].
  Graph g;
  Var u = g.vector("u");
  Var r = scan([](Var a, Var b, Var c) { return a + 10.0 * b + 100.0 * c; },
               {.sequences = {taps(u, {-1, 0, 1})}, .go_backwards = true})
              .outputs[0];
  std::vector<Array> out =
      function({u}, {r})({vectorOf({0, 1, 2, 3, 4, 5, 6})});
  EXPECT_TRUE(matches(out[0], {5}, {654, 543, 432, 321, 210}));
}

TEST(ScanTest, LongInitialValueGivesItsFirstRows) {
  // Taps [-4, -1] over a 5-row initial value: x[-4..-1] are rows 0..3.
  Graph g;
  Var x0 = g.vector("x0");
  Var r = scan([](Var x_tm4, Var x_tm1) { return x_tm4 + 10.0 * x_tm1; },
               {.outputs_info = {taps(x0, {-4, -1})}, .n_steps = 3})
              .outputs[0];
  std::vector<Array> out = function({x0}, {r})({vectorOf({1, 2, 3, 4, 5})});
  EXPECT_TRUE(matches(out[0], {3}, {41, 412, 4123}));
}

TEST(ScanTest, NestedScansReturnVectorsAndMatrices) {
  Graph g;
  Var M = g.matrix("M");
  Var doubled = map(
      [](Var row) { return map([](Var a) { return a * 2; }, {row}).outputs[0]; },
      {M}).outputs[0];
  // The inner scan's last step, a vector: the running sum of the rows so far.
  Var lastOfInner =
      map([&](Var row) {
        return scan([](Var x, Var acc) { return acc + x; },
                    {.sequences = {M}, .outputs_info = {zeros_like(row)}})
            .outputs[0][-1];
      }, {M}).outputs[0];
  Array values{{1.0, 2.0}, {3.0, 4.0}};
  std::vector<Array> out = function({M}, {doubled, lastOfInner})({values});
  EXPECT_TRUE(matches(out[0], {2, 2}, {2, 4, 6, 8}));
  EXPECT_TRUE(matches(out[1], {2, 2}, {4, 6, 4, 6}));

  // A matrix per step: map over a 3-d tensor's matrices, each mapped over
  // its rows.
  Graph h;
  Var T = h.tensor3("T");
  Var plusOne =
      map([](Var mat) {
        return map([](Var row) { return row + 1.0; }, {mat}).outputs[0];
      }, {T}).outputs[0];
  Array cube = Array::zeros(DType::F64, {2, 2, 2});
  for (int64_t i = 0; i < 8; ++i)
    cube.at<double>({i / 4, (i / 2) % 2, i % 2}) = static_cast<double>(i);
  std::vector<Array> cubeOut = function({T}, {plusOne})({cube});
  EXPECT_TRUE(matches(cubeOut[0], {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
}

} // namespace
