//===- norms.cpp - The norms of the rows and of the columns of X ----------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial (two examples: a scan over
// X, and one over X.T).
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var X = g.matrix("X");
    auto norm = [](Var x_i) { return sqrt(pow(x_i, 2).sum()); };
    Function compute_norm_lines =
        function({X}, {scan(norm, {.sequences = {X}}).outputs[0]});
    Function compute_norm_cols =
        function({X}, {scan(norm, {.sequences = {X.T()}}).outputs[0]});
    out.show(compute_norm_lines);
    out.show(compute_norm_cols);

    // x = np.diag(np.arange(1, 6), 1)
    Array x = Array::zeros(DType::F64, {6, 6});
    for (int64_t i = 0; i < 5; ++i)
      x.at<double>({i, i + 1}) = static_cast<double>(i + 1);
    out.print(compute_norm_lines({x})[0]);
    out.print(compute_norm_cols({x})[0]);
  });
}
