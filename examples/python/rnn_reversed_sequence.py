"""Seed: PyTensor's scan tutorial, "Computing the sequence x(t) =
tanh(x(t - 1).dot(W) + y(t).dot(U) + p(T - t).dot(V))". Twin of
examples/cpp/rnn_reversed_sequence.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# define tensor variables
X = pt.vector("X")
W = pt.matrix("W")
b_sym = pt.vector("b_sym")
U = pt.matrix("U")
Y = pt.matrix("Y")
V = pt.matrix("V")
P = pt.matrix("P")

results, updates = scanjit.scan(
    lambda y, p, x_tm1: pt.tanh(pt.dot(x_tm1, W) + pt.dot(y, U) +
                                pt.dot(p, V)),
    sequences=[Y, P[::-1]], outputs_info=[X])
compute_seq = scanjit.function(inputs=[X, W, Y, U, P, V], outputs=results)

# test values
x = np.zeros((2), dtype=scanjit.config.floatX)
x[1] = 1
w = np.ones((2, 2), dtype=scanjit.config.floatX)
y = np.ones((5, 2), dtype=scanjit.config.floatX)
y[0, :] = -3
u = np.ones((2, 2), dtype=scanjit.config.floatX)
p = np.ones((5, 2), dtype=scanjit.config.floatX)
p[0, :] = 3
v = np.ones((2, 2), dtype=scanjit.config.floatX)

print(compute_seq(x, w, y, u, p, v))
