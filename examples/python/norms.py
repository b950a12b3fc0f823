"""Seed: PyTensor's scan tutorial, "Computing norms of lines of X" and "of
columns of X". Twin of examples/cpp/norms.cpp."""
import numpy as np

import scanjit
import scanjit.tensor as pt

# define tensor variable
X = pt.matrix("X")
results, updates = scanjit.scan(lambda x_i: pt.sqrt((x_i ** 2).sum()),
                                sequences=[X])
compute_norm_lines = scanjit.function(inputs=[X], outputs=results)
results, updates = scanjit.scan(lambda x_i: pt.sqrt((x_i ** 2).sum()),
                                sequences=[X.T])
compute_norm_cols = scanjit.function(inputs=[X], outputs=results)

# test value
x = np.diag(np.arange(1, 6, dtype=scanjit.config.floatX), 1)
print(compute_norm_lines(x))
print(compute_norm_cols(x))
