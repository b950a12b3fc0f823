"""Seed: the Theano scan guide, "Multiple outputs, several taps values -
Recurrent Neural Network with Scan", on one unit (1 x 1 matrices) so that
the numbers can be checked by hand; u = [0..8] gives 9 - 4 = 5 steps. Twin
of examples/cpp/rnn_taps.cpp."""
import numpy as np

import scanjit
from scanjit import tensor as T


def oneStep(u_tm4, u_t, x_tm3, x_tm1, y_tm1, W, W_in_1, W_in_2, W_feedback,
            W_out):
    x_t = T.tanh(T.dot(x_tm1, W) +
                 T.dot(u_t, W_in_1) +
                 T.dot(u_tm4, W_in_2) +
                 T.dot(y_tm1, W_feedback))
    y_t = T.dot(x_tm3, W_out)
    return [x_t, y_t]


W = T.matrix("W")
W_in_1 = T.matrix("W_in_1")
W_in_2 = T.matrix("W_in_2")
W_feedback = T.matrix("W_feedback")
W_out = T.matrix("W_out")

u = T.matrix("u")  # it is a sequence of vectors
x0 = T.matrix("x0")  # initial state of x has to be a matrix, since
# it has to cover x[-3]
y0 = T.vector("y0")  # y0 is just a vector since scan has only to provide
# y[-1]

([x_vals, y_vals], updates) = scanjit.scan(
    fn=oneStep,
    sequences=dict(input=u, taps=[-4, -0]),
    outputs_info=[dict(initial=x0, taps=[-3, -1]), y0],
    non_sequences=[W, W_in_1, W_in_2, W_feedback, W_out],
    strict=True)
# for second input y, scan adds -1 in output_taps by default

rnn = scanjit.function([u, x0, y0, W, W_in_1, W_in_2, W_feedback, W_out],
                       [x_vals, y_vals])

uvals = np.arange(9.0).reshape(9, 1)
x_y = rnn(uvals, [[0.1], [0.2], [0.3]], [0.5], [[0.5]], [[0.1]], [[0.2]],
          [[0.3]], [[2.0]])
print(x_y[0])
print(x_y[1])
