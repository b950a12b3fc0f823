//===- EngineTest.cpp - Compiling and calling tensor-level functions ------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Plain tensor functions (no scan) through the whole CPU pipeline and the
// JIT, checked against the same computation written as a C++ loop; argument
// checks and their messages; the cache; run-time errors; failures to compile.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Engine.h"

#include "ErrorMatchers.h"

#include "scanjit/InitScanJIT.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <thread>

using namespace scanjit;
using scanjit::testing::contains;
using scanjit::testing::errorMessageOf;

namespace {

/// Elementwise, matmul, scalars, several results, booleans and integers.
constexpr const char *kFunctions = R"mlir(
func.func @add_tanh(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %s = arith.addf %a, %b : tensor<?xf64>
  %t = math.tanh %s : tensor<?xf64>
  return %t : tensor<?xf64>
}

func.func @matmul(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf64>
  %n = tensor.dim %b, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %init = tensor.empty(%m, %n) : tensor<?x?xf64>
  %filled = linalg.fill ins(%zero : f64) outs(%init : tensor<?x?xf64>)
      -> tensor<?x?xf64>
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>)
                     outs(%filled : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

func.func @scale(%a: tensor<?x3xf32>, %factor: f32) -> tensor<?x3xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?x3xf32>
  %init = tensor.empty(%n) : tensor<?x3xf32>
  %r = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>,
                       affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<?x3xf32>) outs(%init : tensor<?x3xf32>) {
    ^bb0(%x: f32, %out: f32):
      %y = arith.mulf %x, %factor : f32
      linalg.yield %y : f32
  } -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

func.func @iota(%n: index, %start: i64) -> tensor<?xi64> {
  %init = tensor.empty(%n) : tensor<?xi64>
  %r = linalg.generic {
      indexing_maps = [affine_map<(i) -> (i)>],
      iterator_types = ["parallel"]}
      outs(%init : tensor<?xi64>) {
    ^bb0(%out: i64):
      %i = linalg.index 0 : index
      %v = arith.index_cast %i : index to i64
      %w = arith.addi %v, %start : i64
      linalg.yield %w : i64
  } -> tensor<?xi64>
  return %r : tensor<?xi64>
}

func.func @stats(%a: tensor<?xf64>, %k: i32, %flag: i1)
    -> (tensor<?xf64>, f64, i32, index, i1) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %init = tensor.empty() : tensor<f64>
  %acc = linalg.fill ins(%zero : f64) outs(%init : tensor<f64>) -> tensor<f64>
  %sum = linalg.reduce ins(%a : tensor<?xf64>) outs(%acc : tensor<f64>)
      dimensions = [0]
    (%x: f64, %s: f64) {
      %y = arith.addf %x, %s : f64
      linalg.yield %y : f64
    }
  %total = tensor.extract %sum[] : tensor<f64>
  %doubled = arith.addi %k, %k : i32
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %neg = math.absf %a : tensor<?xf64>
  %true = arith.constant true
  %notflag = arith.xori %flag, %true : i1
  return %neg, %total, %doubled, %n, %notflag
      : tensor<?xf64>, f64, i32, index, i1
}

func.func @less(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xi1> {
  %r = arith.cmpf olt, %a, %b : tensor<?xf64>
  return %r : tensor<?xi1>
}

func.func @add_i32(%a: tensor<2x2xi32>, %b: tensor<2x2xi32>)
    -> tensor<2x2xi32> {
  %r = arith.addi %a, %b : tensor<2x2xi32>
  return %r : tensor<2x2xi32>
}

func.func @nothing() {
  return
}

func.func private @helper(%a: f64) -> f64 {
  return %a : f64
}
)mlir";

