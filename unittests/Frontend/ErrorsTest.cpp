//===- ErrorsTest.cpp - Every error of the issue, with its message --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Mistakes reported while the graph is built (bad taps, initial values that
// do not fit, strict, fn's arity and return count, n_steps) and when the
// function is called (negative n_steps, short sequences, arguments of the
// wrong dtype or shape), each as a scanjit::Error that names the culprit.
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(ErrorsTest, OutputTapsMustBeNegativeAndDistinct) {
  Graph g;
  Var x0 = g.matrix("x0");
  auto step = [](Var a, Var b) { return a + b; };
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(step, {.outputs_info = {taps(x0, {-2, 0})},
                                     .n_steps = 3, .name = "rnn"});
                       }),
                       "scan 'rnn': output #0 has tap 0; output taps must be "
                       "negative (they read past steps)"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(step, {.outputs_info = {taps(x0, {-1, -1})},
                                     .n_steps = 3});
                       }),
                       "scan: output #0 repeats tap -1"));
}

TEST(ErrorsTest, ScanErrorsNameTheCallersFileAndLine) {
  // The message starts with the file and line of the scan() call.
  Graph g;
  Var x0 = g.matrix("x0");
  int line = __LINE__ + 2;
  std::string message = errorMessageOf([&] {
    scan([](Var a, Var b) { return a + b; },
         {.outputs_info = {taps(x0, {-1, -1})}, .n_steps = 3, .name = "rnn"});
  });
  EXPECT_EQ(message, "ErrorsTest.cpp:" + std::to_string(line) +
                         ": scan 'rnn': output #0 repeats tap -1; taps must be "
                         "distinct");
}

TEST(ErrorsTest, AHostLanguageNamesItsOwnLines) {
  // Under a HostLocationScope (what the Python bindings open around each
  // call) errors and ops name the host's file and line; the innermost scope
  // wins, and C++ locations return when the scopes end.
  Graph g;
  Var x0 = g.matrix("x0");
  auto badScan = [&] {
    scan([](Var a, Var b) { return a + b; },
         {.outputs_info = {taps(x0, {-1, -1})}, .n_steps = 3, .name = "rnn"});
  };
  {
    HostLocationScope outer("/home/user/train.py", 12);
    EXPECT_EQ(errorMessageOf(badScan),
              "train.py:12: scan 'rnn': output #0 repeats tap -1; taps "
              "must be distinct");
    {
      HostLocationScope inner("/home/user/model.py", 40);
      EXPECT_EQ(errorMessageOf(badScan),
                "model.py:40: scan 'rnn': output #0 repeats tap -1; taps "
                "must be distinct");
    }
    Var x = g.vector("x");
    ScanResult r = scan([](Var xt) { return tanh(xt); }, {.sequences = {x}});
    Function f = function({x}, {r.outputs[0]}, {}, {.printLocations = true});
    EXPECT_TRUE(contains(f.mlir(), "\"/home/user/train.py\":12:")) << f.mlir();
    EXPECT_FALSE(contains(f.mlir(), "ErrorsTest.cpp")) << f.mlir();
  }
  EXPECT_TRUE(contains(errorMessageOf(badScan), "ErrorsTest.cpp:"));
}

TEST(ErrorsTest, AnErrorAfterANestedScanLeavesTracingUsable) {
  // fn builds a scan (whose run-time checks go with the next Var) and then
  // throws: the abandoned body's checks used to stay pending and went with
  // the next Var, and function() walked the freed ops (a crash).
  Graph g;
  Var X = g.matrix("X"), h0 = g.vector("h0");
  RandomStreams streams(7);
  EXPECT_EQ(errorMessageOf([&] {
              scan(
                  [&](Var x, Var h) {
                    ScanResult inner = scan(
                        [&](Var e, Var acc) {
                          return acc + e * streams.uniform(acc.shape());
                        },
                        {.sequences = {x}, .outputs_info = {h}});
                    throw Error("fn gives up");
                    return h + inner.outputs[0];
                  },
                  {.sequences = {X}, .outputs_info = {h0}});
            }),
            "fn gives up");
  ScanResult r = scan([](Var x, Var h) { return h + x; },
                      {.sequences = {X}, .outputs_info = {h0}, .n_steps = 2});
  Function f = function({X, h0}, {r.outputs[0]});
  EXPECT_TRUE(matches(f({Array{{1.0, 2.0}, {3.0, 4.0}}, Array{0.5, 0.5}})[0],
                      {2, 2}, {1.5, 2.5, 4.5, 6.5}));
}

