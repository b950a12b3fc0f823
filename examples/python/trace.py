"""Seed: PyTensor's scan tutorial, "Computing trace of X". Twin of
examples/cpp/trace.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

floatX = "float32"

# define tensor variable
X = pt.matrix("X")
results, updates = scanjit.scan(
    lambda i, j, t_f: pt.cast(X[i, j] + t_f, floatX),
    sequences=[pt.arange(X.shape[0]), pt.arange(X.shape[1])],
    outputs_info=np.asarray(0., dtype=floatX))
result = results[-1]
compute_trace = scanjit.function(inputs=[X], outputs=result)

# test value
x = np.eye(5, dtype=scanjit.config.floatX)
x[0] = np.arange(5, dtype=scanjit.config.floatX)
print(compute_trace(x))