std::vector<double> addTanhReference(const std::vector<double> &a,
                                     const std::vector<double> &b) {
  std::vector<double> result(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    result[i] = std::tanh(a[i] + b[i]);
  return result;
}

/// C = A B for row-major A (m x k) and B (k x n).
std::vector<double> matmulReference(const Array &a, const Array &b) {
  int64_t m = a.dim(0), k = a.dim(1), n = b.dim(1);
  std::vector<double> left = a.toVector<double>(), right = b.toVector<double>();
  std::vector<double> result(m * n, 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p)
        result[i * n + j] += left[i * k + p] * right[p * n + j];
  return result;
}

class EngineTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    engine = Engine::fromSource(kFunctions).release();
  }
  static void TearDownTestSuite() {
    delete engine;
    engine = nullptr;
  }

  static Engine *engine;
};

Engine *EngineTest::engine = nullptr;

TEST_F(EngineTest, ElementwiseMatchesALoop) {
  EngineFunction addTanh = engine->function("add_tanh");
  EXPECT_EQ(addTanh.signatureString(),
            "@add_tanh(tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>");
  std::vector<double> a = {1.0, -2.0, 0.25, 3.0, -0.5};
  std::vector<double> b = {0.5, 0.0, -0.25, 1.0, -4.0};
  std::vector<Array> results =
      addTanh({Array::view(a.data(), {5}), Array::view(b.data(), {5})});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].typeString(), "f64[5]");
  EXPECT_TRUE(results[0].ownsData());
  EXPECT_TRUE(allClose(results[0],
                       Array::view(addTanhReference(a, b).data(), {5}), 1e-15));
}

TEST_F(EngineTest, RepeatedCallsWithDifferentShapes) {
  EngineFunction addTanh = engine->function("add_tanh");
  size_t before = engine->cachedSignatureCount();
  size_t compilationsBefore = engine->compilationCount();
  for (int64_t n : {0, 1, 7, 1000, 7}) {
    Array a = Array::arange(0.0, static_cast<double>(n), 1.0);
    Array b = Array::full(DType::F64, {n}, -0.5);
    std::vector<Array> results = addTanh({a, b});
    ASSERT_EQ(results[0].shape(), (Shape{n}));
    std::vector<double> expected =
        addTanhReference(a.toVector<double>(), b.toVector<double>());
    EXPECT_EQ(results[0].toVector<double>(), expected) << "n = " << n;
  }
  // Four new signatures (n = 7 is cached), each compiled for its shapes.
  EXPECT_EQ(engine->cachedSignatureCount(), before + 4);
  EXPECT_EQ(engine->compilationCount(), compilationsBefore + 4);
}