TEST(ErrorsTest, InitialValueTooShortForItsTaps) {
  Graph g;
  auto step = [](Var a, Var b) { return a + b; };
  // Statically: a constant with one row for taps reaching 3 back.
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan(step, {.outputs_info = {taps(constant(Array{{1.0, 2.0}}), {-3, -1})},
                    .n_steps = 3});
      }),
      "the initial value of output #0 (a f64 matrix) holds 1 past "
      "steps but tap -3 needs at least 3"));
  // At run time: a symbolic initial value with too few rows.
  Var x0 = g.matrix("x0");
  ScanResult r = scan(step, {.outputs_info = {taps(x0, {-3, -1})}, .n_steps = 2});
  Function f = function({x0}, {r.outputs[0]});
  EXPECT_TRUE(contains(
      errorMessageOf([&] { f({Array::zeros(DType::F64, {2, 2})}); }),
      "output #0"));
  EXPECT_TRUE(matches(f({Array::zeros(DType::F64, {3, 2})})[0], {2, 2},
                      {0, 0, 0, 0}));
}

TEST(ErrorsTest, InitialValueMustMatchWhatFnReturns) {
  Graph g;
  Var a = g.vector("a");
  // dtype: an f32 or an integer initial value for an f64 recurrence (no
  // silent downcast).
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var x, Var acc) { return acc + x; },
             {.sequences = {a}, .outputs_info = {constant(0.0, DType::F32)}});
      }),
      "scan: output #0: fn returns f64 values, but the initial value is f32 "
      "(no implicit conversion: cast one of them)"));
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var x, Var acc) { return acc + x; },
             {.sequences = {a},
              .outputs_info = {constant(0, DType::I64)},
              .name = "acc"});
      }),
      "scan 'acc': output #0: fn returns f64 values, but the initial value "
      "is i64"));
  // rank: a vector initial value for a scalar recurrence.
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var x, Var acc) { return acc.sum() + x; },
             {.sequences = {a}, .outputs_info = {a}});
      }),
      "output #0: fn returns shape () but the initial value's step shape is "
      "(?,)"));
  // shape, both static: a (1, 10) state that fn makes (3, 10).
  Array three = Array::zeros(DType::F64, {3, 10});
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([&](Var h) { return h + constant(three); },
             {.outputs_info = {constant(Array::zeros(DType::F64, {1, 10}))},
              .n_steps = 3,
              .name = "state"});
      }),
      "scan 'state': output #0: fn returns shape (3, 10) but the "
      "initial value's step shape is (1, 10)"));
  // The same with taps [-2, -1]: the step shape drops the history axis.
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([&](Var, Var h) { return h + constant(three); },
             {.outputs_info = {taps(
                  constant(Array::zeros(DType::F64, {2, 1, 10})), {-2, -1})},
              .n_steps = 3,
              .name = "state"});
      }),
      "scan 'state': output #0: fn returns shape (3, 10) but the "
      "initial value's step shape is (1, 10)"));
}

