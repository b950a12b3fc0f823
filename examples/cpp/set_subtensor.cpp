//===- set_subtensor.cpp - Assign values at positions ---------------------===//
//
// Part of ScanJIT. Seed: Theano's guide: for each (location, value), a
// zero copy of the model with the value set at the location.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g({.floatX = DType::F32});
    Var location = g.imatrix("location"), values = g.vector("values"),
        output_model = g.matrix("output_model");
    auto set_value_at_position = [](Var a_location, Var a_value,
                                    Var output_model) {
      Var zeros = zeros_like(output_model);
      Var zeros_subtensor = zeros(a_location[0], a_location[1]);
      return set_subtensor(zeros_subtensor, a_value);
    };
    ScanResult result =
        scan(set_value_at_position, {.sequences = {location, values},
                                     .outputs_info = {none},
                                     .non_sequences = {output_model}});
    Function assign_values_at_positions =
        function({location, values, output_model}, {result.outputs[0]});
    out.show(assign_values_at_positions);

    Array test_locations = Array{{1, 1}, {2, 3}};
    Array test_values{42.0f, 50.0f};
    Array test_output_model = Array::zeros(DType::F32, {5, 5});
    out.print(assign_values_at_positions(
        {test_locations, test_values, test_output_model})[0]);
  });
}
