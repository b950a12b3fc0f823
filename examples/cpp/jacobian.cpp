//===- jacobian.cpp - The Jacobian of y = tanh(v.dot(A)) wrt v -----------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial. The body takes grad(y[i],
// v) with y and v from the enclosing graph: the scan runs over the indices
// of y, not over its elements, so that y[i] depends on v.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

#include <cmath>

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    const DType floatX = g.floatX();
    Var v = g.vector(), A = g.matrix();
    Var y = tanh(dot(v, A));
    ScanResult results = scan([&](Var i) { return grad(y[i], v); },
                              {.sequences = {arange(y.shape(0))}});
    Function compute_jac_t = function({A, v}, {results.outputs[0]});
    out.show(compute_jac_t);

    // x = eye(5)[0]; w = eye(5, 3) with w[2] = ones(3).
    Array x = Array::zeros(floatX, {5});
    x.at<double>({0}) = 1;
    Array w = Array::zeros(floatX, {5, 3});
    for (int64_t j = 0; j < 3; ++j) {
      w.at<double>({j, j}) = 1;
      w.at<double>({2, j}) = 1;
    }
    out.print(compute_jac_t({w, x})[0]);

    // Compare with NumPy's ((1 - tanh(x.dot(w)) ** 2) * w).T.
    Array expected = Array::zeros(floatX, {3, 5});
    for (int64_t j = 0; j < 3; ++j) {
      double dot = 0;
      for (int64_t k = 0; k < 5; ++k)
        dot += x.at<double>({k}) * w.at<double>({k, j});
      double dtanh = 1 - std::tanh(dot) * std::tanh(dot);
      for (int64_t k = 0; k < 5; ++k)
        expected.at<double>({j, k}) = dtanh * w.at<double>({k, j});
    }
    out.print(expected);
  });
}