TEST(ErrorsTest, InitialValueMustMatchWhatFnReturnsAtRunTime) {
  // Sizes that only the call reveals: a run-time error naming the output,
  // the axis and both sizes, never a failure to compile. The same function
  // then runs with shapes that fit.
  Graph g;
  Var X = g.matrix("X"), h0 = g.matrix("h0");
  const char *axis0 = "scan: output #0: fn returns a step of size 3 on axis "
                      "0, but the initial value's steps have size 1 there";
  // A static initial value, fn's step known only at the call.
  ScanResult fixed =
      scan([&](Var h) { return h * X; },
           {.outputs_info = {constant(Array::zeros(DType::F64, {1, 2}))},
            .n_steps = 2});
  Function f = function({X}, {fixed.outputs[0]});
  EXPECT_EQ(errorMessageOf([&] {
              f({Array::zeros(DType::F64, {3, 2})});
            }),
            std::string("@main: ") + axis0);
  EXPECT_TRUE(matches(f({Array{{1.0, 2.0}}})[0], {2, 1, 2}, {0, 0, 0, 0}));
  // Both known only at the call; the mismatch on axis 1.
  ScanResult both =
      scan([&](Var) { return X * 2.0; }, {.outputs_info = {h0}, .n_steps = 2});
  Function b = function({h0, X}, {both.outputs[0]});
  EXPECT_EQ(errorMessageOf([&] {
              b({Array::zeros(DType::F64, {1, 10}),
                 Array::zeros(DType::F64, {3, 10})});
            }),
            std::string("@main: ") + axis0);
  EXPECT_EQ(
      errorMessageOf([&] {
        b({Array::zeros(DType::F64, {1, 4}), Array::zeros(DType::F64, {1, 5})});
      }),
      "@main: scan: output #0: fn returns a step of size 5 on axis 1, "
      "but the initial value's steps have size 4 there");
  EXPECT_TRUE(
      matches(b({Array::zeros(DType::F64, {1, 2}), Array{{1.0, 2.0}}})[0],
              {2, 1, 2}, {2, 4, 2, 4}));
  // Taps [-2, -1]: the initial value's rows are steps of shape (1, 10).
  Var H = g.tensor3("H");
  ScanResult tapped = scan([&](Var, Var) { return X * 2.0; },
                           {.outputs_info = {taps(H, {-2, -1})}, .n_steps = 2});
  Function t = function({H, X}, {tapped.outputs[0]});
  EXPECT_EQ(errorMessageOf([&] {
              t({Array::zeros(DType::F64, {2, 1, 10}),
                 Array::zeros(DType::F64, {3, 10})});
            }),
            std::string("@main: ") + axis0);
}

TEST(ErrorsTest, TapsNeedAnInitialValue) {
  // PyTensor: "If you are using slices of an output you need to provide a
  // initial state". Without arguments fn used to crash function(); with a
  // sequence the output was silently not fed back.
  Graph g;
  Var a = g.vector("a");
  EXPECT_TRUE(contains(errorMessageOf([&] {
              scan([] { return constant(1.0); },
                   {.outputs_info = {taps(Var(), {-1})},
                    .n_steps = 3,
                    .name = "gen"});
            }),
            "scan 'gen': output #0 has taps [-1] but no initial value (a null "
            "Var); reading past values of an output needs an initial state "
            "(pass `none` for an output fn does not read back)"));
  EXPECT_TRUE(
      contains(errorMessageOf([&] {
                 scan([](Var x) { return x * 2; },
                      {.sequences = {a}, .outputs_info = {taps(Var(), {-1})}});
               }),
               "scan: output #0 has taps [-1] but no initial value"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan([](Var x, Var p) { return x * 2; },
                              {.sequences = {a},
                               .outputs_info = {a[0], taps(Var(), {-3, -1})}});
                       }),
                       "scan: output #1 has taps [-3, -1] but no initial "
                       "value"));
  // A plain null Var is fed back at tap -1: the same error.
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan([](Var x) { return x * 2; },
                              {.sequences = {a}, .outputs_info = {Var()}});
                       }),
                       "scan: output #0 has taps [-1] but no initial value"));
  // `none` is an output that is not fed back.
  ScanResult r = scan([](Var x) { return x * 2; },
                      {.sequences = {a}, .outputs_info = {none}});
  EXPECT_TRUE(matches(function({a}, {r.outputs[0]})({Array{1.0, 2.0}})[0], {2},
                      {2.0, 4.0}));
}

TEST(ErrorsTest, StrictNeedsSharedVariablesAsNonSequences) {
  Graph g;
  SharedVariable W = g.shared(Array{{1.0}}, "W");
  Var x = g.matrix("x");
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([&](Var v) { return dot(v, W); },
             {.sequences = {x}, .name = "layer", .strict = true});
      }),
      "scan 'layer': strict is set, but fn uses the shared variable 'W', "
      "which is not in non_sequences"));
  // Passed explicitly, it is fine; without strict, an implicit use is too.
  EXPECT_NO_THROW(scan([](Var v, Var w) { return dot(v, w); },
                       {.sequences = {x}, .non_sequences = {W},
                        .strict = true}));
  EXPECT_NO_THROW(
      scan([&](Var v) { return dot(v, W); }, {.sequences = {x}}));
}

