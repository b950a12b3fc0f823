//===- FunctionTest.cpp - Compiled functions across calls -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// One compiled function called again and again with arguments of different
// shapes (each checked against a plain loop), views of user memory, and the
// emitted module (tensor-level IR that a person would write).
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include <cmath>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(FunctionTest, RepeatedCallsWithDifferentShapes) {
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W"), b = g.vector("b");
  ScanResult r = scan([&](Var v) { return tanh(dot(v, W) + b); },
                      {.sequences = {X}});
  Function f = function({X, W, b}, {r.outputs[0]});
  for (auto [rows, inner, cols] : {std::tuple<int64_t, int64_t, int64_t>{2, 2, 2},
                                   {5, 3, 4}, {1, 7, 1}, {40, 6, 9}}) {
    Array x = Array::zeros(DType::F64, {rows, inner});
    Array w = Array::zeros(DType::F64, {inner, cols});
    Array bias = Array::zeros(DType::F64, {cols});
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t k = 0; k < inner; ++k)
        x.at<double>({i, k}) = 0.1 * static_cast<double>((i * 7 + k * 3) % 11) - 0.5;
    for (int64_t k = 0; k < inner; ++k)
      for (int64_t j = 0; j < cols; ++j)
        w.at<double>({k, j}) = 0.05 * static_cast<double>((k * 5 + j) % 9) - 0.2;
    for (int64_t j = 0; j < cols; ++j)
      bias.at<double>({j}) = 0.01 * static_cast<double>(j);
    std::vector<double> expected;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        double sum = bias.at<double>({j});
        for (int64_t k = 0; k < inner; ++k)
          sum += x.at<double>({i, k}) * w.at<double>({k, j});
        expected.push_back(std::tanh(sum));
      }
    EXPECT_TRUE(matches(f({x, w, bias})[0], {rows, cols}, expected, 1e-12))
        << rows << "x" << inner << " . " << inner << "x" << cols;
  }
}

TEST(FunctionTest, ViewsOfUserMemory) {
  Graph g;
  Var a = g.vector("a");
  Function twice = function({a}, {a * 2});
  std::vector<double> data = {1, 2, 3, 4, 5, 6};
  // Every other element, as a strided view.
  Array view = Array::view(data.data(), {3}, {2});
  EXPECT_TRUE(matches(twice({view})[0], {3}, {2, 6, 10}));
  EXPECT_EQ(data[0], 1); // the input is not written
}

TEST(FunctionTest, TheModuleIsTensorLevelIR) {
  Graph g;
  Var k = g.iscalar("k"), A = g.vector("A");
  ScanResult p = scan([](Var prior, Var a) { return prior * a; },
                      {.outputs_info = {ones_like(A)}, .non_sequences = {A},
                       .n_steps = k});
  Function power = function({A, k}, {p.outputs[0][-1]},
                            {}, {.name = "power"});
  const std::string &text = power.mlir();
  for (const char *expected :
       {"func.func @power(%arg0: tensor<?xf64>, %arg1: tensor<i32>) -> "
        "tensor<?xf64>",
        "linalg.fill", "tensor.expand_shape", "scan.scan n_steps(",
        "outputs(%expanded : tensor<1x?xf64> -> tensor<?x?xf64>)",
        "non_sequences(%arg0 : tensor<?xf64>)",
        "arith.mulf %out0_tm1, %nonseq0 : tensor<?xf64>", "arith.subi",
        "tensor.extract_slice"})
    EXPECT_TRUE(contains(text, expected)) << text;
  EXPECT_EQ(text, emitMLIR({A, k}, {p.outputs[0][-1]}, {}, {.name = "power"}));
  EXPECT_EQ(power.numInputs(), 2u);
  EXPECT_EQ(power.numOutputs(), 1u);
}