TEST_F(EngineTest, MatmulMatchesALoop) {
  EngineFunction matmul = engine->function("matmul");
  Array a({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  Array b({{0.5, -1.0}, {2.0, 0.0}, {-3.0, 1.5}});
  std::vector<Array> results = matmul({a, b});
  EXPECT_EQ(results[0].typeString(), "f64[2, 2]");
  EXPECT_EQ(results[0].toVector<double>(), matmulReference(a, b));

  // A larger product, with a transposed (non-contiguous) view as the left
  // operand: it is copied to a contiguous buffer before the call.
  int64_t m = 40, k = 30, n = 20;
  std::vector<double> storage(k * m);
  for (size_t i = 0; i < storage.size(); ++i)
    storage[i] = std::sin(static_cast<double>(i));
  Array left = Array::view(storage.data(), {m, k}, {1, m});
  Array right = Array::arange(0.0, static_cast<double>(k * n), 1.0);
  Array rightMatrix = Array::view(right.data(), DType::F64, {k, n});
  std::vector<Array> product = matmul({left, rightMatrix});
  EXPECT_TRUE(allClose(
      product[0],
      Array::view(matmulReference(left.clone(), rightMatrix).data(), {m, n}),
      1e-12));
}

TEST_F(EngineTest, ScalarArguments) {
  EngineFunction scale = engine->function("scale");
  Array a({{1.0f, 2.0f, 3.0f}, {-1.0f, 0.5f, 4.0f}});
  std::vector<Array> results = scale({a, Array::scalar(2.0f)});
  EXPECT_TRUE(
      arrayEqual(results[0], Array({{2.0f, 4.0f, 6.0f}, {-2.0f, 1.0f, 8.0f}})));

  // Index and integer scalars take rank-0 i32 or i64 arrays.
  EngineFunction iota = engine->function("iota");
  std::vector<Array> five =
      iota({Array::scalar(5), Array::scalar(int64_t{10})});
  EXPECT_TRUE(arrayEqual(five[0], Array({10, 11, 12, 13, 14}, DType::I64)));
  std::vector<Array> none = iota({Array::scalar(int64_t{0}), Array::scalar(3)});
  EXPECT_EQ(none[0].typeString(), "i64[0]");
}

TEST_F(EngineTest, SeveralResultsWithScalars) {
  EngineFunction stats = engine->function("stats");
  std::vector<Array> results =
      stats({Array{1.0, -2.5, 4.0}, Array::scalar(21), Array::scalar(false)});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(arrayEqual(results[0], Array{1.0, 2.5, 4.0}));
  EXPECT_TRUE(arrayEqual(results[1], Array::scalar(2.5)));
  EXPECT_TRUE(arrayEqual(results[2], Array::scalar(42)));
  EXPECT_TRUE(arrayEqual(results[3], Array::scalar(int64_t{3})));
  EXPECT_TRUE(arrayEqual(results[4], Array::scalar(true)));
}

TEST_F(EngineTest, BooleanAndIntegerTensors) {
  std::vector<Array> less =
      engine->function("less")({Array{1.0, 2.0, 3.0}, Array{2.0, 2.0, 2.0}});
  EXPECT_TRUE(arrayEqual(less[0], Array{true, false, false}));
  std::vector<Array> sum = engine->function("add_i32")(
      {Array({{1, 2}, {3, 4}}), Array({{10, 20}, {30, 40}})});
  EXPECT_TRUE(arrayEqual(sum[0], Array({{11, 22}, {33, 44}})));
  EXPECT_TRUE(engine->function("nothing")({}).empty());
}

TEST_F(EngineTest, ArgumentMismatchesNameTheArgument) {
  EngineFunction addI32 = engine->function("add_i32");
  Array ok({{1, 2}, {3, 4}});
  EXPECT_EQ(errorMessageOf([&] { addI32({ok}); }),
            "@add_i32 takes 2 arguments but was given 1 "
            "(@add_i32(tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>)");
  EXPECT_EQ(errorMessageOf([&] {
              addI32({ok, Array::ones(DType::I64, {2, 2})});
            }),
            "argument #1 of @add_i32 has dtype i64 but the function expects "
            "i32 (tensor<2x2xi32>)");
  EXPECT_EQ(errorMessageOf([&] {
              addI32({ok, Array::ones(DType::I32, {3, 2})});
            }),
            "argument #1 of @add_i32 has shape [3, 2] but the function "
            "expects [2, 2] (tensor<2x2xi32>)");
  EXPECT_EQ(errorMessageOf([&] {
              addI32({Array{1, 2}, ok});
            }),
            "argument #0 of @add_i32 has rank 1 (shape [2]) but the function "
            "expects rank 2 (tensor<2x2xi32>)");

  EngineFunction scale = engine->function("scale");
  Array matrix = Array::ones(DType::F32, {2, 3});
  EXPECT_EQ(errorMessageOf([&] {
              scale({Array::ones(DType::F32, {2, 4}), Array::scalar(1.0f)});
            }),
            "argument #0 of @scale has shape [2, 4] but the function expects "
            "[?, 3] (tensor<?x3xf32>)");
  EXPECT_EQ(errorMessageOf([&] {
              scale({matrix, Array::scalar(1.0)});
            }),
            "argument #1 of @scale has dtype f64 but the function expects a "
            "scalar f32 (a rank-0 f32 array)");
  EXPECT_EQ(errorMessageOf([&] {
              scale({matrix, Array{1.0f}});
            }),
            "argument #1 of @scale has shape [1] but the function expects a "
            "scalar f32 (a rank-0 f32 array)");

  EngineFunction stats = engine->function("stats");
  EXPECT_EQ(errorMessageOf([&] {
              stats({Array{1.0}, Array::scalar(int64_t{1} << 40),
                     Array::scalar(true)});
            }),
            "argument #1 of @stats is 1099511627776, which does not fit the "
            "function's i32");
  EXPECT_EQ(errorMessageOf([&] {
              stats({Array{1.0}, Array::scalar(1.0), Array::scalar(true)});
            }),
            "argument #1 of @stats has dtype f64 but the function expects a "
            "scalar i32 (a rank-0 i32 or i64 array)");
}

TEST_F(EngineTest, FunctionLookupErrors) {
  EXPECT_EQ(engine->functionNames(),
            (std::vector<std::string>{"add_tanh", "matmul", "scale", "iota",
                                      "stats", "less", "add_i32", "nothing"}));
  EXPECT_EQ(errorMessageOf([] { engine->function("missing"); }),
            "the module has no function @missing (public functions: "
            "@add_tanh, @matmul, @scale, @iota, @stats, @less, @add_i32, "
            "@nothing)");
  EXPECT_EQ(errorMessageOf([] { engine->function("helper"); }),
            "@helper is private; only public functions can be called");
}

TEST_F(EngineTest, ConcurrentCalls) {
  EngineFunction addTanh = engine->function("add_tanh");
  auto work = [&](int64_t n) {
    for (int repeat = 0; repeat < 20; ++repeat) {
      Array a = Array::arange(0.0, static_cast<double>(n), 1.0);
      std::vector<Array> results = addTanh({a, a});
      EXPECT_EQ(results[0].toVector<double>(),
                addTanhReference(a.toVector<double>(), a.toVector<double>()));
    }
  };
  std::thread first(work, 11), second(work, 13);
  first.join();
  second.join();
}

TEST(EngineStandaloneTest, CompilesOnFirstCallAndOutlivesTheEngine) {
  auto engine = Engine::fromSource(kFunctions);
  EXPECT_EQ(engine->compilationCount(), 0u);
  EngineFunction addTanh = engine->function("add_tanh");
  engine.reset();
  // The handle keeps the engine's state alive.
  std::vector<Array> results = addTanh({Array{0.0}, Array{1.0}});
  EXPECT_EQ(results[0].at<double>({0}), std::tanh(1.0));
}

TEST(EngineStandaloneTest, TakesAModuleOfTheCallersContext) {
  mlir::DialectRegistry registry;
  scanjit::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @twice(%a: tensor<?xf32>) -> tensor<?xf32> {
      %r = arith.addf %a, %a : tensor<?xf32>
      return %r : tensor<?xf32>
    })mlir",
                                              mlir::ParserConfig(&context));
  ASSERT_TRUE(module);
  Engine engine(std::move(module));
  std::vector<Array> results = engine.function("twice")({Array{1.5f, -2.0f}});
  EXPECT_TRUE(arrayEqual(results[0], Array{3.0f, -4.0f}));
}

