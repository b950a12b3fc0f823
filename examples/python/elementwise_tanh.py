"""Seed: PyTensor's scan tutorial, "Computing tanh(x(t).dot(W) + b)
elementwise". Twin of examples/cpp/elementwise_tanh.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# defining the tensor variables
X = pt.matrix("X")
W = pt.matrix("W")
b_sym = pt.vector("b_sym")

results, updates = scanjit.scan(lambda v: pt.tanh(pt.dot(v, W) + b_sym),
                                sequences=X)
compute_elementwise = scanjit.function(inputs=[X, W, b_sym], outputs=results)

# test values
x = np.eye(2, dtype=scanjit.config.floatX)
w = np.ones((2, 2), dtype=scanjit.config.floatX)
b = np.ones((2), dtype=scanjit.config.floatX)
b[1] = 2

print(compute_elementwise(x, w, b))
