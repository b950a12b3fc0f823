//===- trace.cpp - The trace of X by scanning two aranges -----------------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial. The body reads X[i, j]
// from the enclosing graph (an implicit capture) and accumulates in f32.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    const DType floatX = DType::F32;
    Graph g;
    Var X = g.matrix("X");
    ScanResult results = scan(
        [&](Var i, Var j, Var t_f) { return cast(X(i, j) + t_f, floatX); },
        {.sequences = {arange(X.shape(0)), arange(X.shape(1))},
         .outputs_info = {constant(0.0, floatX)}});
    Var result = results.outputs[0][-1];
    Function compute_trace = function({X}, {result});
    out.show(compute_trace);

    Array x = Array::eye(DType::F64, 5);
    for (int64_t j = 0; j < 5; ++j)
      x.at<double>({0, j}) = static_cast<double>(j);
    out.print(compute_trace({x})[0]);
  });
}