TEST(EngineStandaloneTest, RejectsAnInvalidModule) {
  mlir::DialectRegistry registry;
  scanjit::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          "func.func @f(%a: f64) -> f32 {\n  return %a : f64\n}",
          mlir::ParserConfig(&context, /*verifyAfterParse=*/false), "bad.mlir");
  ASSERT_TRUE(module);
  std::string message =
      errorMessageOf([&] { Engine engine(std::move(module)); });
  EXPECT_TRUE(contains(message,
                       "the module is invalid:\nbad.mlir:2:3: error: type of "
                       "return operand 0 ('f64') doesn't match function "
                       "result type ('f32') in function @f"));
  // The message and its location, without a dump of the operation.
  EXPECT_FALSE(contains(message, "see current operation")) << message;
}

TEST(EngineStandaloneTest, DumpsTheIRAfterEachStage) {
  std::string dump;
  llvm::raw_string_ostream os(dump);
  EngineOptions options;
  options.stageDump = &os;
  auto engine = Engine::fromSource(R"mlir(
    func.func @neg(%a: tensor<?xf64>) -> tensor<?xf64> {
      %r = arith.negf %a : tensor<?xf64>
      return %r : tensor<?xf64>
    })mlir",
                                   options);
  std::vector<Array> results = engine->function("neg")({Array{1.0, -2.0}});
  EXPECT_TRUE(arrayEqual(results[0], Array{-1.0, 2.0}));
  size_t loops = dump.find("// -----// IR after stage scan-lower-loops");
  size_t bufferize = dump.find("// -----// IR after stage scan-bufferize");
  size_t llvmStage = dump.find("// -----// IR after stage scan-lower-to-llvm");
  ASSERT_NE(loops, std::string::npos) << dump;
  ASSERT_NE(bufferize, std::string::npos) << dump;
  ASSERT_NE(llvmStage, std::string::npos) << dump;
  EXPECT_LT(loops, bufferize);
  EXPECT_LT(bufferize, llvmStage);
  EXPECT_NE(dump.find("memref<?xf64>", bufferize), std::string::npos);
  EXPECT_NE(dump.find("llvm.func @_mlir_ciface_neg", llvmStage),
            std::string::npos);
}

