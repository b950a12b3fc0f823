//===- RuleGradTest.cpp - Rules of ops the frontend does not emit ---------===//
//
// Part of ScanJIT. The reverse-mode rules of linalg.map, linalg.batch_matmul
// and tensor.pad, which programs written in MLIR use but the frontend does
// not emit: each module has a cost function @cost and @grad, the gradient of
// the same cost through scan.grad, both compiled by the Engine; the gradient
// is compared with central finite differences of @cost in f64.
//
//===----------------------------------------------------------------------===//

#include "GradTestUtils.h"

#include "scanjit/JIT/Engine.h"

#include <string>
#include <vector>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

/// Whether @grad of the module `source` (the gradient of @cost, an f64
/// scalar, with respect to its arguments `wrt`, in order) matches central
/// finite differences of @cost at `arguments`.
::testing::AssertionResult
gradMatchesDifferences(const std::string &source,
                       const std::vector<Array> &arguments,
                       const std::vector<size_t> &wrt) {
  std::unique_ptr<Engine> engine = Engine::fromSource(source);
  EngineFunction cost = engine->function("cost");
  return matchesDifferencesOf(
      [&](const std::vector<Array> &moved) {
        return cost(moved)[0].toVector<double>().at(0);
      },
      engine->function("grad")(arguments), arguments, wrt);
}

/// The sum of all elements of `%name` (a value of tensor type `type` of
/// rank `rank`) into the f64 `%total`, as MLIR.
std::string sumAll(const std::string &name, const std::string &type, int rank) {
  std::string dims;
  for (int d = 0; d < rank; ++d)
    dims += (d ? ", " : "") + std::to_string(d);
  return "  %zero = arith.constant 0.0 : f64\n"
         "  %e0 = tensor.empty() : tensor<f64>\n"
         "  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> "
         "tensor<f64>\n"
         "  %s = linalg.reduce ins(%" +
         name + " : " + type + ") outs(%i0 : tensor<f64>) dimensions = [" +
         dims +
         "]\n"
         "    (%in: f64, %acc: f64) {\n"
         "      %r = arith.addf %in, %acc : f64\n"
         "      linalg.yield %r : f64\n"
         "    }\n"
         "  %total = tensor.extract %s[] : tensor<f64>\n";
}

/// A module of @cost(arguments) = the f64 %total that `body` computes, and
/// @grad(arguments), its gradient with respect to the `count` arguments
/// `wrt` (of types `wrtTypes`).
std::string costAndGrad(const std::string &arguments, const std::string &body,
                        const std::string &wrt, const std::string &wrtTypes,
                        int count) {
  std::string results;
  for (int i = 0; i < count; ++i)
    results += (i ? ", %g#" : "%g#") + std::to_string(i);
  return "func.func @cost(" + arguments + ") -> f64 {\n" + body +
         "  return %total : f64\n}\n"
         "func.func @grad(" +
         arguments + ") -> (" + wrtTypes + ") {\n" + body +
         "  %g:" + std::to_string(count) + " = scan.grad %total wrt(" + wrt +
         ") : f64 wrt(" + wrtTypes + ") -> (" + wrtTypes + ")\n  return " +
         results + " : " + wrtTypes + "\n}\n";
}

/// cost = sum(sin(x * y) * x): the payload of the map uses x twice.
TEST(RuleGradTest, MapOfTwoInputs) {
  std::string body = R"mlir(  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %m = linalg.map ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>)
    (%a: f64, %b: f64, %o: f64) {
      %p = arith.mulf %a, %b : f64
      %sin = math.sin %p : f64
      %v = arith.mulf %sin, %a : f64
      linalg.yield %v : f64
    }
)mlir" + sumAll("m", "tensor<?xf64>", 1);
  std::string source = costAndGrad("%x: tensor<?xf64>, %y: tensor<?xf64>", body,
                                   "%x, %y", "tensor<?xf64>, tensor<?xf64>", 2);
  EXPECT_TRUE(gradMatchesDifferences(
      source, {spread({5}, -1.5, 1.5), spread({5}, -2.0, 2.0, 1)}, {0, 1}));
}

/// cost = sum((A B + C)^2) over a batch of 2 products of 3x4 by 4x2 (the
/// square makes the adjoint of the product depend on its value).
TEST(RuleGradTest, BatchMatmul) {
  std::string body =
      R"mlir(  %m = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf64>, tensor<2x4x2xf64>) outs(%c : tensor<2x3x2xf64>) -> tensor<2x3x2xf64>
  %e = tensor.empty() : tensor<2x3x2xf64>
  %sq = linalg.map ins(%m, %m : tensor<2x3x2xf64>, tensor<2x3x2xf64>) outs(%e : tensor<2x3x2xf64>)
    (%p: f64, %q: f64, %o: f64) {
      %v = arith.mulf %p, %q : f64
      linalg.yield %v : f64
    }
)mlir" +
      sumAll("sq", "tensor<2x3x2xf64>", 3);
  std::string source = costAndGrad(
      "%a: tensor<2x3x4xf64>, %b: tensor<2x4x2xf64>, %c: tensor<2x3x2xf64>",
      body, "%a, %b, %c",
      "tensor<2x3x4xf64>, tensor<2x4x2xf64>, tensor<2x3x2xf64>", 3);
  EXPECT_TRUE(gradMatchesDifferences(source,
                                     {spread({2, 3, 4}, -1.0, 1.0),
                                      spread({2, 4, 2}, -1.0, 1.0, 1),
                                      spread({2, 3, 2}, -0.5, 0.5, 2)},
                                     {0, 1, 2}));
}

/// cost = sum(pad(x, p) * w) for a weight w that differs per element: x
/// gets the weights of its slice, p the sum of the padding's weights.
TEST(RuleGradTest, PadOfATensorAndItsValue) {
  std::string body = R"mlir(  %c1 = arith.constant 1 : index
  %padded = tensor.pad %x low[%c1, 2] high[1, 0] {
  ^bb0(%k: index, %l: index):
    tensor.yield %p : f64
  } : tensor<?x3xf64> to tensor<?x5xf64>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %padded, %c0 : tensor<?x5xf64>
  %e = tensor.empty(%n) : tensor<?x5xf64>
  %sq = linalg.map ins(%padded, %w : tensor<?x5xf64>, tensor<?x5xf64>) outs(%e : tensor<?x5xf64>)
    (%a: f64, %b: f64, %o: f64) {
      %v = arith.mulf %a, %b : f64
      %v2 = arith.mulf %v, %a : f64
      linalg.yield %v2 : f64
    }
)mlir" + sumAll("sq", "tensor<?x5xf64>", 2);
  std::string source =
      costAndGrad("%x: tensor<?x3xf64>, %p: f64, %w: tensor<?x5xf64>", body,
                  "%x, %p", "tensor<?x3xf64>, f64", 2);
  EXPECT_TRUE(
      gradMatchesDifferences(source,
                             {spread({2, 3}, -1.0, 1.0), Array::scalar(0.75),
                              spread({4, 5}, -2.0, 2.0, 3)},
                             {0, 1}));
}

} // namespace
