//===- power.cpp - A**k by a loop that keeps only its last step -----------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial and Theano's guide.
// Reading only result[-1] lets scan-save-mem keep one step.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var k = g.iscalar("k"), A = g.vector("A");
    ScanResult result =
        scan([](Var prior_result, Var B) { return prior_result * B; },
             {.outputs_info = {ones_like(A)}, .non_sequences = {A},
              .n_steps = k});
    Var final_result = result.outputs[0][-1];
    Function power = function({A, k}, {final_result}, result.updates);
    out.show(power);

    Array range = Array::arange(0, 10, 1);
    out.print(power({range, Array::scalar(2)})[0]);
    out.print(power({range, Array::scalar(4)})[0]);
  });
}
