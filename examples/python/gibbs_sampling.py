"""Seed: the Theano scan guide, "Using shared variables - Gibbs sampling"
(with strict=True). W_values, bvis_values and bhid_values stand for
numpy.random.random; the samples come from ScanJIT's counter-based
generator (seed 1234), the same as the C++ twin's
(examples/cpp/gibbs_sampling.cpp)."""
import numpy

import scanjit
import scanjit.tensor as T

W_values = numpy.array([[0.3, 0.8], [0.6, 0.1]])
bvis_values = numpy.array([0.4, 0.7])
bhid_values = numpy.array([0.2, 0.9])

W = scanjit.shared(W_values, "W")
bvis = scanjit.shared(bvis_values, "bvis")
bhid = scanjit.shared(bhid_values, "bhid")

trng = scanjit.RandomStreams(1234)


# OneStep, with explicit use of the shared variables (W, bvis, bhid)
def OneStep(vsample, W, bvis, bhid):
    hmean = T.nnet.sigmoid(T.dot(vsample, W) + bhid)
    hsample = trng.binomial(size=hmean.shape, n=1, p=hmean, dtype="float64")
    vmean = T.nnet.sigmoid(T.dot(hsample, W.T) + bvis)
    return trng.binomial(size=vsample.shape, n=1, p=vmean,
                         dtype=scanjit.config.floatX)


sample = T.vector("sample")

# The new scan, using strict=True
values, updates = scanjit.scan(fn=OneStep,
                               outputs_info=sample,
                               non_sequences=[W, bvis, bhid],
                               n_steps=10,
                               strict=True)

gibbs10 = scanjit.function([sample], values[-1], updates=updates)

start = numpy.array([1.0, 0.0])
print(gibbs10(start))
print(gibbs10(start))
