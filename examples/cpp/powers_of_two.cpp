//===- powers_of_two.cpp - A scan that stops with `until` -----------------===//
//
// Part of ScanJIT. Seed: Theano's guide ("Conditional ending of Scan"): the
// powers of two up to the first above max_value; n_steps is only a bound.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    auto power_of_2 = [](Var previous_power, Var max_value) {
      return StepResult{.outputs = {previous_power * 2},
                        .until = previous_power * 2 > max_value};
    };
    Var max_value = g.scalar("max_value");
    ScanResult values =
        scan(power_of_2, {.outputs_info = {g.constant(1.0)},
                          .non_sequences = {max_value}, .n_steps = 1024});
    Function f = function({max_value}, {values.outputs[0]});
    out.show(f);

    out.print(f({Array::scalar(45.0)})[0]);
  });
}