TEST(ErrorsTest, FnArityAndReturnCountMustFit) {
  Graph g;
  Var a = g.vector("a"), w = g.scalar("w");
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var x) { return x; },
             {.sequences = {a}, .outputs_info = {g.constant(0.0)},
              .non_sequences = {w}});
      }),
      "scan: fn takes 1 argument, but the scan passes 3: sequence #0 taps [0] "
      "(1), output #0 taps [-1] (1), 1 non-sequence"));
  // Which part of outputs_info passes what.
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan(
            [](Var x, Var acc) {
              return std::vector<Var>{x + acc, x};
            },
            {.sequences = {taps(a, {-1, 0})},
             .outputs_info = {taps(g.vector("x0"), {-2, -1}), none},
             .non_sequences = {w, w},
             .name = "two"});
      }),
      "scan 'two': fn takes 2 arguments, but the scan passes 6: sequence #0 "
      "taps [-1, 0] (2), output #0 taps [-2, -1] (2), 2 non-sequences; "
      "output #1 is not fed back (none) and passes nothing"));
  EXPECT_TRUE(contains(
      errorMessageOf([&] { scan([](Var x) { return x; }, {.n_steps = 2}); }),
      "scan: fn takes 1 argument, but the scan passes 0 (no sequences, "
      "no outputs fed back, no non-sequences)"));
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var x, Var acc) { return std::vector<Var>{x, acc}; },
             {.sequences = {a}, .outputs_info = {g.constant(0.0)}});
      }),
      "scan: fn returns 2 outputs, but outputs_info has 1 entries"));
}

TEST(ErrorsTest, StepsNeedSequencesOrAnIntegerNSteps) {
  Graph g;
  Var x = g.scalar("x");
  auto step = [](Var prior) { return prior * 2; };
  EXPECT_TRUE(
      contains(errorMessageOf([&] { scan(step, {.outputs_info = {x}}); }),
               "needs n_steps when there are no sequences"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(step, {.outputs_info = {x}, .n_steps = x});
                       }),
                       "n_steps must be an integer scalar, got f64 scalar"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(step, {.outputs_info = {x}, .n_steps = -2});
                       }),
                       "n_steps is negative (-2)"));
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan([](Var p) { return StepResult{{p}, {}, p}; },
             {.outputs_info = {x}, .n_steps = 3});
      }),
      "the until condition must be a bool scalar, got f64 scalar"));
}

