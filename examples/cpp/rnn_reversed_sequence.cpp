//===- rnn_reversed_sequence.cpp - An RNN reading P backwards -------------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial,
// x(t) = tanh(x(t - 1).dot(W) + y(t).dot(U) + p(T - t).dot(V)).
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var X = g.vector("X"), W = g.matrix("W"), b_sym = g.vector("b_sym"),
        U = g.matrix("U"), Y = g.matrix("Y"), V = g.matrix("V"),
        P = g.matrix("P");
    ScanResult results = scan(
        [&](Var y, Var p, Var x_tm1) {
          return tanh(dot(x_tm1, W) + dot(y, U) + dot(p, V));
        },
        {.sequences = {Y, P[slice(none, none, -1)]}, .outputs_info = {X}});
    Function compute_seq = function({X, W, Y, U, P, V}, {results.outputs[0]});
    out.show(compute_seq);

    Array x = Array::zeros(DType::F64, {2});
    x.at<double>({1}) = 1;
    Array w = Array::ones(DType::F64, {2, 2});
    Array y = Array::ones(DType::F64, {5, 2});
    y.at<double>({0, 0}) = y.at<double>({0, 1}) = -3;
    Array u = Array::ones(DType::F64, {2, 2});
    Array p = Array::ones(DType::F64, {5, 2});
    p.at<double>({0, 0}) = p.at<double>({0, 1}) = 3;
    Array v = Array::ones(DType::F64, {2, 2});
    out.print(compute_seq({x, w, y, u, p, v})[0]);
  });
}
