//===- ThreadSafetyTest.cpp - Calling and compiling from several threads --===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The thread-safety promise of ARCHITECTURE.md: compiling is safe from
// several threads, and a compiled function may be called concurrently. One
// compiled function is called from 8 threads at once (its first calls, which
// compile, included), and different graphs are compiled from 4 threads at
// once, through the frontend's function() and through scanjit::Engine. Every
// result is checked against a plain C++ loop. The suite is meant to run in
// the ThreadSanitizer build too (-DSCANJIT_ENABLE_TSAN=ON; see the README's
// "Fuzzing and sanitizers" and unittests/tsan.supp).
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"
#include "scanjit/ScanJIT.h"

#include "mlir/IR/Dialect.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace scanjit;

namespace {

/// Runs `body(i)` on `count` threads that start together; returns the
/// messages of the exceptions they threw (empty when none did).
std::vector<std::string> runConcurrently(int count,
                                         const std::function<void(int)> &body) {
  std::atomic<int> ready{0};
  std::vector<std::string> failures(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < count)
        std::this_thread::yield();
      try {
        body(i);
      } catch (const std::exception &e) {
        failures[i] = "thread " + std::to_string(i) + ": " + e.what();
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  std::vector<std::string> thrown;
  for (std::string &failure : failures)
    if (!failure.empty())
      thrown.push_back(std::move(failure));
  return thrown;
}

/// x_t = tanh(a * x_{t-1} + u_t) from x0, as a loop: the reference of the
/// recurrence the tests compile.
std::vector<double> recurrenceLoop(const std::vector<double> &u, double x0,
                                   double a) {
  std::vector<double> x;
  double previous = x0;
  for (double ut : u) {
    previous = std::tanh(a * previous + ut);
    x.push_back(previous);
  }
  return x;
}

/// The input sequence of call `call` of thread `thread`: its length varies
/// with the thread (several argument signatures compile at once).
std::vector<double> sequenceFor(int thread, int call) {
  std::vector<double> u(5 + thread % 3);
  for (size_t t = 0; t < u.size(); ++t)
    u[t] = 0.1 * static_cast<double>(thread) - 0.05 * static_cast<double>(t) +
           0.01 * static_cast<double>(call);
  return u;
}

/// Expects `actual` (an f64 vector) to equal `expected` up to rounding.
void expectNear(const Array &actual, const std::vector<double> &expected,
                const std::string &what) {
  ASSERT_EQ(actual.dtype(), DType::F64) << what;
  std::vector<double> values = actual.toVector<double>();
  ASSERT_EQ(values.size(), expected.size()) << what;
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_NEAR(values[i], expected[i], 1e-10 * (1 + std::abs(expected[i])))
        << what << " element " << i;
}

/// One compiled scan called from 8 threads at once, 25 calls each, with
/// three argument signatures among them: the first calls compile
/// concurrently, the later ones run the cached code concurrently.
TEST(ThreadSafetyTest, OneFunctionCalledFromEightThreads) {
  Graph g;
  Var U = g.vector("u"), x0 = g.scalar("x0"), a = g.scalar("a");
  ScanResult r = scan([](Var ut, Var previous,
                         Var factor) { return tanh(factor * previous + ut); },
                      {.sequences = {U},
                       .outputs_info = {x0},
                       .non_sequences = {a},
                       .name = "recurrence"});
  Function f = function({U, x0, a}, {r.outputs[0]});

  constexpr int kThreads = 8, kCalls = 25;
  std::vector<std::string> failures =
      runConcurrently(kThreads, [&](int thread) {
        for (int call = 0; call < kCalls; ++call) {
          std::vector<double> u = sequenceFor(thread, call);
          double start = 0.5 - 0.1 * thread, factor = 0.9;
          Array uArray = Array::zeros(DType::F64, {int64_t(u.size())});
          for (size_t t = 0; t < u.size(); ++t)
            uArray.data<double>()[t] = u[t];
          std::vector<Array> out =
              f({uArray, Array::scalar(start), Array::scalar(factor)});
          ASSERT_EQ(out.size(), 1u);
          expectNear(out[0], recurrenceLoop(u, start, factor),
                     "thread " + std::to_string(thread) + " call " +
                         std::to_string(call));
        }
      });
  EXPECT_TRUE(failures.empty()) << failures.front();
}

/// Four different graphs built and compiled with function() on four threads
/// at once, twice over, each called and checked.
TEST(ThreadSafetyTest, FourGraphsCompiledAtOnceThroughFunction) {
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> failures = runConcurrently(4, [&](int thread) {
      Graph g;
      Var X = g.vector("x");
      std::vector<double> x = {1.0, -2.0, 0.5, 3.0 + round};
      Array xArray{x[0], x[1], x[2], x[3]};
      std::vector<double> expected;
      Var out;
      switch (thread) {
      case 0: { // Running sum by scan.
        out = scan([](Var xt, Var acc) { return acc + xt; },
                   {.sequences = {X}, .outputs_info = {g.constant(0.0)}})
                  .outputs[0];
        double acc = 0;
        for (double v : x)
          expected.push_back(acc += v);
        break;
      }
      case 1: { // Running product, backwards.
        out = scan([](Var xt, Var acc) { return acc * xt; },
                   {.sequences = {X},
                    .outputs_info = {g.constant(1.0)},
                    .go_backwards = true})
                  .outputs[0];
        double acc = 1;
        for (auto it = x.rbegin(); it != x.rend(); ++it)
          expected.push_back(acc *= *it);
        break;
      }
      case 2: { // Elementwise, no scan.
        out = exp(X) * 2.0 - X;
        for (double v : x)
          expected.push_back(std::exp(v) * 2.0 - v);
        break;
      }
      default: { // Two taps: x_t + x_{t-1} over the sequence.
        out = scan([](Var previous, Var current) { return previous + current; },
                   {.sequences = {taps(X, {-1, 0})}})
                  .outputs[0];
        for (size_t t = 1; t < x.size(); ++t)
          expected.push_back(x[t - 1] + x[t]);
        break;
      }
      }
      Function f = function({X}, {out});
      std::vector<Array> result = f({xArray});
      ASSERT_EQ(result.size(), 1u);
      expectNear(result[0], expected,
                 "graph " + std::to_string(thread) + " round " +
                     std::to_string(round));
    });
    EXPECT_TRUE(failures.empty()) << failures.front();
  }
}

/// The source of a module of `kFunctionsPerModule` public functions: @f<k>
/// returns tanh(a * (scale + k)). Several functions make the pass manager
/// run the pipeline's function passes on the context's thread pool.
constexpr int kFunctionsPerModule = 4;
std::string scaledTanhModule(double scale) {
  std::string source;
  for (int k = 0; k < kFunctionsPerModule; ++k)
    source += "func.func @f" + std::to_string(k) + R"mlir((%a: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %c = arith.constant )mlir" + std::to_string(scale + k) + R"mlir( : f64
  %s = tensor.splat %c[%n] : tensor<?xf64>
  %m = arith.mulf %a, %s : tensor<?xf64>
  %t = math.tanh %m : tensor<?xf64>
  return %t : tensor<?xf64>
}
)mlir";
  return source;
}