TEST(ErrorsTest, NStepsBeyondAStaticSequence) {
  // Where the graph knows a sequence's length, asking for more steps than
  // it provides is an error when the scan is built. A sequence of length L
  // read at taps provides L - (max(max(taps), 0) - min(min(taps), 0)) steps.
  Graph g;
  Var ten = constant(Array::arange(0, 10, 1));
  auto twice = [](Var x) { return x * 2; };
  EXPECT_TRUE(
      contains(errorMessageOf([&] {
                 scan(twice, {.sequences = {ten}, .n_steps = 20, .name = "nm"});
               }),
               "scan 'nm': n_steps (20) exceeds the 10 steps that sequence #0 "
               "(a f64 vector) provides"));
  // A constant n_steps given as a Var.
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(twice, {.sequences = {ten},
                                      .n_steps = constant(11, DType::I64)});
                       }),
                       "n_steps (11) exceeds the 10 steps that sequence #0"));
  // Taps [-2, -1] over length 5 provide 3 steps; taps [2] over 20, 18.
  Var five = constant(Array{1.0, 2.0, 3.0, 4.0, 5.0});
  auto first = [](Var a, Var) { return a; };
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan(first, {.sequences = {taps(five, {-2, -1})}, .n_steps = 4});
      }),
      "n_steps (4) exceeds the 3 steps that sequence #0 (a f64 vector) "
      "provides"));
  EXPECT_NO_THROW(
      scan(first, {.sequences = {taps(five, {-2, -1})}, .n_steps = 3}));
  Var twenty = constant(Array::arange(0, 20, 1));
  EXPECT_TRUE(
      contains(errorMessageOf([&] {
                 scan(twice, {.sequences = {taps(twenty, {2})}, .n_steps = 19});
               }),
               "n_steps (19) exceeds the 18 steps that sequence #0 (a f64 "
               "vector) provides"));
  // The second of two sequences is the short one.
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan([](Var x, Var y) { return x + y; },
                              {.sequences = {twenty, ten}, .n_steps = 12});
                       }),
                       "n_steps (12) exceeds the 10 steps that sequence #1"));
  // Shorter than its taps span.
  EXPECT_TRUE(contains(
      errorMessageOf([&] {
        scan(first,
             {.sequences = {taps(constant(Array{1.0, 2.0, 3.0}), {-4, 0})}});
      }),
      "scan: sequence #0 (a f64 vector) has length 3 but its taps (with "
      "tap 0) span 5 steps; it cannot provide a single step"));
  // As many steps as the sequence provides is fine, and so is zero.
  ScanResult all = scan(twice, {.sequences = {ten}, .n_steps = 10});
  EXPECT_EQ(function({}, {all.outputs[0]})({})[0].dim(0), 10);
  ScanResult none = scan(twice, {.sequences = {ten}, .n_steps = 0});
  EXPECT_EQ(function({}, {none.outputs[0]})({})[0].dim(0), 0);
}

TEST(ErrorsTest, RunTimeStepErrors) {
  Graph g;
  Var a = g.vector("a"), n = g.iscalar("n");
  ScanResult r = scan([](Var x) { return x * 2; },
                      {.sequences = {a}, .n_steps = n});
  Function f = function({a, n}, {r.outputs[0]});
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{1.0, 2.0}, Array::scalar(-1)});
                       }),
                       "n_steps (-1) is negative"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array{1.0, 2.0}, Array::scalar(3)});
                       }),
                       "exceeds"));
  EXPECT_TRUE(matches(f({Array{1.0, 2.0}, Array::scalar(1)})[0], {1}, {2}));
}

TEST(ErrorsTest, IndicesOutOfBoundsAtRunTime) {
  // An index the graph cannot check (a symbolic one, or any on an axis of
  // unknown size) is checked when the function runs, with NumPy's message.
  Graph g;
  Var A = g.vector("A"), k = g.iscalar("k"), i = g.iscalar("i");
  ScanResult p = scan([](Var prior, Var a) { return prior * a; },
                      {.outputs_info = {ones_like(A)}, .non_sequences = {A},
                       .n_steps = k});
  Function power = function({A, k}, {p.outputs[0][-1]});
  EXPECT_EQ(errorMessageOf([&] {
              power({Array{2.0, 3.0}, Array::scalar(0)});
            }),
            "@main: index -1 is out of bounds for axis 0 with size 0");
  EXPECT_TRUE(matches(power({Array{2.0, 3.0}, Array::scalar(2)})[0], {2},
                      {4.0, 9.0}));

  Function pick = function({A, i}, {A[i]});
  EXPECT_EQ(errorMessageOf([&] { pick({Array{1.0, 2.0}, Array::scalar(2)}); }),
            "@main: index 2 is out of bounds for axis 0 with size 2");
  EXPECT_EQ(errorMessageOf([&] { pick({Array{1.0, 2.0}, Array::scalar(-3)}); }),
            "@main: index -3 is out of bounds for axis 0 with size 2");
  EXPECT_TRUE(matches(pick({Array{1.0, 2.0}, Array::scalar(-2)})[0], {}, {1.0}));

  Function write = function({A, i}, {set_subtensor(A[i], constant(7.0))});
  EXPECT_EQ(errorMessageOf([&] { write({Array{1.0, 2.0}, Array::scalar(5)}); }),
            "@main: index 5 is out of bounds for axis 0 with size 2");
  EXPECT_TRUE(matches(write({Array{1.0, 2.0}, Array::scalar(1)})[0], {2},
                      {1.0, 7.0}));
}

