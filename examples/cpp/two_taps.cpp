//===- two_taps.cpp - A recurrence on x(t - 2) and x(t - 1) ---------------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial,
// x(t) = x(t - 2).dot(U) + x(t - 1).dot(V) + tanh(x(t - 1).dot(W) + b).
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var X = g.matrix("X"), W = g.matrix("W"), b_sym = g.vector("b_sym"),
        U = g.matrix("U"), V = g.matrix("V"), n_sym = g.iscalar("n_sym");
    ScanResult results = scan(
        [&](Var x_tm2, Var x_tm1) {
          return dot(x_tm2, U) + dot(x_tm1, V) + tanh(dot(x_tm1, W) + b_sym);
        },
        {.outputs_info = {taps(X, {-2, -1})}, .n_steps = n_sym});
    Function compute_seq2 =
        function({X, U, V, W, b_sym, n_sym}, {results.outputs[0]});
    out.show(compute_seq2);

    Array x = Array::zeros(DType::F64, {2, 2});
    x.at<double>({1, 1}) = 1;
    Array w = Array::full(DType::F64, {2, 2}, 0.5);
    Array u = Array{{0.0, 0.5}, {0.5, 0.0}};
    Array v = Array::full(DType::F64, {2, 2}, 0.5);
    Array b = Array::ones(DType::F64, {2});
    out.print(compute_seq2({x, u, v, w, b, Array::scalar(10)})[0]);
  });
}