TEST(EngineStandaloneTest, Float32TanhIsAccurate) {
  // f32 tanh is a polynomial (scan-math-to-polynomial); it must stay
  // within a few float ulp of the exact value, and exact at 0 and +-inf.
  auto engine = Engine::fromSource(R"mlir(
    func.func @tanh(%a: tensor<?xf32>) -> tensor<?xf32> {
      %t = math.tanh %a : tensor<?xf32>
      return %t : tensor<?xf32>
    })mlir");
  std::vector<float> inputs;
  for (int i = -20000; i <= 20000; ++i)
    inputs.push_back(static_cast<float>(i) * 5e-4f);
  inputs.push_back(1e-30f);
  inputs.push_back(std::numeric_limits<float>::infinity());
  inputs.push_back(-std::numeric_limits<float>::infinity());
  auto count = static_cast<int64_t>(inputs.size());
  Array result =
      engine->function("tanh")({Array::view(inputs.data(), {count})})[0];
  double worst = 0;
  for (int64_t i = 0; i < count; ++i) {
    double exact = std::tanh(static_cast<double>(inputs[i]));
    double ulp = std::nextafter(static_cast<float>(std::fabs(exact)), 2.0f) -
                 static_cast<float>(std::fabs(exact));
    worst = std::max(worst,
                     std::fabs(result.at<float>({i}) - exact) / ulp);
  }
  EXPECT_LT(worst, 8.0) << "worst error in float ulp";
  EXPECT_EQ(result.at<float>({20000}), 0.0f);
  EXPECT_EQ(result.at<float>({count - 2}), 1.0f);
  EXPECT_EQ(result.at<float>({count - 1}), -1.0f);
}