TEST(ErrorsTest, SizesThatDifferAtRunTime) {
  // Sizes the graph does not know are checked when the function runs, in a
  // scan body as well: an error, never an out-of-bounds read.
  Graph g;
  Var a = g.vector("a"), b = g.vector("b"), M = g.matrix("M");
  Function add = function({a, b}, {a + b});
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         add({Array{1.0, 2.0}, Array{1.0, 2.0, 3.0}});
                       }),
                       "operands could not be broadcast together: axis 0 has "
                       "size"));
  EXPECT_TRUE(matches(add({Array{1.0, 2.0}, Array{3.0, 4.0}})[0], {2},
                      {4.0, 6.0}));

  Function product = function({M, a}, {dot(M, a)});
  EXPECT_EQ(errorMessageOf([&] {
              product({Array::zeros(DType::F64, {2, 3}), Array{1.0, 2.0}});
            }),
            "@main: dot: shapes not aligned: the left operand's last axis has "
            "size 3 but the right operand's contracted axis has size 2");

  // h0 of 2 units against a 3 x 3 W: the run-time check of dot reports
  // it, not a pass that the specialized sizes trip.
  ScanResult r = scan([&](Var h) { return tanh(dot(M, h)); },
                      {.outputs_info = {a}, .n_steps = 3});
  Function rnn = function({M, a}, {r.outputs[0]});
  EXPECT_EQ(errorMessageOf([&] {
              rnn({Array::zeros(DType::F64, {3, 3}), Array{1.0, 2.0}});
            }),
            "@main: dot: shapes not aligned: the left operand's last axis has "
            "size 3 but the right operand's contracted axis has size 2");
  EXPECT_TRUE(matches(
      rnn({Array::zeros(DType::F64, {2, 2}), Array{1.0, 2.0}})[0], {3, 2},
      {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}));
}

TEST(ErrorsTest, NestedScansMustNotReadUpdatedStateDirectly) {
  // The outer scan updates `total` at every step; a nested scan that reads
  // it directly would see its value from before the outer scan.
  Graph g;
  SharedVariable total = g.shared(Array::scalar(0.0), "total");
  Var v = g.vector("v");
  auto outer = [&](Var x) {
    ScanResult inner =
        scan([&](Var y) { return y * total; }, {.sequences = {v}});
    return StepResult{.outputs = {sum(inner.outputs[0])},
                      .updates = Updates{{total, total + x}}};
  };
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         scan(outer, {.sequences = {v}, .name = "outer"});
                       }),
                       "scan 'outer': a scan nested in fn reads the shared "
                       "variable 'total', which this scan updates at every "
                       "step; pass it to the nested scan as a non-sequence"));
}

TEST(ErrorsTest, ArgumentsMustFitTheInputs) {
  Graph g;
  Var X = g.matrix("X"), k = g.iscalar("k");
  Function f = function({X, k}, {X * cast(k, DType::F64)});
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array::zeros(DType::F32, {2, 2}), Array::scalar(1)});
                       }),
                       "argument #0 ('X') must be f64[?, ?], got f32[2, 2]"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array::zeros(DType::F64, {4}), Array::scalar(1)});
                       }),
                       "argument #0 ('X') must be f64[?, ?], got f64[4]"));
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         f({Array::zeros(DType::F64, {2, 2}),
                            Array::scalar(int64_t{1})});
                       }),
                       "argument #1 ('k') must be i32[], got i64[]"));
  EXPECT_TRUE(contains(errorMessageOf([&] { f({}); }),
                       "the function takes 2 arguments, got 0"));
}

TEST(ErrorsTest, FunctionInputsMustCoverTheOutputs) {
  Graph g;
  Var a = g.vector("a"), b = g.vector("b");
  EXPECT_TRUE(contains(errorMessageOf([&] { function({a}, {a + b}); }),
                       "the outputs need input 'b', which is not among the "
                       "function's inputs"));
  EXPECT_TRUE(contains(errorMessageOf([&] { function({a, a}, {a}); }),
                       "function input #1 ('a') repeats"));
  EXPECT_TRUE(contains(errorMessageOf([&] { function({a + 1.0}, {a}); }),
                       "is not a symbolic input made by a Graph"));
}

