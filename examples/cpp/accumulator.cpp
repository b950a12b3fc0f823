//===- accumulator.cpp - A shared variable incremented once per step ------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial; the body only returns an
// update {k: k + 1}. Prints k before and after accumulator(5).
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    SharedVariable k = g.shared(Array::scalar(int64_t{0}), "k");
    Var n_sym = g.iscalar("n_sym");
    ScanResult results =
        scan([&]() { return Updates{{k, k + 1}}; }, {.n_steps = n_sym});
    Function accumulator = function({n_sym}, {}, results.updates);
    out.show(accumulator);

    out.print(k.getValue());
    accumulator({Array::scalar(5)});
    out.print(k.getValue());
  });
}
