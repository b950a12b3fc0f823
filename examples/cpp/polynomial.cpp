//===- polynomial.cpp - A polynomial from its coefficients ----------------===//
//
// Part of ScanJIT. Seed: PyTensor's scan tutorial and Theano's guide: one
// scan makes the terms (the shortest sequence, the coefficients, sets the
// step count against arange(10000)), sum() adds them; then the tutorial's
// exercise, the sum done by the scan itself.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var coefficients = g.vector("coefficients"), x = g.scalar("x");
    const int64_t max_coefficients_supported = 10000;
    Var full_range = arange(max_coefficients_supported);

    ScanResult components = scan(
        [](Var coeff, Var power, Var free_var) {
          return coeff * pow(free_var, power);
        },
        {.sequences = {coefficients, full_range}, .outputs_info = {none},
         .non_sequences = {x}});
    Var polynomial = components.outputs[0].sum();
    Function calculate_polynomial = function({coefficients, x}, {polynomial});
    out.show(calculate_polynomial);

    // The exercise: accumulate the sum in the scan, keep its last step.
    ScanResult partial = scan(
        [](Var coeff, Var power, Var sum, Var free_var) {
          return sum + coeff * pow(free_var, power);
        },
        {.sequences = {coefficients, full_range},
         .outputs_info = {g.constant(0.0)}, .non_sequences = {x}});
    Function polynomial_by_scan =
        function({coefficients, x}, {partial.outputs[0][-1]});
    out.show(polynomial_by_scan);

    Array test_coeff{1.0, 0.0, 2.0};
    Array test_value = Array::scalar(3.0);
    out.print(calculate_polynomial({test_coeff, test_value})[0]);
    out.print(polynomial_by_scan({test_coeff, test_value})[0]);
  });
}
