"""Seed: PyTensor's scan tutorial, "Computing tanh(v.dot(W) + b) * d where
d is binomial". The numbers come from ScanJIT's counter-based generator
(seed 1234), the same as the C++ twin's (examples/cpp/binomial_noise.cpp),
not Theano's."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# define tensor variables
X = pt.matrix("X")
W = pt.matrix("W")
b_sym = pt.vector("b_sym")

# define shared random stream
trng = scanjit.RandomStreams(1234)
d = trng.binomial(size=W[1].shape)

results, updates = scanjit.scan(lambda v: pt.tanh(pt.dot(v, W) + b_sym) * d,
                                sequences=X)
compute_with_bnoise = scanjit.function(inputs=[X, W, b_sym], outputs=results,
                                       updates=updates,
                                       allow_input_downcast=True)
x = np.eye(10, 2, dtype=scanjit.config.floatX)
w = np.ones((2, 2), dtype=scanjit.config.floatX)
b = np.ones((2), dtype=scanjit.config.floatX)

print(compute_with_bnoise(x, w, b))
