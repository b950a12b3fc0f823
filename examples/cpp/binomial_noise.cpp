//===- binomial_noise.cpp - tanh(v.dot(W) + b) * d, d binomial ------------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial. d is drawn once, outside
// the loop, so every step is masked alike; the samples are ScanJIT's own
// (the seed's numbers come from another generator).
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var X = g.matrix("X"), W = g.matrix("W"), b_sym = g.vector("b_sym");
    RandomStreams trng(1234);
    Var d = trng.binomial(W[1].shape());
    ScanResult results =
        scan([&](Var v) { return tanh(dot(v, W) + b_sym) * d; },
             {.sequences = {X}});
    Function compute_with_bnoise =
        function({X, W, b_sym}, {results.outputs[0]}, results.updates);
    out.show(compute_with_bnoise);

    // x = np.eye(10, 2)
    Array x = Array::zeros(DType::F64, {10, 2});
    x.at<double>({0, 0}) = x.at<double>({1, 1}) = 1;
    Array w = Array::ones(DType::F64, {2, 2});
    Array b = Array::ones(DType::F64, {2});
    out.print(compute_with_bnoise({x, w, b})[0]);
  });
}
