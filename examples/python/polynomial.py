"""Seed: PyTensor's scan tutorial, "Calculating a Polynomial", and its
exercise (the reduction done by scan). Twin of examples/cpp/polynomial.cpp."""
import numpy

import scanjit
import scanjit.tensor as pt

coefficients = pt.vector("coefficients")
x = pt.scalar("x")
max_coefficients_supported = 10000

# Generate the components of the polynomial
full_range = pt.arange(max_coefficients_supported)
components, updates = scanjit.scan(fn=lambda coeff, power, free_var:
                                   coeff * (free_var ** power),
                                   outputs_info=None,
                                   sequences=[coefficients, full_range],
                                   non_sequences=x)
polynomial = components.sum()
calculate_polynomial = scanjit.function(inputs=[coefficients, x],
                                        outputs=polynomial)

# The exercise: accumulate the sum in the scan, keep its last step.
partial, updates = scanjit.scan(fn=lambda coeff, power, total, free_var:
                                total + coeff * (free_var ** power),
                                outputs_info=pt.constant(0.0),
                                sequences=[coefficients, full_range],
                                non_sequences=x)
polynomial_by_scan = scanjit.function(inputs=[coefficients, x],
                                      outputs=partial[-1])

test_coeff = numpy.asarray([1, 0, 2], dtype=numpy.float32)
print(calculate_polynomial(test_coeff, 3))
print(polynomial_by_scan(test_coeff, 3))
