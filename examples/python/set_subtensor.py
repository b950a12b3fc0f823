"""Seed: the Aesara/Theano scan guide, "Another simple example" (values set
at positions of a model array). floatX is float32 here, as the seed's test
arrays are. Twin of examples/cpp/set_subtensor.cpp."""
import numpy

import scanjit
import scanjit.tensor as pt

scanjit.config.floatX = "float32"

location = pt.imatrix("location")
values = pt.vector("values")
output_model = pt.matrix("output_model")


def set_value_at_position(a_location, a_value, output_model):
    zeros = pt.zeros_like(output_model)
    zeros_subtensor = zeros[a_location[0], a_location[1]]
    return pt.set_subtensor(zeros_subtensor, a_value)


result, updates = scanjit.scan(fn=set_value_at_position,
                               outputs_info=None,
                               sequences=[location, values],
                               non_sequences=output_model)

assign_values_at_positions = scanjit.function(
    inputs=[location, values, output_model], outputs=result)

# test
test_locations = numpy.asarray([[1, 1], [2, 3]], dtype=numpy.int32)
test_values = numpy.asarray([42, 50], dtype=numpy.float32)
test_output_model = numpy.zeros((5, 5), dtype=numpy.float32)
print(assign_values_at_positions(test_locations, test_values,
                                 test_output_model))