TEST(EngineStandaloneDeathTest, AnEngineInAStaticOutlivesLLVMAtExit) {
  // A function kept in a static is destroyed after LLVM's own statics;
  // exiting must still be clean. The test runs in a fresh process, where
  // the static is made before anything is compiled.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        static std::unique_ptr<Engine> engine = Engine::fromSource(R"mlir(
          func.func @twice(%a: tensor<?xf64>) -> tensor<?xf64> {
            %r = arith.addf %a, %a : tensor<?xf64>
            return %r : tensor<?xf64>
          })mlir");
        std::vector<Array> r = engine->function("twice")({Array{1.0, 2.0}});
        std::exit(r[0].at<double>({1}) == 4.0 ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(EngineStandaloneTest, AFunctionReturningItsArgument) {
  // The result must not share (or free) the argument's buffer.
  auto engine = Engine::fromSource(R"mlir(
    func.func @identity(%a: tensor<?xf64>) -> tensor<?xf64> {
      return %a : tensor<?xf64>
    })mlir");
  Array argument{1.0, 2.0, 3.0};
  std::vector<Array> results = engine->function("identity")({argument});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(arrayEqual(results[0], argument));
  EXPECT_NE(results[0].data(), argument.data());
  EXPECT_TRUE(results[0].ownsData());
}

TEST(EngineStandaloneTest, RunTimeErrorsBecomeExceptions) {
  // Compiled scans report errors through scanjit_rt_error; here a plain
  // function calls it directly, then returns a freshly allocated result
  // (which the engine must free).
  auto engine = Engine::fromSource(R"mlir(
    func.func private @scanjit_rt_error(i32, i64, i64, i64)
    func.func @check(%a: tensor<?xf64>, %n: i64) -> tensor<?xf64> {
      %c0 = arith.constant 0 : i64
      %bad = arith.cmpi slt, %n, %c0 : i64
      scf.if %bad {
        %code = arith.constant 1 : i32
        func.call @scanjit_rt_error(%code, %n, %c0, %c0)
            : (i32, i64, i64, i64) -> ()
      }
      %r = math.exp %a : tensor<?xf64>
      return %r : tensor<?xf64>
    })mlir");
  EngineFunction check = engine->function("check");
  EXPECT_EQ(errorMessageOf([&] {
              check({Array{1.0, 2.0}, Array::scalar(int64_t{-4})});
            }),
            "@check: scan: n_steps (-4) is negative");
  // The error does not stick to the next call.
  std::vector<Array> results = check({Array{0.0}, Array::scalar(int64_t{4})});
  EXPECT_EQ(results[0].at<double>({0}), 1.0);
}

TEST(EngineStandaloneTest, ParseAndVerifierErrorsCarryDiagnostics) {
  EXPECT_EQ(errorMessageOf([] {
              Engine::fromSource("func.func @f( {", {}, "broken.mlir");
            }),
            "cannot parse broken.mlir:\n"
            "broken.mlir:1:14: error: expected non-function type");
  EXPECT_TRUE(contains(errorMessageOf([] {
                         Engine::fromSource(R"mlir(
    func.func @f(%a: f64) -> f32 {
      return %a : f64
    })mlir",
                                            {}, "wrong.mlir");
                       }),
                       "cannot parse wrong.mlir:\nwrong.mlir:3:7: error: type "
                       "of return operand 0 ('f64') doesn't match function "
                       "result type ('f32') in function @f"));
  EXPECT_TRUE(contains(
      errorMessageOf([] { Engine::fromFile("/nonexistent/file.mlir"); }),
      "cannot open '/nonexistent/file.mlir': No such file or directory"));
}

TEST(EngineStandaloneTest, UnsupportedTypesAreRejectedByName) {
  auto engine = Engine::fromSource(R"mlir(
    func.func @half(%a: tensor<?xf16>) -> tensor<?xf16> {
      return %a : tensor<?xf16>
    })mlir");
  EXPECT_TRUE(contains(errorMessageOf([&] { engine->function("half"); }),
                       "@half: argument #0 has type tensor<?xf16>, which the "
                       "JIT cannot pass"));
}

TEST(EngineStandaloneTest, LinkErrorsAreReported) {
  auto engine = Engine::fromSource(R"mlir(
    func.func private @not_a_runtime_function(f64) -> f64
    func.func @call(%a: f64) -> f64 {
      %r = func.call @not_a_runtime_function(%a) : (f64) -> f64
      return %r : f64
    })mlir");
  EngineFunction call = engine->function("call");
  EXPECT_EQ(errorMessageOf([&] { call({Array::scalar(1.0)}); }),
            "failed to compile: the module calls @not_a_runtime_function, "
            "which neither the runtime nor the process defines");
}

