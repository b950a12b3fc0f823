//===- ConformanceTest.cpp - Scan programs against PyTensor's results -----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The conformance suite: each test is a small scan program of
// test/Conformance/generate.py written again with the C++ frontend, run on
// the inputs that script saved (data/<case>/in*.npy) and compared with
// PyTensor's results (data/<case>/out*.npy): same dtype and shape, integers
// and booleans exactly, floats to a tight relative tolerance. The PyTensor
// program is the comment above each test. Regenerating the data needs
// PyTensor; running these tests does not.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Npy.h"
#include "scanjit/ScanJIT.h"

#include "gtest/gtest.h"

#include <filesystem>
#include <string>
#include <vector>

using namespace scanjit;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The arguments of a case and PyTensor's results (see generate.py).
struct CaseData {
  std::vector<Array> inputs;
  std::vector<Array> expected;
};

/// Reads `<dir>/<prefix>0.npy`, `<prefix>1.npy`... up to the first missing
/// file.
std::vector<Array> readNumbered(const std::filesystem::path &dir,
                                const std::string &prefix) {
  std::vector<Array> arrays;
  for (size_t i = 0;; ++i) {
    std::filesystem::path file = dir / (prefix + std::to_string(i) + ".npy");
    if (!std::filesystem::exists(file))
      return arrays;
    arrays.push_back(readNpy(file.string()));
  }
}

/// Loads data/<name>/ of the conformance suite.
CaseData load(const std::string &name) {
  std::filesystem::path dir =
      std::filesystem::path(SCANJIT_CONFORMANCE_DATA_DIR) / name;
  return {readNumbered(dir, "in"), readNumbered(dir, "out")};
}

/// Passes when `actual` has the dtype and shape of `expected` and the same
/// elements: exactly for integers and booleans, within a relative tolerance
/// for floats (f32's is looser).
::testing::AssertionResult sameArray(const Array &actual,
                                     const Array &expected) {
  bool equal = false;
  if (actual.dtype() == expected.dtype() &&
      actual.shape() == expected.shape()) {
    if (!isFloatingPoint(expected.dtype()))
      equal = arrayEqual(actual, expected);
    else if (expected.dtype() == DType::F32)
      equal = allClose(actual, expected, 1e-5, 1e-6);
    else
      equal = allClose(actual, expected, 1e-10, 1e-12);
  }
  if (equal)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "actual " << actual.typeString() << "\n"
         << actual << "\nexpected (PyTensor) " << expected.typeString() << "\n"
         << expected;
}

/// Compiles `outputs` of `inputs` (applying `updates`), calls it once on the
/// inputs of case `name` and compares its results, followed by the final
/// values of `shared`, with PyTensor's.
::testing::AssertionResult
conforms(const std::string &name, const std::vector<Var> &inputs,
         const std::vector<Var> &outputs, const Updates &updates = {},
         const std::vector<SharedVariable> &shared = {}) {
  CaseData data = load(name);
  if (data.expected.empty())
    return ::testing::AssertionFailure()
           << "no data for case '" << name << "' (run generate.py)";
  std::vector<Array> actual;
  try {
    actual = function(inputs, outputs, updates)(data.inputs);
  } catch (const Error &error) {
    return ::testing::AssertionFailure() << "scanjit::Error: " << error.what();
  }
  for (const SharedVariable &variable : shared)
    actual.push_back(variable.getValue());
  if (actual.size() != data.expected.size())
    return ::testing::AssertionFailure()
           << actual.size() << " results, PyTensor has "
           << data.expected.size();
  for (size_t i = 0; i < actual.size(); ++i)
    if (::testing::AssertionResult same =
            sameArray(actual[i], data.expected[i]);
        !same)
      return ::testing::AssertionFailure()
             << "result " << i << ": " << same.message();
  return ::testing::AssertionSuccess();
}

/// An i64 scalar constant.
Var i64(int64_t value) {
  return constant(static_cast<double>(value), DType::I64);
}
/// An f64 scalar constant.
Var f64(double value) { return constant(value, DType::F64); }

//===----------------------------------------------------------------------===//
// Sequence taps
//===----------------------------------------------------------------------===//