/// Four different modules parsed and compiled by four Engines on four
/// threads at once (each Engine owns its context and that context's thread
/// pool), twice over; every function of each module is called.
TEST(ThreadSafetyTest, FourEnginesCompiledAtOnce) {
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> failures = runConcurrently(4, [&](int thread) {
      double scale = 0.5 + thread + round;
      std::unique_ptr<Engine> engine =
          Engine::fromSource(scaledTanhModule(scale));
      for (int k = 0; k < kFunctionsPerModule; ++k) {
        std::vector<Array> result = engine->function(
            "f" + std::to_string(k))({Array{0.25, -1.0, 2.0}});
        ASSERT_EQ(result.size(), 1u);
        std::vector<double> expected;
        for (double v : {0.25, -1.0, 2.0})
          expected.push_back(std::tanh(v * (scale + k)));
        expectNear(result[0], expected,
                   "engine " + std::to_string(thread) + " round " +
                       std::to_string(round) + " @f" + std::to_string(k));
      }
    });
    EXPECT_TRUE(failures.empty()) << failures.front();
  }
}

/// The names of the dialects loaded in `context`.
std::vector<std::string> loadedDialects(mlir::MLIRContext *context) {
  std::vector<std::string> names;
  for (mlir::Dialect *dialect : context->getLoadedDialects())
    names.push_back(dialect->getNamespace().str());
  return names;
}