TEST(ErrorsTest, ShapesThatCannotBroadcastOrIndex) {
  Graph g;
  Var v = g.vector("v");
  EXPECT_TRUE(contains(errorMessageOf([&] {
                         (void)(constant(Array{1.0, 2.0}) +
                                constant(Array{1.0, 2.0, 3.0}));
                       }),
                       "add: cannot broadcast shapes f64[2] f64[3]"));
  EXPECT_TRUE(contains(errorMessageOf([&] { (void)v(0, 1); }),
                       "too many indices: 2 for 'v' of type f64[?]"));
  EXPECT_TRUE(contains(errorMessageOf([&] { (void)constant(Array{1.0})[3]; }),
                       "index 3 is out of bounds for axis 0"));
  EXPECT_TRUE(contains(errorMessageOf([&] { (void)v[slice(none, none, 0)]; }),
                       "slice step cannot be zero"));
}

// Found by the frontend fuzzer (issue 10): stack of operands of different
// ranks wrote past a shape; concatenated sizes that differ only at the call
// wrote past the result.
TEST(ErrorsTest, StackAndConcatenateCheckTheirOperands) {
  Graph g;
  Var v = g.vector("v"), s = g.scalar("s");
  EXPECT_TRUE(contains(errorMessageOf([&] { stack({v, s}, 1); }),
                       "stack: tensor #1 has rank 0, expected 1"));
  Var a = g.matrix("a"), b = g.matrix("b");
  Function joined = function({a, b}, {concatenate({a, b}, 0)});
  EXPECT_EQ(errorMessageOf([&] {
              joined({Array::zeros(DType::F64, {2, 3}),
                      Array::zeros(DType::F64, {4, 5})});
            }),
            "@main: all the input array dimensions except for the "
            "concatenation axis must match exactly, but along dimension 1, "
            "the first array has size 3 and another has size 5");
  std::vector<Array> fine = joined(
      {Array{{1.0, 2.0}}, Array{{3.0, 4.0}, {5.0, 6.0}}});
  EXPECT_TRUE(matches(fine[0], {3, 2}, {1, 2, 3, 4, 5, 6}));
}

// Issue 10, item 7: a Var of a step function kept after scan() returns was
// a heap use after free in function(); now it is an error naming the scan.
TEST(ErrorsTest, AStepVarUsedAfterItsScanIsAnError) {
  Graph g;
  Var u = g.vector("u");
  Var kept;
  ScanResult r = scan(
      [&](Var x) {
        kept = x * 2.0;
        return kept + 1.0;
      },
      {.sequences = {u}, .name = "doubling"});
  std::string message = errorMessageOf([&] { function({u}, {kept + 1.0}); });
  EXPECT_TRUE(contains(message, "scan 'doubling'")) << message;
  EXPECT_TRUE(contains(message, "is used outside it")) << message;
  // The scan itself is fine.
  EXPECT_TRUE(matches(function({u}, {r.outputs[0]})({Array{1.0, 2.0}})[0], {2},
                      {3, 5}));
}

// The scan dialect states scan's static rules once (verifyScanSignature,
// which ScanOp::verify calls): the frontend checks them before tracing fn
// and reports them in the dialect's words, naming the Var, with the
// caller's file and line. (The tap bound is a rule only the dialect has.)
TEST(ErrorsTest, TheVerifiersRulesAreTheProgramsErrors) {
  Graph g;
  Var u = g.vector("u");
  int line = __LINE__ + 2;
  std::string message = errorMessageOf([&] {
    scan([](Var x) { return x; },
         {.sequences = {taps(u, {-(int64_t{1} << 50)})}, .name = "far"});
  });
  EXPECT_TRUE(contains(message, "ErrorsTest.cpp:" + std::to_string(line)))
      << message;
  EXPECT_TRUE(contains(message, "scan 'far': sequence #0 ('u') has tap "
                                "-1125899906842624; taps must lie within "
                                "-2^48 and 2^48"))
      << message;
}

} // namespace