// scan(lambda a: a * 2, sequences=[dict(input=u, taps=[-1])])
TEST(Conformance, SeqTapPast) {
  Graph g;
  Var u = g.vector("u");
  Var y = scan([](Var a) { return a * 2; }, {.sequences = {taps(u, {-1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_past", {u}, {y}));
}

// scan(lambda a: a - 1, sequences=[dict(input=u, taps=[1])])
TEST(Conformance, SeqTapFuture) {
  Graph g;
  Var u = g.vector("u");
  Var y = scan([](Var a) { return a - 1; }, {.sequences = {taps(u, {1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_future", {u}, {y}));
}

// scan(lambda a, b, c: a + 10*b + 100*c,
//      sequences=[dict(input=u, taps=[-1, 0, 1])])
TEST(Conformance, SeqTapMixed) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b, Var c) { return a + 10 * b + 100 * c; },
               {.sequences = {taps(u, {-1, 0, 1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_mixed", {u}, {y}));
}

// scan(lambda a: a, sequences=[dict(input=u, taps=[2])], n_steps=1)  (int32)
TEST(Conformance, SeqTapPlus2NSteps1) {
  Graph g;
  Var u = g.ivector("u");
  Var y =
      scan([](Var a) { return a; }, {.sequences = {taps(u, {2})}, .n_steps = 1})
          .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_plus2_nsteps1", {u}, {y}));
}

// scan(lambda a: a * 3, sequences=[dict(input=u, taps=[2])])  (int32)
TEST(Conformance, SeqTapPlus2) {
  Graph g;
  Var u = g.ivector("u");
  Var y = scan([](Var a) { return a * 3; }, {.sequences = {taps(u, {2})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_plus2", {u}, {y}));
}

// scan(lambda a, b: a + 10*b, sequences=[dict(input=u, taps=[-2, -1])])
TEST(Conformance, SeqTapsNegativeOnly) {
  Graph g;
  Var u = g.vector("u");
  Var y = scan([](Var a, Var b) { return a + 10 * b; },
               {.sequences = {taps(u, {-2, -1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_taps_negative_only", {u}, {y}));
}

// scan(lambda a, b: a*10 + b, sequences=[dict(input=u, taps=[-4, 0])])
//      (u: 9x2)
TEST(Conformance, SeqTapsM4And0) {
  Graph g;
  Var u = g.matrix("u");
  Var y = scan([](Var a, Var b) { return a * 10 + b; },
               {.sequences = {taps(u, {-4, 0})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_taps_m4_0", {u}, {y}));
}

// scan(lambda a, b: a - 10*b, sequences=[dict(input=u, taps=[1, -1])])
TEST(Conformance, SeqTapsUnordered) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b) { return a - 10 * b; },
               {.sequences = {taps(u, {1, -1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_taps_unordered", {u}, {y}));
}

// scan(lambda a, b: a * b, sequences=[dict(input=u, taps=[-1, 1])])  (u: 5x3)
TEST(Conformance, SeqTapsMatrixRows) {
  Graph g;
  Var u = g.matrix("u");
  Var y = scan([](Var a, Var b) { return a * b; },
               {.sequences = {taps(u, {-1, 1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_taps_matrix_rows", {u}, {y}));
}

// scan(lambda a, b: a*100 + b, sequences=[dict(input=u, taps=[-2]), v])
TEST(Conformance, SeqTapsTwoSequences) {
  Graph g;
  Var u = g.vector("u"), v = g.vector("v");
  Var y = scan([](Var a, Var b) { return a * 100 + b; },
               {.sequences = {taps(u, {-2}), v}})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_taps_two_sequences", {u, v}, {y}));
}

//===----------------------------------------------------------------------===//
// Several sequences of unequal length
//===----------------------------------------------------------------------===//

// scan(lambda x, z: x + 10*z, sequences=[a, b])  (lengths 5 and 3)
TEST(Conformance, SeqsUnequal) {
  Graph g;
  Var a = g.vector("a"), b = g.vector("b");
  Var y = scan([](Var x, Var z) { return x + 10 * z; }, {.sequences = {a, b}})
              .outputs[0];
  EXPECT_TRUE(conforms("seqs_unequal", {a, b}, {y}));
}

// scan(lambda x, i, row: x*row + i, sequences=[a, b, c])
//      (a: f64[4], b: i64[6], c: f64[5, 2])
TEST(Conformance, SeqsUnequalThree) {
  Graph g;
  Var a = g.vector("a"), b = g.lvector("b"), c = g.matrix("c");
  Var y = scan([](Var x, Var i, Var row) { return x * row + i; },
               {.sequences = {a, b, c}})
              .outputs[0];
  EXPECT_TRUE(conforms("seqs_unequal_three", {a, b, c}, {y}));
}

// scan(lambda x, z, acc: acc*2 + x - z, sequences=[a, b],
//      outputs_info=[int64(1)])
TEST(Conformance, SeqsUnequalWithState) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Var y = scan([](Var x, Var z, Var acc) { return acc * 2 + x - z; },
               {.sequences = {a, b}, .outputs_info = {i64(1)}})
              .outputs[0];
  EXPECT_TRUE(conforms("seqs_unequal_with_state", {a, b}, {y}));
}

//===----------------------------------------------------------------------===//
// n_steps
//===----------------------------------------------------------------------===//

// scan(lambda x: x*2 + 1, outputs_info=[x0], n_steps=5)
TEST(Conformance, NStepsNoSequence) {
  Graph g;
  Var x0 = g.scalar("x0");
  Var y = scan([](Var x) { return x * 2 + 1; },
               {.outputs_info = {x0}, .n_steps = 5})
              .outputs[0];
  EXPECT_TRUE(conforms("nsteps_no_sequence", {x0}, {y}));
}

// scan(lambda a, acc: acc + a, sequences=[u], outputs_info=[0.0], n_steps=3)
//      (len(u) = 6)
TEST(Conformance, NStepsSmaller) {
  Graph g;
  Var u = g.vector("u");
  Var y = scan([](Var a, Var acc) { return acc + a; },
               {.sequences = {u}, .outputs_info = {f64(0)}, .n_steps = 3})
              .outputs[0];
  EXPECT_TRUE(conforms("nsteps_smaller", {u}, {y}));
}

// scan(lambda a, acc: acc + a, sequences=[u], outputs_info=[0.0], n_steps=0)
TEST(Conformance, NStepsZero) {
  Graph g;
  Var u = g.vector("u");
  Var y = scan([](Var a, Var acc) { return acc + a; },
               {.sequences = {u}, .outputs_info = {f64(0)}, .n_steps = 0})
              .outputs[0];
  EXPECT_TRUE(conforms("nsteps_zero", {u}, {y}));
}

// scan(lambda x: x*3 - 1, outputs_info=[x0], n_steps=n)  (x0: lvector, n = 4)
TEST(Conformance, NStepsSymbolic) {
  Graph g;
  Var x0 = g.lvector("x0"), n = g.lscalar("n");
  Var y = scan([](Var x) { return x * 3 - 1; },
               {.outputs_info = {x0}, .n_steps = n})
              .outputs[0];
  EXPECT_TRUE(conforms("nsteps_symbolic", {x0, n}, {y}));
}

// scan(lambda x: x * 0.5, outputs_info=[x0], n_steps=n)  (n = 0)
TEST(Conformance, NStepsSymbolicZero) {
  Graph g;
  Var x0 = g.vector("x0"), n = g.lscalar("n");
  Var y =
      scan([](Var x) { return x * 0.5; }, {.outputs_info = {x0}, .n_steps = n})
          .outputs[0];
  EXPECT_TRUE(conforms("nsteps_symbolic_zero", {x0, n}, {y}));
}

// scan(lambda a: a * a, sequences=[u], n_steps=n)  (n: iscalar = 4, len(u) = 7)
TEST(Conformance, NStepsSymbolicWithSequence) {
  Graph g;
  Var u = g.vector("u"), n = g.iscalar("n");
  Var y = scan([](Var a) { return a * a; }, {.sequences = {u}, .n_steps = n})
              .outputs[0];
  EXPECT_TRUE(conforms("nsteps_symbolic_with_sequence", {u, n}, {y}));
}

//===----------------------------------------------------------------------===//
// Output taps and initial values
//===----------------------------------------------------------------------===//

// scan(lambda a, acc: acc + a, sequences=[u], outputs_info=[x0])
TEST(Conformance, OutTapM1Cumsum) {
  Graph g;
  Var u = g.vector("u"), x0 = g.scalar("x0");
  Var y = scan([](Var a, Var acc) { return acc + a; },
               {.sequences = {u}, .outputs_info = {x0}})
              .outputs[0];
  EXPECT_TRUE(conforms("out_tap_m1_cumsum", {u, x0}, {y}));
}

// scan(lambda x3, x1: x3 - 0.5*x1,
//      outputs_info=[dict(initial=x0, taps=[-3, -1])], n_steps=6)
TEST(Conformance, OutTapsM3M1) {
  Graph g;
  Var x0 = g.vector("x0");
  Var y = scan([](Var x3, Var x1) { return x3 - 0.5 * x1; },
               {.outputs_info = {taps(x0, {-3, -1})}, .n_steps = 6})
              .outputs[0];
  EXPECT_TRUE(conforms("out_taps_m3_m1", {x0}, {y}));
}

// scan(lambda x4: x4*2 + 1, outputs_info=[dict(initial=x0, taps=[-4])],
//      n_steps=7)
TEST(Conformance, OutTapM4) {
  Graph g;
  Var x0 = g.lvector("x0");
  Var y = scan([](Var x4) { return x4 * 2 + 1; },
               {.outputs_info = {taps(x0, {-4})}, .n_steps = 7})
              .outputs[0];
  EXPECT_TRUE(conforms("out_tap_m4", {x0}, {y}));
}

// scan(lambda x2: x2 * 10, outputs_info=[dict(initial=x0, taps=[-2])],
//      n_steps=5)
TEST(Conformance, OutTapM2) {
  Graph g;
  Var x0 = g.lvector("x0");
  Var y = scan([](Var x2) { return x2 * 10; },
               {.outputs_info = {taps(x0, {-2})}, .n_steps = 5})
              .outputs[0];
  EXPECT_TRUE(conforms("out_tap_m2", {x0}, {y}));
}

// scan(lambda x4, x1: x4 + 10*x1,
//      outputs_info=[dict(initial=x0, taps=[-4, -1])], n_steps=5)  (5 rows)
TEST(Conformance, OutInitLongerM4M1) {
  Graph g;
  Var x0 = g.lvector("x0");
  Var y = scan([](Var x4, Var x1) { return x4 + 10 * x1; },
               {.outputs_info = {taps(x0, {-4, -1})}, .n_steps = 5})
              .outputs[0];
  EXPECT_TRUE(conforms("out_init_longer_m4_m1", {x0}, {y}));
}

// scan(lambda x2: x2 + 0.5, outputs_info=[dict(initial=x0, taps=[-2])],
//      n_steps=4)  (4 rows)
TEST(Conformance, OutInitLongerM2) {
  Graph g;
  Var x0 = g.vector("x0");
  Var y = scan([](Var x2) { return x2 + 0.5; },
               {.outputs_info = {taps(x0, {-2})}, .n_steps = 4})
              .outputs[0];
  EXPECT_TRUE(conforms("out_init_longer_m2", {x0}, {y}));
}

// scan(lambda x3, x1: x3*2 - x1,
//      outputs_info=[dict(initial=x0, taps=[-3, -1])], n_steps=3)  (x0: 5x2)
TEST(Conformance, OutInitLongerMatrix) {
  Graph g;
  Var x0 = g.matrix("x0");
  Var y = scan([](Var x3, Var x1) { return x3 * 2 - x1; },
               {.outputs_info = {taps(x0, {-3, -1})}, .n_steps = 3})
              .outputs[0];
  EXPECT_TRUE(conforms("out_init_longer_matrix", {x0}, {y}));
}

// scan(lambda a, b: a + b, outputs_info=[dict(initial=x0, taps=[-2, -1])],
//      n_steps=6)  (x0: 2x3)
TEST(Conformance, OutTapsFibonacciVectors) {
  Graph g;
  Var x0 = g.matrix("x0");
  Var y = scan([](Var a, Var b) { return a + b; },
               {.outputs_info = {taps(x0, {-2, -1})}, .n_steps = 6})
              .outputs[0];
  EXPECT_TRUE(conforms("out_taps_fibonacci_vectors", {x0}, {y}));
}

// scan(lambda um1, up2, x3, x1: 0.5*x3 - 0.25*x1 + up2*um1,
//      sequences=[dict(input=u, taps=[-1, 2])],
//      outputs_info=[dict(initial=x0, taps=[-3, -1])])
TEST(Conformance, OutAndSeqTaps) {
  Graph g;
  Var u = g.vector("u"), x0 = g.vector("x0");
  Var y = scan([](Var um1, Var up2, Var x3,
                  Var x1) { return 0.5 * x3 - 0.25 * x1 + up2 * um1; },
               {.sequences = {taps(u, {-1, 2})},
                .outputs_info = {taps(x0, {-3, -1})}})
              .outputs[0];
  EXPECT_TRUE(conforms("out_and_seq_taps", {u, x0}, {y}));
}

//===----------------------------------------------------------------------===//
// go_backwards
//===----------------------------------------------------------------------===//

// scan(lambda x, acc: acc*10 + x, sequences=[a], outputs_info=[0.0],
//      go_backwards=True)
TEST(Conformance, BackPlain) {
  Graph g;
  Var a = g.vector("a");
  Var y =
      scan([](Var x, Var acc) { return acc * 10 + x; },
           {.sequences = {a}, .outputs_info = {f64(0)}, .go_backwards = true})
          .outputs[0];
  EXPECT_TRUE(conforms("back_plain", {a}, {y}));
}

// scan(lambda a, b, c: a + 10*b + 100*c,
//      sequences=[dict(input=u, taps=[-1, 0, 1])], go_backwards=True)
TEST(Conformance, BackTapsMixed) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b, Var c) { return a + 10 * b + 100 * c; },
               {.sequences = {taps(u, {-1, 0, 1})}, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_taps_mixed", {u}, {y}));
}

// scan(lambda a, b: a + 10*b, sequences=[dict(input=u, taps=[-2, -1])],
//      go_backwards=True)
TEST(Conformance, BackTapsPast) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b) { return a + 10 * b; },
               {.sequences = {taps(u, {-2, -1})}, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_taps_past", {u}, {y}));
}

// scan(lambda x, z: x*10 + z, sequences=[a, b], go_backwards=True)
//      (lengths 5 and 3)
TEST(Conformance, BackUnequal) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Var y = scan([](Var x, Var z) { return x * 10 + z; },
               {.sequences = {a, b}, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_unequal", {a, b}, {y}));
}

// scan(lambda x2, x0, z: x2*100 + x0*10 + z,
//      sequences=[dict(input=a, taps=[-2, 0]), b], go_backwards=True)
TEST(Conformance, BackUnequalTaps) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Var y = scan([](Var x2, Var x0, Var z) { return x2 * 100 + x0 * 10 + z; },
               {.sequences = {taps(a, {-2, 0}), b}, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_unequal_taps", {a, b}, {y}));
}

// scan(lambda a, x2, x1: x2 + x1*0.5 + a, sequences=[u],
//      outputs_info=[dict(initial=x0, taps=[-2, -1])], go_backwards=True)
TEST(Conformance, BackOutputTaps) {
  Graph g;
  Var u = g.vector("u"), x0 = g.vector("x0");
  Var y = scan([](Var a, Var x2, Var x1) { return x2 + x1 * 0.5 + a; },
               {.sequences = {u},
                .outputs_info = {taps(x0, {-2, -1})},
                .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_output_taps", {u, x0}, {y}));
}

// scan(lambda a: a * 2, sequences=[u], n_steps=3, go_backwards=True)
//      (len(u) = 6)
TEST(Conformance, BackNStepsSmaller) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a) { return a * 2; },
               {.sequences = {u}, .n_steps = 3, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_nsteps_smaller", {u}, {y}));
}

// scan(lambda a, b: a*10 + b, sequences=[dict(input=u, taps=[0, 2])],
//      n_steps=2, go_backwards=True)
TEST(Conformance, BackFutureTapNSteps) {
  Graph g;
  Var u = g.lvector("u");
  Var y =
      scan([](Var a, Var b) { return a * 10 + b; },
           {.sequences = {taps(u, {0, 2})}, .n_steps = 2, .go_backwards = true})
          .outputs[0];
  EXPECT_TRUE(conforms("back_future_tap_nsteps", {u}, {y}));
}

//===----------------------------------------------------------------------===//
// until
//===----------------------------------------------------------------------===//

// scan(lambda a: (a * 2, until(a > 3)), sequences=[u])
TEST(Conformance, UntilSequence) {
  Graph g;
  Var u = g.vector("u");
  Var y =
      scan([](Var a) { return StepResult{.outputs = {a * 2}, .until = a > 3}; },
           {.sequences = {u}})
          .outputs[0];
  EXPECT_TRUE(conforms("until_sequence", {u}, {y}));
}

// scan(lambda x, m: (x*3, until(x*3 >= m)), outputs_info=[1.0],
//      non_sequences=[limit], n_steps=100)
TEST(Conformance, UntilRecurrent) {
  Graph g;
  Var limit = g.scalar("limit");
  Var y =
      scan(
          [](Var x, Var m) {
            return StepResult{.outputs = {x * 3}, .until = x * 3 >= m};
          },
          {.outputs_info = {f64(1)}, .non_sequences = {limit}, .n_steps = 100})
          .outputs[0];
  EXPECT_TRUE(conforms("until_recurrent", {limit}, {y}));
}

// scan(lambda a: (a*a, until(a*a > 10)), sequences=[u], outputs_info=[None])
TEST(Conformance, UntilNonRecurrent) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan(
              [](Var a) {
                return StepResult{.outputs = {a * a}, .until = a * a > 10};
              },
              {.sequences = {u}, .outputs_info = {none}})
              .outputs[0];
  EXPECT_TRUE(conforms("until_nonrecurrent", {u}, {y}));
}

// scan(lambda a, acc: ([acc + a, a*10], until(acc + a > 6)), sequences=[u],
//      outputs_info=[0.0, None])
TEST(Conformance, UntilSeveralOutputs) {
  Graph g;
  Var u = g.vector("u");
  ScanResult r = scan(
      [](Var a, Var acc) {
        Var total = acc + a;
        return StepResult{.outputs = {total, a * 10}, .until = total > 6};
      },
      {.sequences = {u}, .outputs_info = {f64(0), none}});
  EXPECT_TRUE(conforms("until_several_outputs", {u}, r.outputs));
}

// scan(lambda a: (a + 1, until(eq(a, a))), sequences=[u])
TEST(Conformance, UntilFirstStep) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan(
              [](Var a) {
                return StepResult{.outputs = {a + 1}, .until = eq(a, a)};
              },
              {.sequences = {u}})
              .outputs[0];
  EXPECT_TRUE(conforms("until_first_step", {u}, {y}));
}

// scan(lambda a, acc: (acc + a, until(a > 100)), sequences=[u],
//      outputs_info=[int64(0)])
TEST(Conformance, UntilNever) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan(
              [](Var a, Var acc) {
                return StepResult{.outputs = {acc + a}, .until = a > 100};
              },
              {.sequences = {u}, .outputs_info = {i64(0)}})
              .outputs[0];
  EXPECT_TRUE(conforms("until_never", {u}, {y}));
}

// scan(lambda a, b: (a + b, until(a + b > 50)),
//      outputs_info=[dict(initial=x0, taps=[-2, -1])], n_steps=20)
TEST(Conformance, UntilOutputTaps) {
  Graph g;
  Var x0 = g.lvector("x0");
  Var y = scan(
              [](Var a, Var b) {
                return StepResult{.outputs = {a + b}, .until = a + b > 50};
              },
              {.outputs_info = {taps(x0, {-2, -1})}, .n_steps = 20})
              .outputs[0];
  EXPECT_TRUE(conforms("until_output_taps", {x0}, {y}));
}

// scan(lambda x: (x*2, until(sum(x*2) > 40)), outputs_info=[x0], n_steps=10)
TEST(Conformance, UntilVectorState) {
  Graph g;
  Var x0 = g.vector("x0");
  Var y = scan(
              [](Var x) {
                return StepResult{.outputs = {x * 2}, .until = sum(x * 2) > 40};
              },
              {.outputs_info = {x0}, .n_steps = 10})
              .outputs[0];
  EXPECT_TRUE(conforms("until_vector_state", {x0}, {y}));
}

//===----------------------------------------------------------------------===//
// Shared variables and updates
//===----------------------------------------------------------------------===//

// a = shared(int64(1)); _, upd = scan(lambda: {a: a + 1}, n_steps=10)
// function([], [a + 1, upd[a] + 1], updates=upd); then a's value
TEST(Conformance, SharedCounter) {
  Graph g;
  SharedVariable a = g.shared(Array::scalar(int64_t{1}), "a");
  ScanResult r = scan([&]() { return Updates{{a, a + 1}}; }, {.n_steps = 10});
  EXPECT_TRUE(conforms("shared_counter", {}, {a + 1, r.updates[a] + 1},
                       r.updates, {a}));
}

// acc = shared(zeros(3)); step(row): new = acc + row; return new*2, {acc: new}
// scan(step, sequences=[X]); then acc's value
TEST(Conformance, SharedAccumulator) {
  Graph g;
  SharedVariable acc = g.shared(Array::zeros(DType::F64, {3}), "acc");
  Var X = g.matrix("X");
  ScanResult r = scan(
      [&](Var row) {
        Var next = acc + row;
        return StepResult{.outputs = {next * 2}, .updates = {{acc, next}}};
      },
      {.sequences = {X}});
  EXPECT_TRUE(conforms("shared_accumulator", {X}, r.outputs, r.updates, {acc}));
}

// W = shared([[0.5, -1], [2, 0.25]]); scan(lambda v: dot(v, W), sequences=[X])
TEST(Conformance, SharedReadOnly) {
  Graph g;
  SharedVariable W = g.shared(Array{{0.5, -1.0}, {2.0, 0.25}}, "W");
  Var X = g.matrix("X");
  Var y = scan([&](Var v) { return dot(v, W); }, {.sequences = {X}}).outputs[0];
  EXPECT_TRUE(conforms("shared_read_only", {X}, {y}));
}

// k = shared(int64(5)); step(x): return x + k, {k: k*2}
// scan(step, outputs_info=[int64(0)], n_steps=4); then k's value
TEST(Conformance, SharedUpdateWithState) {
  Graph g;
  SharedVariable k = g.shared(Array::scalar(int64_t{5}), "k");
  ScanResult r = scan(
      [&](Var x) {
        return StepResult{.outputs = {x + k}, .updates = {{k, k * 2}}};
      },
      {.outputs_info = {i64(0)}, .n_steps = 4});
  EXPECT_TRUE(
      conforms("shared_update_with_state", {}, r.outputs, r.updates, {k}));
}

//===----------------------------------------------------------------------===//
// Nested scans
//===----------------------------------------------------------------------===//

// outer(row, total): inner = scan(lambda x, acc: acc + x, sequences=[row],
//   outputs_info=[zeros_like(row[0])]); return inner[-1] + total
// scan(outer, sequences=[M], outputs_info=[0.0])
TEST(Conformance, NestedScalar) {
  Graph g;
  Var M = g.matrix("M");
  Var y =
      scan(
          [](Var row, Var total) {
            Var inner =
                scan([](Var x, Var acc) { return acc + x; },
                     {.sequences = {row}, .outputs_info = {zeros_like(row[0])}})
                    .outputs[0];
            return inner[-1] + total;
          },
          {.sequences = {M}, .outputs_info = {f64(0)}})
          .outputs[0];
  EXPECT_TRUE(conforms("nested_scalar", {M}, {y}));
}

// map(lambda row: map(lambda a: a * 2, sequences=[row]), sequences=[M])
TEST(Conformance, NestedMapVector) {
  Graph g;
  Var M = g.matrix("M");
  Var y = map(
              [](Var row) {
                return map([](Var a) { return a * 2; }, {row}).outputs[0];
              },
              {M})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_map_vector", {M}, {y}));
}

// outer(row): inner = scan(lambda x: x*2 + row, outputs_info=[row], n_steps=3);
//       return inner[-1]
// scan(outer, sequences=[M])
TEST(Conformance, NestedLastVector) {
  Graph g;
  Var M = g.matrix("M");
  Var y = scan(
              [](Var row) {
                Var inner = scan([&](Var x) { return x * 2 + row; },
                                 {.outputs_info = {row}, .n_steps = 3})
                                .outputs[0];
                return inner[-1];
              },
              {.sequences = {M}})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_last_vector", {M}, {y}));
}

// outer(s, m): return map(lambda row, c: row * c, sequences=[m],
//       non_sequences=[s])
// map(outer, sequences=[k], non_sequences=[M])
TEST(Conformance, NestedMatrix) {
  Graph g;
  Var k = g.vector("k"), M = g.matrix("M");
  Var y = map(
              [](Var s, Var m) {
                return map([](Var row, Var c) { return row * c; }, {m}, {s})
                    .outputs[0];
              },
              {k}, {M})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_matrix", {k, M}, {y}));
}

// outer(x): return reduce(lambda z, acc, c: acc + z*c, sequences=[b],
//       outputs_info=[int64(0)], non_sequences=[x])
// map(outer, sequences=[a])
TEST(Conformance, NestedInnerUsesOuterSequence) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Var y = map(
              [&](Var x) {
                return reduce([](Var z, Var acc, Var c) { return acc + z * c; },
                              {b}, {i64(0)}, {x})
                    .outputs[0];
              },
              {a})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_inner_uses_outer_sequence", {a, b}, {y}));
}

// outer(x): inner = scan(lambda v: v*0.5 + 1, outputs_info=[x], n_steps=2);
//       return inner[-1] + x
// scan(outer, outputs_info=[x0], n_steps=4)
TEST(Conformance, NestedRecurrentBoth) {
  Graph g;
  Var x0 = g.vector("x0");
  Var y = scan(
              [](Var x) {
                Var inner = scan([](Var v) { return v * 0.5 + 1; },
                                 {.outputs_info = {x}, .n_steps = 2})
                                .outputs[0];
                return inner[-1] + x;
              },
              {.outputs_info = {x0}, .n_steps = 4})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_recurrent_both", {x0}, {y}));
}

//===----------------------------------------------------------------------===//
// map, reduce, foldl, foldr
//===----------------------------------------------------------------------===//

// map(lambda x: x * x, sequences=[a])
TEST(Conformance, MapSquare) {
  Graph g;
  Var a = g.vector("a");
  Var y = map([](Var x) { return x * x; }, {a}).outputs[0];
  EXPECT_TRUE(conforms("map_square", {a}, {y}));
}

// map(lambda x, z: [x + z, x - z], sequences=[a, b])
TEST(Conformance, MapTwoOutputs) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  ScanResult r = map(
      [](Var x, Var z) {
        return std::vector<Var>{x + z, x - z};
      },
      {a, b});
  EXPECT_TRUE(conforms("map_two_outputs", {a, b}, r.outputs));
}

// map(lambda row, v: dot(row, v), sequences=[X], non_sequences=[w])
TEST(Conformance, MapNonSequence) {
  Graph g;
  Var X = g.matrix("X"), w = g.vector("w");
  Var y = map([](Var row, Var v) { return dot(row, v); }, {X}, {w}).outputs[0];
  EXPECT_TRUE(conforms("map_non_sequence", {X, w}, {y}));
}

// map(lambda x: x * 3, sequences=[a], go_backwards=True)
TEST(Conformance, MapBackwards) {
  Graph g;
  Var a = g.vector("a");
  Var y = map([](Var x) { return x * 3; }, {a}, {}, true).outputs[0];
  EXPECT_TRUE(conforms("map_backwards", {a}, {y}));
}

// reduce(lambda x, acc: acc + x, sequences=[a], outputs_info=[0.0])
TEST(Conformance, ReduceSum) {
  Graph g;
  Var a = g.vector("a");
  Var y =
      reduce([](Var x, Var acc) { return acc + x; }, {a}, {f64(0)}).outputs[0];
  EXPECT_TRUE(conforms("reduce_sum", {a}, {y}));
}

// reduce(lambda x, s, p: [s + x, p * x], sequences=[a],
//        outputs_info=[0.0, 1.0])
TEST(Conformance, ReduceTwoStates) {
  Graph g;
  Var a = g.vector("a");
  ScanResult r = reduce(
      [](Var x, Var s, Var p) {
        return std::vector<Var>{s + x, p * x};
      },
      {a}, {f64(0), f64(1)});
  EXPECT_TRUE(conforms("reduce_two_states", {a}, r.outputs));
}

// foldl(lambda x, acc: acc*10 + x, sequences=[a], outputs_info=[int64(0)])
TEST(Conformance, FoldlDigits) {
  Graph g;
  Var a = g.lvector("a");
  Var y = foldl([](Var x, Var acc) { return acc * 10 + x; }, {a}, {i64(0)})
              .outputs[0];
  EXPECT_TRUE(conforms("foldl_digits", {a}, {y}));
}

// foldr(lambda x, acc: acc*10 + x, sequences=[a], outputs_info=[int64(0)])
TEST(Conformance, FoldrDigits) {
  Graph g;
  Var a = g.lvector("a");
  Var y = foldr([](Var x, Var acc) { return acc * 10 + x; }, {a}, {i64(0)})
              .outputs[0];
  EXPECT_TRUE(conforms("foldr_digits", {a}, {y}));
}

// foldr(lambda row, acc: acc*2 + row, sequences=[M], outputs_info=[x0])
TEST(Conformance, FoldrMatrixRows) {
  Graph g;
  Var M = g.matrix("M"), x0 = g.vector("x0");
  Var y = foldr([](Var row, Var acc) { return acc * 2 + row; }, {M}, {x0})
              .outputs[0];
  EXPECT_TRUE(conforms("foldr_matrix_rows", {M, x0}, {y}));
}

// foldl(lambda x, acc, k: acc*k + x, sequences=[a], outputs_info=[0.0],
//       non_sequences=[c])
TEST(Conformance, FoldlNonSequence) {
  Graph g;
  Var a = g.vector("a"), c = g.scalar("c");
  Var y = foldl([](Var x, Var acc, Var k) { return acc * k + x; }, {a},
                {f64(0)}, {c})
              .outputs[0];
  EXPECT_TRUE(conforms("foldl_non_sequence", {a, c}, {y}));
}

//===----------------------------------------------------------------------===//
// dtypes
//===----------------------------------------------------------------------===//

// scan(lambda x, acc: acc + x, sequences=[a], outputs_info=[x0])  (int32)
TEST(Conformance, DTypeInt32Cumsum) {
  Graph g;
  Var a = g.ivector("a"), x0 = g.iscalar("x0");
  Var y = scan([](Var x, Var acc) { return acc + x; },
               {.sequences = {a}, .outputs_info = {x0}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_int32_cumsum", {a, x0}, {y}));
}

// scan(lambda x, acc: acc * x, sequences=[a], outputs_info=[int64(1)])
//      (past 2**31)
TEST(Conformance, DTypeInt64Product) {
  Graph g;
  Var a = g.lvector("a");
  Var y = scan([](Var x, Var acc) { return acc * x; },
               {.sequences = {a}, .outputs_info = {i64(1)}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_int64_product", {a}, {y}));
}

// scan(lambda x, acc: acc + x, sequences=[a], outputs_info=[x0])  (float32)
TEST(Conformance, DTypeFloat32Cumsum) {
  Graph g;
  Var a = g.fvector("a"), x0 = g.fscalar("x0");
  Var y = scan([](Var x, Var acc) { return acc + x; },
               {.sequences = {a}, .outputs_info = {x0}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_float32_cumsum", {a, x0}, {y}));
}

// scan(lambda x, h, w: tanh(dot(h, w) + x), sequences=[X], outputs_info=[h0],
//      non_sequences=[W])  (float32)
TEST(Conformance, DTypeFloat32Rnn) {
  Graph g;
  Var X = g.fmatrix("X"), W = g.fmatrix("W"), h0 = g.fvector("h0");
  Var y = scan([](Var x, Var h, Var w) { return tanh(dot(h, w) + x); },
               {.sequences = {X}, .outputs_info = {h0}, .non_sequences = {W}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_float32_rnn", {X, W, h0}, {y}));
}

// scan(lambda x, acc: acc*0.5 + x, sequences=[a], outputs_info=[0.0])
//      (a: int32)
TEST(Conformance, DTypeInt32SequenceFloat64State) {
  Graph g;
  Var a = g.ivector("a");
  Var y = scan([](Var x, Var acc) { return acc * 0.5 + x; },
               {.sequences = {a}, .outputs_info = {f64(0)}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_int32_sequence_float64_state", {a}, {y}));
}

// map(lambda x: where(x > 2, x*10, -x), sequences=[a])  (int64)
TEST(Conformance, DTypeInt64Where) {
  Graph g;
  Var a = g.lvector("a");
  Var y = map([](Var x) { return where(x > 2, x * 10, -x); }, {a}).outputs[0];
  EXPECT_TRUE(conforms("dtype_int64_where", {a}, {y}));
}

// scan(lambda x: x > 0.5, sequences=[a], outputs_info=[None])  (bool results)
TEST(Conformance, DTypeBoolOutput) {
  Graph g;
  Var a = g.vector("a");
  Var y = scan([](Var x) { return x > 0.5; },
               {.sequences = {a}, .outputs_info = {none}})
              .outputs[0];
  EXPECT_TRUE(conforms("dtype_bool_output", {a}, {y}));
}

// map(lambda x, z: x * z, sequences=[a, b])  (float32 * int32 -> float64)
TEST(Conformance, DTypeFloat32Int32Mixed) {
  Graph g;
  Var a = g.fvector("a"), b = g.ivector("b");
  Var y = map([](Var x, Var z) { return x * z; }, {a, b}).outputs[0];
  EXPECT_TRUE(conforms("dtype_float32_int32_mixed", {a, b}, {y}));
}

//===----------------------------------------------------------------------===//
// Non-sequences
//===----------------------------------------------------------------------===//

// p = scan(lambda prior, a: prior * a, outputs_info=[ones_like(A)],
//          non_sequences=[A], n_steps=k); p[-1]
TEST(Conformance, NonSeqPower) {
  Graph g;
  Var A = g.vector("A"), k = g.iscalar("k");
  Var p =
      scan([](Var prior, Var a) { return prior * a; },
           {.outputs_info = {ones_like(A)}, .non_sequences = {A}, .n_steps = k})
          .outputs[0];
  EXPECT_TRUE(conforms("nonseq_power", {A, k}, {p[-1]}));
}

// scan(lambda v, w, c: tanh(dot(v, w) + c), sequences=[X],
//      non_sequences=[W, b])
TEST(Conformance, NonSeqRnn) {
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), b = g.vector("b");
  Var y = scan([](Var v, Var w, Var c) { return tanh(dot(v, w) + c); },
               {.sequences = {X}, .non_sequences = {W, b}})
              .outputs[0];
  EXPECT_TRUE(conforms("nonseq_rnn", {X, W, b}, {y}));
}

// scan(lambda x, p, q: x*p + q, outputs_info=[1.0], non_sequences=[a, b],
//      n_steps=5)
TEST(Conformance, NonSeqTwoWithState) {
  Graph g;
  Var a = g.scalar("a"), b = g.scalar("b");
  Var y =
      scan([](Var x, Var p, Var q) { return x * p + q; },
           {.outputs_info = {f64(1)}, .non_sequences = {a, b}, .n_steps = 5})
          .outputs[0];
  EXPECT_TRUE(conforms("nonseq_two_with_state", {a, b}, {y}));
}

//===----------------------------------------------------------------------===//
// Several outputs, recurrent and not
//===----------------------------------------------------------------------===//

// scan(lambda a, acc: [acc + a, a*a], sequences=[u], outputs_info=[0.0, None])
TEST(Conformance, OutputsRecurrentAndNone) {
  Graph g;
  Var u = g.vector("u");
  ScanResult r = scan(
      [](Var a, Var acc) {
        return std::vector<Var>{acc + a, a * a};
      },
      {.sequences = {u}, .outputs_info = {f64(0), none}});
  EXPECT_TRUE(conforms("outputs_recurrent_and_none", {u}, r.outputs));
}

// scan(lambda a, acc: [a*2, acc + a, acc*a], sequences=[u],
//      outputs_info=[None, int64(0), None])
TEST(Conformance, OutputsNoneRecurrentNone) {
  Graph g;
  Var u = g.lvector("u");
  ScanResult r = scan(
      [](Var a, Var acc) {
        return std::vector<Var>{a * 2, acc + a, acc * a};
      },
      {.sequences = {u}, .outputs_info = {none, i64(0), none}});
  EXPECT_TRUE(conforms("outputs_none_recurrent_none", {u}, r.outputs));
}

// scan(lambda x2, x1, y: [x2 + x1 + y, y*0.5],
//      outputs_info=[dict(initial=x0, taps=[-2, -1]), y0], n_steps=5)
TEST(Conformance, OutputsTwoRecurrentTaps) {
  Graph g;
  Var x0 = g.vector("x0"), y0 = g.scalar("y0");
  ScanResult r = scan(
      [](Var x2, Var x1, Var y) {
        return std::vector<Var>{x2 + x1 + y, y * 0.5};
      },
      {.outputs_info = {taps(x0, {-2, -1}), y0}, .n_steps = 5});
  EXPECT_TRUE(conforms("outputs_two_recurrent_taps", {x0, y0}, r.outputs));
}

// step(f2, f1): f = f2 + f1; return [f, f / f1]
// scan(step, outputs_info=[dict(initial=start, taps=[-2, -1]), None],
//      n_steps=n)
TEST(Conformance, OutputsFibonacciRatio) {
  Graph g;
  Var start = g.vector("start"), n = g.lscalar("n");
  ScanResult r = scan(
      [](Var f2, Var f1) {
        Var f = f2 + f1;
        return std::vector<Var>{f, f / f1};
      },
      {.outputs_info = {taps(start, {-2, -1}), none}, .n_steps = n});
  EXPECT_TRUE(conforms("outputs_fibonacci_ratio", {start, n}, r.outputs));
}

//===----------------------------------------------------------------------===//
// Indexing inside bodies, chained scans
//===----------------------------------------------------------------------===//

// map(lambda row: row[1:] * row[0], sequences=[X])
TEST(Conformance, BodyIndexing) {
  Graph g;
  Var X = g.matrix("X");
  Var y =
      map([](Var row) { return row[slice(1, none)] * row[0]; }, {X}).outputs[0];
  EXPECT_TRUE(conforms("body_indexing", {X}, {y}));
}

// sq = map(lambda x: x*x, sequences=[a])
// scan(lambda x, acc: acc + x, sequences=[sq], outputs_info=[0.0])
TEST(Conformance, ChainedScans) {
  Graph g;
  Var a = g.vector("a");
  Var sq = map([](Var x) { return x * x; }, {a}).outputs[0];
  Var s = scan([](Var x, Var acc) { return acc + x; },
               {.sequences = {sq}, .outputs_info = {f64(0)}})
              .outputs[0];
  EXPECT_TRUE(conforms("chained_scans", {a}, {s}));
}

// map(lambda m, w: dot(m, w), sequences=[T3], non_sequences=[v])  (T3: 3x2x2)
TEST(Conformance, SequenceOfMatrices) {
  Graph g;
  Var T3 = g.tensor3("T3"), v = g.vector("v");
  Var y = map([](Var m, Var w) { return dot(m, w); }, {T3}, {v}).outputs[0];
  EXPECT_TRUE(conforms("sequence_of_matrices", {T3, v}, {y}));
}

// y = scan(lambda x: x*1.5 - 1, outputs_info=[x0], n_steps=6)
// outputs y[-1], y[0]
TEST(Conformance, LastStepOnly) {
  Graph g;
  Var x0 = g.vector("x0");
  Var y = scan([](Var x) { return x * 1.5 - 1; },
               {.outputs_info = {x0}, .n_steps = 6})
              .outputs[0];
  EXPECT_TRUE(conforms("last_step_only", {x0}, {y[-1], y[0]}));
}

// scan(lambda x, i: x * cast(i, "float64"), sequences=[a, arange(100)])
TEST(Conformance, ArangeSequence) {
  Graph g;
  Var a = g.vector("a");
  Var y = scan([](Var x, Var i) { return x * cast(i, DType::F64); },
               {.sequences = {a, arange(100)}})
              .outputs[0];
  EXPECT_TRUE(conforms("arange_sequence", {a}, {y}));
}

//===----------------------------------------------------------------------===//
// More combinations
//===----------------------------------------------------------------------===//

// scan(lambda a: (a * 2, until(a < 3)), sequences=[u], go_backwards=True)
TEST(Conformance, BackUntil) {
  Graph g;
  Var u = g.lvector("u");
  Var y =
      scan([](Var a) { return StepResult{.outputs = {a * 2}, .until = a < 3}; },
           {.sequences = {u}, .go_backwards = true})
          .outputs[0];
  EXPECT_TRUE(conforms("back_until", {u}, {y}));
}

// scan(lambda a, b: a*10 + b, sequences=[dict(input=u, taps=[-4, 0])],
//      go_backwards=True)
TEST(Conformance, BackTapsM4And0) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b) { return a * 10 + b; },
               {.sequences = {taps(u, {-4, 0})}, .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_taps_m4_0", {u}, {y}));
}

// scan(lambda a, x3, x1: x3*10 + x1 + a, sequences=[u],
//      outputs_info=[dict(initial=x0, taps=[-3, -1])],
//      go_backwards=True)  (x0: 4 rows)
TEST(Conformance, BackInitLonger) {
  Graph g;
  Var u = g.lvector("u"), x0 = g.lvector("x0");
  Var y = scan([](Var a, Var x3, Var x1) { return x3 * 10 + x1 + a; },
               {.sequences = {u},
                .outputs_info = {taps(x0, {-3, -1})},
                .go_backwards = true})
              .outputs[0];
  EXPECT_TRUE(conforms("back_init_longer", {u, x0}, {y}));
}

// scan(lambda a, b: a*100 + b, sequences=[dict(input=u, taps=[0, 3])],
//      n_steps=2)
TEST(Conformance, SeqTapFutureNSteps) {
  Graph g;
  Var u = g.lvector("u");
  Var y = scan([](Var a, Var b) { return a * 100 + b; },
               {.sequences = {taps(u, {0, 3})}, .n_steps = 2})
              .outputs[0];
  EXPECT_TRUE(conforms("seq_tap_future_nsteps", {u}, {y}));
}

// scan(lambda x3: x3 * -2 + 1, outputs_info=[dict(initial=x0, taps=[-3])],
//      n_steps=4)  (x0: 3x2)
TEST(Conformance, OutTapM3Matrix) {
  Graph g;
  Var x0 = g.matrix("x0");
  Var y = scan([](Var x3) { return x3 * -2 + 1; },
               {.outputs_info = {taps(x0, {-3})}, .n_steps = 4})
              .outputs[0];
  EXPECT_TRUE(conforms("out_tap_m3_matrix", {x0}, {y}));
}

// map(lambda x: x*0.5 + 1, sequences=[a])  (float32 stays float32)
TEST(Conformance, DTypeFloat32Scale) {
  Graph g;
  Var a = g.fvector("a");
  Var y = map([](Var x) { return x * 0.5 + 1; }, {a}).outputs[0];
  EXPECT_TRUE(conforms("dtype_float32_scale", {a}, {y}));
}

// map(lambda x: x * 0.5, sequences=[a])  (int32 -> float64)
TEST(Conformance, DTypeInt32TimesFloat) {
  Graph g;
  Var a = g.ivector("a");
  Var y = map([](Var x) { return x * 0.5; }, {a}).outputs[0];
  EXPECT_TRUE(conforms("dtype_int32_times_float", {a}, {y}));
}

// map(lambda x, z: x / z, sequences=[a, b])  (int64 true division)
TEST(Conformance, DTypeIntTrueDivide) {
  Graph g;
  Var a = g.lvector("a"), b = g.lvector("b");
  Var y = map([](Var x, Var z) { return x / z; }, {a, b}).outputs[0];
  EXPECT_TRUE(conforms("dtype_int_true_divide", {a, b}, {y}));
}

// map(lambda m, x: where(m, x, -1.0), sequences=[c, a])  (c: bool)
TEST(Conformance, DTypeBoolSequence) {
  Graph g;
  Var c = g.bvector("c"), a = g.vector("a");
  Var y =
      map([](Var m, Var x) { return where(m, x, f64(-1)); }, {c, a}).outputs[0];
  EXPECT_TRUE(conforms("dtype_bool_sequence", {c, a}, {y}));
}

// map(lambda row: [row.max(), row.mean(), row.sum()], sequences=[X])
TEST(Conformance, BodyReductions) {
  Graph g;
  Var X = g.matrix("X");
  ScanResult r = map(
      [](Var row) {
        return std::vector<Var>{row.max(), row.mean(), row.sum()};
      },
      {X});
  EXPECT_TRUE(conforms("body_reductions", {X}, r.outputs));
}

// outer(row): inner = scan(lambda a, b: b - a,
//       sequences=[dict(input=row, taps=[-1, 0])]); return inner.sum()
// map(outer, sequences=[M])
TEST(Conformance, NestedInnerTaps) {
  Graph g;
  Var M = g.matrix("M");
  Var y = map(
              [](Var row) {
                Var inner = scan([](Var a, Var b) { return b - a; },
                                 {.sequences = {taps(row, {-1, 0})}})
                                .outputs[0];
                return inner.sum();
              },
              {M})
              .outputs[0];
  EXPECT_TRUE(conforms("nested_inner_taps", {M}, {y}));
}

// map(lambda row: row.sum(), sequences=[X])  (X: int32; the sum is int64)
TEST(Conformance, DTypeInt32Sum) {
  Graph g;
  Var X = g.imatrix("X");
  Var y = map([](Var row) { return row.sum(); }, {X}).outputs[0];
  EXPECT_TRUE(conforms("dtype_int32_sum", {X}, {y}));
}

//===----------------------------------------------------------------------===//
// mod, floor_divide, sign, clip
//===----------------------------------------------------------------------===//

// map(lambda x: x % 3, sequences=[a])  (int64, negatives included)
TEST(Conformance, OpModInt) {
  Graph g;
  Var a = g.lvector("a");
  Var y = map([](Var x) { return x % 3; }, {a}).outputs[0];
  EXPECT_TRUE(conforms("op_mod_int", {a}, {y}));
}

// map(lambda x: x % 1.5, sequences=[a])  (float64)
TEST(Conformance, OpModFloat) {
  Graph g;
  Var a = g.vector("a");
  Var y = map([](Var x) { return x % 1.5; }, {a}).outputs[0];
  EXPECT_TRUE(conforms("op_mod_float", {a}, {y}));
}

// map(lambda x: x // 3, sequences=[a])  (int64)
TEST(Conformance, OpFloorDivide) {
  Graph g;
  Var a = g.lvector("a");
  Var y = map([](Var x) { return floor_divide(x, 3); }, {a}).outputs[0];
  EXPECT_TRUE(conforms("op_floor_divide", {a}, {y}));
}

// scan(lambda x, acc: acc + sign(x), sequences=[a], outputs_info=[0.0])
TEST(Conformance, OpSign) {
  Graph g;
  Var a = g.vector("a");
  Var y = scan([](Var x, Var acc) { return acc + sign(x); },
               {.sequences = {a}, .outputs_info = {f64(0)}})
              .outputs[0];
  EXPECT_TRUE(conforms("op_sign", {a}, {y}));
}

// scan(lambda x, acc: clip(acc + x, -1.0, 2.0), sequences=[a],
//      outputs_info=[0.0])
TEST(Conformance, OpClip) {
  Graph g;
  Var a = g.vector("a");
  Var y = scan([](Var x, Var acc) { return clip(acc + x, -1.0, 2.0); },
               {.sequences = {a}, .outputs_info = {f64(0)}})
              .outputs[0];
  EXPECT_TRUE(conforms("op_clip", {a}, {y}));
}

} // namespace