TEST(EngineStandaloneTest, CompilerFailuresSayTheyAreTheCompilers) {
  // A module that verifies but that the pipeline cannot lower (the CPU
  // pipeline has no lowering of linalg.softmax): the failure is the
  // compiler's, and says so.
  auto engine = Engine::fromSource(R"mlir(
    func.func @main(%a: tensor<4xf64>) -> tensor<4xf64> {
      %0 = tensor.empty() : tensor<4xf64>
      %1 = linalg.softmax dimension(0) ins(%a : tensor<4xf64>)
                                       outs(%0 : tensor<4xf64>) -> tensor<4xf64>
      return %1 : tensor<4xf64>
    })mlir");
  EngineFunction main = engine->function("main");
  std::string message =
      errorMessageOf([&] { main({Array{1.0, 2.0, 3.0, 4.0}}); });
  EXPECT_EQ(message.rfind("internal compiler error: ", 0), 0u) << message;
}

TEST(EngineStandaloneTest, CacheKeepsTheMostRecentlyUsedSignatures) {
  EngineOptions options;
  options.optLevel = 0;
  options.cacheCapacity = 3;
  auto engine = Engine::fromSource(R"mlir(
    func.func @neg(%a: tensor<?xf64>) -> tensor<?xf64> {
      %0 = arith.negf %a : tensor<?xf64>
      return %0 : tensor<?xf64>
    }
    func.func @twice(%a: tensor<?xf64>) -> tensor<?xf64> {
      %0 = arith.addf %a, %a : tensor<?xf64>
      return %0 : tensor<?xf64>
    })mlir",
                                   options);
  EXPECT_EQ(engine->cacheCapacity(), 3u);
  EngineFunction neg = engine->function("neg");
  EngineFunction twice = engine->function("twice");
  auto callNeg = [&](int64_t n) {
    Array result = neg({Array::full(DType::F64, {n}, 2.0)})[0];
    EXPECT_EQ(result.toVector<double>(), std::vector<double>(n, -2.0));
  };
  for (int64_t n = 1; n <= 3; ++n)
    callNeg(n);
  EXPECT_EQ(engine->cachedSignatureCount(), 3u);
  EXPECT_EQ(engine->compilationCount(), 3u);
  callNeg(1); // Now n = 2 is the least recently used.
  EXPECT_EQ(engine->compilationCount(), 3u);
  // Another function's signature shares the bound, and evicts n = 2.
  EXPECT_EQ(twice({Array{1.0, 2.0}})[0].toVector<double>(),
            (std::vector<double>{2.0, 4.0}));
  EXPECT_EQ(engine->cachedSignatureCount(), 3u);
  EXPECT_EQ(engine->compilationCount(), 4u);
  callNeg(1);
  callNeg(3);
  EXPECT_EQ(engine->compilationCount(), 4u);
  // The evicted signature works again, compiled anew.
  callNeg(2);
  EXPECT_EQ(engine->compilationCount(), 5u);
  for (int64_t n = 4; n <= 10; ++n)
    callNeg(n);
  EXPECT_EQ(engine->cachedSignatureCount(), 3u);
  EXPECT_EQ(engine->compilationCount(), 12u);

  // Lowering the bound drops entries now; 0 lifts it.
  engine->setCacheCapacity(1);
  EXPECT_EQ(engine->cachedSignatureCount(), 1u);
  callNeg(10);
  EXPECT_EQ(engine->compilationCount(), 12u);
  engine->setCacheCapacity(0);
  for (int64_t n = 1; n <= 4; ++n)
    callNeg(n);
  EXPECT_EQ(engine->cachedSignatureCount(), 5u);
}

TEST(EngineStandaloneTest, CacheCapacityDefaultsTo64) {
  auto engine = Engine::fromSource(R"mlir(
    func.func @id(%a: tensor<?xf64>) -> tensor<?xf64> {
      return %a : tensor<?xf64>
    })mlir");
  EXPECT_EQ(engine->cacheCapacity(), 64u);
  EXPECT_EQ(kDefaultCacheCapacity, 64u);
}

} // namespace
