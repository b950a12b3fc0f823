"""Seed: PyTensor's scan tutorial, "Accumulate number of loop during a
scan". Twin of examples/cpp/accumulator.cpp."""
import scanjit
import scanjit.tensor as pt

# define shared variables
k = scanjit.shared(0)
n_sym = pt.iscalar("n_sym")

results, updates = scanjit.scan(lambda: {k: (k + 1)}, n_steps=n_sym)
accumulator = scanjit.function([n_sym], [], updates=updates,
                               allow_input_downcast=True)

print(k.get_value())
accumulator(5)
print(k.get_value())
