//===- elementwise_tanh.cpp - tanh(x(t).dot(W) + b), row by row -----------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial, first example.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var X = g.matrix("X"), W = g.matrix("W"), b_sym = g.vector("b_sym");
    ScanResult results =
        scan([&](Var v) { return tanh(dot(v, W) + b_sym); },
             {.sequences = {X}});
    Function compute_elementwise = function({X, W, b_sym}, {results.outputs[0]});
    out.show(compute_elementwise);

    Array x = Array::eye(DType::F64, 2);
    Array w = Array::ones(DType::F64, {2, 2});
    Array b = Array::ones(DType::F64, {2});
    b.at<double>({1}) = 2;
    out.print(compute_elementwise({x, w, b})[0]);
  });
}
