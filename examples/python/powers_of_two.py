"""Seed: the scan guide, "Conditional ending of Scan". Twin of
examples/cpp/powers_of_two.cpp."""
import scanjit
import scanjit.tensor as T


def power_of_2(previous_power, max_value):
    return previous_power * 2, scanjit.until(previous_power * 2 > max_value)


max_value = T.scalar("max_value")
values, _ = scanjit.scan(power_of_2,
                         outputs_info=T.constant(1.),
                         non_sequences=max_value,
                         n_steps=1024)

f = scanjit.function([max_value], values)

print(f(45))
