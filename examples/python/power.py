"""Seed: PyTensor's scan tutorial, "Computing pow(A, k)". Twin of
examples/cpp/power.cpp."""
import scanjit
import scanjit.tensor as pt

k = pt.iscalar("k")
A = pt.vector("A")


def inner_fct(prior_result, B):
    return prior_result * B


# Symbolic description of the result
result, updates = scanjit.scan(fn=inner_fct,
                               outputs_info=pt.ones_like(A),
                               non_sequences=A, n_steps=k)

# Scan has provided us with A ** 1 through A ** k.  Keep only the last
# value. Scan notices this and does not waste memory saving them.
final_result = result[-1]

power = scanjit.function(inputs=[A, k], outputs=final_result,
                         updates=updates)

print(power(range(10), 2))
print(power(range(10), 4))
