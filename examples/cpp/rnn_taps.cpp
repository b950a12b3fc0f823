//===- rnn_taps.cpp - An RNN with sequence and output taps ----------------===//
//
// Part of ScanJIT. Seed: Theano's guide ("Multiple outputs, several taps
// values"): sequence taps [-4, 0], output taps [-3, -1] for x and [-1] for y,
//   x(n) = tanh(W x(n-1) + W_in_1 u(n) + W_in_2 u(n-4) + W_feedback y(n-1))
//   y(n) = W_out x(n-3)
// on one unit (1 x 1 matrices), so that the numbers can be checked by hand;
// u = [0..8] gives 9 - 4 = 5 steps.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    auto oneStep = [](Var u_tm4, Var u_t, Var x_tm3, Var x_tm1, Var y_tm1,
                      Var W, Var W_in_1, Var W_in_2, Var W_feedback,
                      Var W_out) {
      Var x_t = tanh(dot(x_tm1, W) + dot(u_t, W_in_1) + dot(u_tm4, W_in_2) +
                     dot(y_tm1, W_feedback));
      Var y_t = dot(x_tm3, W_out);
      return std::vector<Var>{x_t, y_t};
    };
    Var W = g.matrix("W"), W_in_1 = g.matrix("W_in_1"),
        W_in_2 = g.matrix("W_in_2"), W_feedback = g.matrix("W_feedback"),
        W_out = g.matrix("W_out");
    Var u = g.matrix("u");   // a sequence of vectors
    Var x0 = g.matrix("x0"); // covers x[-3]
    Var y0 = g.vector("y0"); // only y[-1]
    ScanResult result =
        scan(oneStep, {.sequences = {taps(u, {-4, 0})},
                       .outputs_info = {taps(x0, {-3, -1}), y0},
                       .non_sequences = {W, W_in_1, W_in_2, W_feedback, W_out},
                       .strict = true});
    Function rnn = function({u, x0, y0, W, W_in_1, W_in_2, W_feedback, W_out},
                            result.outputs);
    out.show(rnn);

    Array uvals = Array::zeros(DType::F64, {9, 1});
    for (int64_t t = 0; t < 9; ++t)
      uvals.at<double>({t, 0}) = static_cast<double>(t);
    auto scalarMatrix = [](double value) {
      return Array::full(DType::F64, {1, 1}, value);
    };
    std::vector<Array> x_y = rnn({uvals, Array{{0.1}, {0.2}, {0.3}},
                                  Array{0.5}, scalarMatrix(0.5),
                                  scalarMatrix(0.1), scalarMatrix(0.2),
                                  scalarMatrix(0.3), scalarMatrix(2.0)});
    out.print(x_y[0]);
    out.print(x_y[1]);
  });
}
