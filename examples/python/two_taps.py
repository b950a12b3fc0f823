"""Seed: PyTensor's scan tutorial, "Computing the sequence x(t) = x(t -
2).dot(U) + x(t - 1).dot(V) + tanh(x(t - 1).dot(W) + b)". Twin of
examples/cpp/two_taps.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# define tensor variables
X = pt.matrix("X")
W = pt.matrix("W")
b_sym = pt.vector("b_sym")
U = pt.matrix("U")
V = pt.matrix("V")
n_sym = pt.iscalar("n_sym")

results, updates = scanjit.scan(
    lambda x_tm2, x_tm1: pt.dot(x_tm2, U) + pt.dot(x_tm1, V) +
    pt.tanh(pt.dot(x_tm1, W) + b_sym),
    n_steps=n_sym, outputs_info=[dict(initial=X, taps=[-2, -1])])
compute_seq2 = scanjit.function(inputs=[X, U, V, W, b_sym, n_sym],
                                outputs=results)

# test values
# the initial value must be able to return x[-2]
x = np.zeros((2, 2), dtype=scanjit.config.floatX)
x[1, 1] = 1
w = 0.5 * np.ones((2, 2), dtype=scanjit.config.floatX)
u = 0.5 * (np.ones((2, 2), dtype=scanjit.config.floatX) -
           np.eye(2, dtype=scanjit.config.floatX))
v = 0.5 * np.ones((2, 2), dtype=scanjit.config.floatX)
n = 10
b = np.ones((2), dtype=scanjit.config.floatX)

print(compute_seq2(x, u, v, w, b, n))