/// Compiling loads no dialect: the engine loaded every one its pipeline can
/// load when it was made. Loading one while another thread prints a type
/// (Engine::function does, to describe a function) crashed
/// OneEngineSharedByFourThreads about once in 30 runs. The module runs every
/// stage: a scan with a matrix-vector product (the generated kernel, BLAS
/// glue, vector lowering) and a gradient request (scan-differentiate).
TEST(ThreadSafetyTest, CompilingLoadsNoDialect) {
  std::unique_ptr<Engine> engine = Engine::fromSource(R"mlir(
func.func @rnn(%x: tensor<3x2xf64>, %h0: tensor<1x2xf64>,
               %w: tensor<2x2xf64>) -> tensor<3x2xf64> {
  %r = scan.scan sequences(%x : tensor<3x2xf64>)
      outputs(%h0 : tensor<1x2xf64> -> tensor<3x2xf64>)
      non_sequences(%w : tensor<2x2xf64>) {
  ^bb0(%xt: tensor<2xf64>, %h: tensor<2xf64>, %m: tensor<2x2xf64>):
    %y = linalg.matvec ins(%m, %h : tensor<2x2xf64>, tensor<2xf64>)
        outs(%xt : tensor<2xf64>) -> tensor<2xf64>
    %t = math.tanh %y : tensor<2xf64>
    scan.yield %t : tensor<2xf64>
  }
  return %r : tensor<3x2xf64>
}
func.func @square_grad(%x: f64) -> f64 {
  %s = arith.mulf %x, %x : f64
  %g = scan.grad %s wrt(%x) : f64 wrt(f64) -> (f64)
  return %g : f64
}
)mlir");
  std::vector<std::string> before = loadedDialects(engine->getContext());

  // h_t = tanh(W h_{t-1} + x_t) with W = I and h0 = 0: h_t = tanh(x_t +
  // h_{t-1}).
  double x[3][2] = {{0.5, -1}, {0.25, 0}, {-0.5, 1}};
  std::vector<Array> rnn = engine->function("rnn")(
      {Array::view(&x[0][0], {3, 2}), Array::zeros(DType::F64, {1, 2}),
       Array::eye(DType::F64, 2)});
  ASSERT_EQ(rnn.size(), 1u);
  std::vector<double> expected;
  double h[2] = {0, 0};
  for (auto &xt : x)
    for (int i = 0; i < 2; ++i)
      expected.push_back(h[i] = std::tanh(h[i] + xt[i]));
  expectNear(rnn[0], expected, "rnn");
  std::vector<Array> grad =
      engine->function("square_grad")({Array::scalar(1.5)});
  ASSERT_EQ(grad.size(), 1u);
  EXPECT_DOUBLE_EQ(grad[0].toVector<double>().at(0), 3.0);

  EXPECT_EQ(loadedDialects(engine->getContext()), before);
}

/// One Engine shared by four threads that look its functions up at once
/// (Engine::function describes a function outside the cache's lock: every
/// thread must get the same function state) and call them with two shapes
/// each, while the cache holds only three entries: lookups, compilations
/// and evictions of one cache interleave.
TEST(ThreadSafetyTest, OneEngineSharedByFourThreads) {
  std::unique_ptr<Engine> engine = Engine::fromSource(scaledTanhModule(1.0));
  engine->setCacheCapacity(3);
  std::vector<std::string> failures = runConcurrently(4, [&](int thread) {
    for (int call = 0; call < 12; ++call) {
      int k = (thread + call) % kFunctionsPerModule;
      std::vector<double> input(2 + (call + thread) % 2, 0.125 * call);
      EngineFunction f = engine->function("f" + std::to_string(k));
      Array argument =
          Array::view(input.data(), {static_cast<int64_t>(input.size())});
      std::vector<Array> result = f({argument});
      ASSERT_EQ(result.size(), 1u);
      std::vector<double> expected;
      for (double v : input)
        expected.push_back(std::tanh(v * (1.0 + k)));
      expectNear(result[0], expected,
                 "thread " + std::to_string(thread) + " call " +
                     std::to_string(call) + " @f" + std::to_string(k));
    }
  });
  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_LE(engine->cachedSignatureCount(), 3u);
}

} // namespace