TEST(FunctionTest, EveryOpCarriesTheUsersLocation) {
  // With printLocations, the module shows where the program made each op:
  // this file, never the frontend's own sources.
  Graph g;
  Var x = g.vector("x");
  int line = __LINE__ + 1;
  ScanResult r = scan([](Var xt, Var acc) { return tanh(acc + xt); },
                      {.sequences = {x}, .outputs_info = {g.constant(0.0)}});
  Function f = function({x}, {r.outputs[0]}, {}, {.printLocations = true});
  EXPECT_TRUE(contains(f.mlir(),
                       "FunctionTest.cpp\":" + std::to_string(line) + ":"))
      << f.mlir();
  EXPECT_FALSE(contains(f.mlir(), "lib/Frontend")) << f.mlir();
  EXPECT_TRUE(matches(f({Array{0.5, -0.25}})[0], {2},
                      {std::tanh(0.5), std::tanh(std::tanh(0.5) - 0.25)}));
}

TEST(FunctionTest, ImplicitCapturesStayOutsideTheLoop) {
  Graph g;
  Var X = g.matrix("X"), W = g.matrix("W");
  Var scaled = W * 2.0; // loop-invariant: computed before the scan
  ScanResult r = scan([&](Var v) { return dot(v, scaled); }, {.sequences = {X}});
  std::string text = emitMLIR({X, W}, {r.outputs[0]});
  size_t mul = text.find("arith.mulf"), loop = text.find("scan.scan");
  ASSERT_NE(mul, std::string::npos);
  EXPECT_LT(mul, loop) << text;
  std::vector<Array> out = function({X, W}, {r.outputs[0]})(
      {Array{{1.0, 0.0}, {0.0, 1.0}}, Array{{1.0, 2.0}, {3.0, 4.0}}});
  EXPECT_TRUE(matches(out[0], {2, 2}, {2, 4, 6, 8}));
}

TEST(FunctionTest, ADeepElementwiseChainCompiles) {
  // 2,001 elementwise ops (issue 10: fusing such a chain into one generic
  // was quadratic in compile time; it now fuses into generics of bounded
  // size). Checked against a plain loop; no timing here (bench W7 times it).
  constexpr int kRepeats = 667;
  Graph g;
  Var x = g.vector("x");
  Var y = x;
  for (int i = 0; i < kRepeats; ++i)
    y = tanh(y) * 0.5 + y;
  std::vector<double> inputs = {-0.3, 0.1, 0.2, 0.7, 1.5};
  std::vector<double> expected;
  for (double value : inputs) {
    for (int i = 0; i < kRepeats; ++i)
      value = std::tanh(value) * 0.5 + value;
    expected.push_back(value);
  }
  Array input = Array::zeros(DType::F64, {5});
  for (int64_t i = 0; i < 5; ++i)
    input.at<double>({i}) = inputs[static_cast<size_t>(i)];
  EXPECT_TRUE(matches(function({x}, {y})({input})[0], {5}, expected, 1e-9));
}

TEST(FunctionTest, ManyOutputsCompile) {
  // 300 outputs (issue 10: code generation was quadratic in the number of
  // outputs, every allocation's failure branch feeding one phi per result
  // value; 200 outputs took 16 s, 2,000 did not finish). Values checked
  // against a plain loop; bench Compile_Outputs times it.
  constexpr int kOutputs = 300;
  Graph g;
  Var x = g.vector("x");
  std::vector<Var> outputs;
  for (int i = 0; i < kOutputs; ++i)
    outputs.push_back(tanh(x) * (0.5 + i) + x);
  std::vector<double> inputs = {-0.3, 0.1, 0.2};
  Array input = Array::zeros(DType::F64, {3});
  for (int64_t i = 0; i < 3; ++i)
    input.at<double>({i}) = inputs[static_cast<size_t>(i)];
  std::vector<Array> results = function({x}, outputs)({input});
  ASSERT_EQ(results.size(), static_cast<size_t>(kOutputs));
  for (int i = 0; i < kOutputs; ++i) {
    std::vector<double> expected;
    for (double value : inputs)
      expected.push_back(std::tanh(value) * (0.5 + i) + value);
    EXPECT_TRUE(matches(results[static_cast<size_t>(i)], {3}, expected, 1e-12))
        << "output " << i;
  }
}

} // namespace
