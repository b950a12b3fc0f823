"""Seed: PyTensor's scan tutorial, "Computing the Jacobian of y =
tanh(v.dot(A)) wrt x". The body takes grad(y[i], v): the scan runs over the
indices of y. Twin of examples/cpp/jacobian.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# define tensor variables
v = pt.vector()
A = pt.matrix()
y = pt.tanh(pt.dot(v, A))
results, updates = scanjit.scan(lambda i: scanjit.grad(y[i], v),
                                sequences=[pt.arange(y.shape[0])])
compute_jac_t = scanjit.function([A, v], results,
                                 allow_input_downcast=True)  # (d_out, d_in)

# test values
x = np.eye(5, dtype=scanjit.config.floatX)[0]
w = np.eye(5, 3, dtype=scanjit.config.floatX)
w[2] = np.ones((3), dtype=scanjit.config.floatX)
print(compute_jac_t(w, x))

# compare with numpy
print(((1 - np.tanh(x.dot(w)) ** 2) * w).T)
