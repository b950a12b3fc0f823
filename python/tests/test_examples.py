"""The seed examples from Python (examples/python): each prints exactly what
its C++ twin (examples/cpp) prints and, where the seed printed numbers
(examples/expected), those."""
import os
import subprocess
import sys

import pytest

EXAMPLES = os.environ["SCANJIT_EXAMPLES_DIR"]
TOOLS = os.environ["SCANJIT_TOOLS_DIR"]
PYTHON_EXAMPLES = sorted(name[:-3] for name in
                         os.listdir(os.path.join(EXAMPLES, "python"))
                         if name.endswith(".py"))


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, timeout=600)


def test_every_seed_example_has_a_python_twin():
    # rnn_graph is the debugprint/to_dot demonstration, not a seed example.
    cpp = sorted(name[:-4] for name in
                 os.listdir(os.path.join(EXAMPLES, "cpp"))
                 if name.endswith(".cpp") and name != "rnn_graph.cpp")
    assert PYTHON_EXAMPLES == cpp


@pytest.mark.parametrize("name", PYTHON_EXAMPLES)
def test_example_prints_what_its_twin_prints(name):
    python = run([sys.executable,
                  os.path.join(EXAMPLES, "python", name + ".py")])
    assert python.returncode == 0, python.stderr
    cpp = run([os.path.join(TOOLS, "example-" + name)])
    assert cpp.returncode == 0, cpp.stderr
    assert python.stdout == cpp.stdout
    expected = os.path.join(EXAMPLES, "expected", name + ".txt")
    if os.path.exists(expected):
        with open(expected) as file:
            assert python.stdout == file.read()
