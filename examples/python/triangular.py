"""Seed: the Aesara/Theano scan guide, "Simple accumulation into a scalar,
ditching lambda". Twin of examples/cpp/triangular.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

up_to = pt.iscalar("up_to")


# define a named function, rather than using lambda
def accumulate_by_adding(arange_val, sum_to_date):
    return sum_to_date + arange_val


seq = pt.arange(up_to)
outputs_info = pt.as_tensor_variable(np.asarray(0, seq.dtype))
scan_result, scan_updates = scanjit.scan(fn=accumulate_by_adding,
                                         outputs_info=outputs_info,
                                         sequences=seq)
triangular_sequence = scanjit.function(inputs=[up_to], outputs=scan_result)

# test
some_num = 15
print(triangular_sequence(some_num))
