"""ScanJIT from Python: Theano's scan as an MLIR/LLVM compiler.

The spelling is PyTensor's (and Theano's)::

    import numpy as np
    import scanjit
    import scanjit.tensor as pt

    A = pt.vector("A")
    k = pt.iscalar("k")
    result, updates = scanjit.scan(lambda prior, A: prior * A,
                                   outputs_info=pt.ones_like(A),
                                   non_sequences=A, n_steps=k)
    power = scanjit.function([A, k], result[-1], updates=updates)
    power(np.arange(10.0), 2)

`scan` traces the Python function into the same `scan.scan` op the C++
frontend builds; `function` compiles through MLIR and LLVM. NumPy arrays go
in and come out without copies where their layout allows. Errors raise
`scanjit.Error`, naming the line of the calling script.
"""

import os as _os

import numpy as _np

from . import _scanjit
from ._scanjit import Error, Function as _CompiledFunction, RandomStreams, \
    SharedVariable, Var

_scanjit.set_package_directory(_os.path.dirname(_os.path.abspath(__file__)) +
                               _os.sep)

__all__ = [
    "Error", "Var", "SharedVariable", "Function", "RandomStreams", "config",
    "scan", "scan_checkpoints", "map", "reduce", "foldl", "foldr", "until",
    "function", "shared",
    "grad", "jacobian", "hessian", "disconnected_grad", "stop_gradient",
    "as_tensor_variable", "debugprint", "to_dot", "tensor",
]


class _Config:
    """Theano's config: `floatX` is the dtype of float constructors and of
    Python floats in graphs ("float64" or "float32")."""

    @property
    def floatX(self):
        return _scanjit.float_x()

    @floatX.setter
    def floatX(self, dtype):
        _scanjit.set_float_x(dtype)


config = _Config()


def as_tensor_variable(value):
    """`value` as a Var: a Var itself, or a constant (Python numbers, NumPy
    arrays, nested lists)."""
    return _scanjit.as_var(value)


class until:
    """Ends a scan after the step that returns it with a true condition
    (PyTensor's `pytensor.scan.utils.until`)."""

    def __init__(self, condition):
        self.condition = as_tensor_variable(condition)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _sequence(entry):
    if isinstance(entry, dict):
        if "input" not in entry:
            raise Error("a sequence given as a dict needs 'input'")
        return (as_tensor_variable(entry["input"]),
                list(entry.get("taps", [0])))
    return (as_tensor_variable(entry), [0])


def _output(entry):
    if entry is None:
        return (None, [])
    if isinstance(entry, dict):
        initial = entry.get("initial")
        taps = entry.get("taps", [-1] if initial is not None else [])
        if taps is None:
            taps = []
        initial = None if initial is None else as_tensor_variable(initial)
        return (initial, list(taps))
    return (as_tensor_variable(entry), [-1])


def _update_pairs(updates):
    if updates is None:
        return []
    if isinstance(updates, dict):
        return list(updates.items())
    return [tuple(pair) for pair in updates]


def _step_results(result):
    """What a step function returned, as (outputs, update pairs, until
    condition), by PyTensor's rules: outputs, a dict of updates and an
    `until` in any order, the outputs a single value or a list."""
    items = list(result) if isinstance(result, (list, tuple)) else [result]
    outputs, updates, condition = [], [], None
    for item in items:
        if isinstance(item, until):
            if condition is not None:
                raise Error("scan: fn returned two until conditions")
            condition = item.condition
        elif isinstance(item, dict):
            updates.extend(item.items())
        else:
            outputs.append(item)
    if len(outputs) == 1 and isinstance(outputs[0], (list, tuple)) and \
            len(items) > 1:
        outputs = list(outputs[0])
    return outputs, updates, condition


def _scan_arguments(fn, sequences, outputs_info, non_sequences, n_steps):
    """scan's first arguments as the module takes them: a step function
    returning (outputs, update pairs, until condition), (Var, taps) pairs,
    (initial or None, taps) pairs, Vars, and n_steps."""
    def step(*args):
        return _step_results(fn(*args))
    if n_steps is not None and not isinstance(n_steps, (int, Var)):
        n_steps = as_tensor_variable(n_steps)
    return (step, [_sequence(entry) for entry in _as_list(sequences)],
            [_output(entry) for entry in _as_list(outputs_info)],
            [as_tensor_variable(value) for value in _as_list(non_sequences)],
            n_steps)


def scan(fn, sequences=None, outputs_info=None, non_sequences=None,
         n_steps=None, truncate_gradient=-1, go_backwards=False, mode=None,
         name=None, profile=False, allow_gc=None, strict=False,
         return_list=False):
    """PyTensor's scan: calls `fn` once, with placeholders for one step
    (each sequence's taps, each recurrent output's taps, the
    non-sequences, in that order), and builds the loop around what it
    returns. Returns (outputs, updates): outputs a Var, or a list when there
    are several (or `return_list`); updates a dict to give `function`.

    A sequence is a Var or dict(input=x, taps=[...]); an entry of
    `outputs_info` is None (not fed back), an initial value (tap -1) or
    dict(initial=x, taps=[...]). `mode`, `profile` and `allow_gc` are
    accepted and ignored."""
    results, updates = _scanjit.scan(
        *_scan_arguments(fn, sequences, outputs_info, non_sequences, n_steps),
        truncate_gradient, go_backwards, name or "", strict)
    return _scan_results(results, updates, return_list)


def scan_checkpoints(fn, sequences=None, outputs_info=None,
                     non_sequences=None, name=None, n_steps=None,
                     save_every_N=10, padding=True, go_backwards=False,
                     strict=False, return_list=False):
    """What `scan` computes, as a loop over chunks of `save_every_N` steps,
    so that its gradient stores the recurrent state only every
    `save_every_N` steps and recomputes the others (Aesara's
    scan_checkpoints, without its limits: taps, several outputs, every
    step returned, n_steps, go_backwards). `outputs[-1]` reads the carried
    state, not the stacked steps. fn may not return updates or `until`.
    `padding` is accepted and ignored (no padding is needed)."""
    results, updates = _scanjit.scan_checkpoints(
        *_scan_arguments(fn, sequences, outputs_info, non_sequences, n_steps),
        go_backwards, name or "", strict, save_every_N)
    return _scan_results(results, updates, return_list)


def _scan_results(results, updates, return_list):
    updates = dict(updates)
    if len(results) == 1 and not return_list:
        return results[0], updates
    return results, updates


def map(fn, sequences, non_sequences=None, truncate_gradient=-1,
        go_backwards=False, mode=None, name=None):
    """scan over `sequences` without recurrent outputs."""
    return scan(fn, sequences=sequences, non_sequences=non_sequences,
                truncate_gradient=truncate_gradient,
                go_backwards=go_backwards, name=name or "map")


def reduce(fn, sequences, outputs_info, non_sequences=None,
           go_backwards=False, mode=None, name=None):
    """scan that keeps only the last step of each output."""
    results, updates = scan(fn, sequences=sequences,
                            outputs_info=outputs_info,
                            non_sequences=non_sequences,
                            go_backwards=go_backwards, name=name or "reduce",
                            return_list=True)
    last, updates = _scanjit.last_steps(results, _update_pairs(updates))
    return _scan_results(last, updates, False)


def foldl(fn, sequences, outputs_info, non_sequences=None, mode=None,
          name=None):
    """reduce from the first element."""
    return reduce(fn, sequences, outputs_info, non_sequences, False,
                  name=name or "foldl")


def foldr(fn, sequences, outputs_info, non_sequences=None, mode=None,
          name=None):
    """reduce from the last element."""
    return reduce(fn, sequences, outputs_info, non_sequences, True,
                  name=name or "foldr")


class Function:
    """A compiled function: call it with NumPy arrays (or anything
    numpy.asarray takes), one per input; it returns one NumPy array per
    output, or the array itself when `outputs` was a single Var.

    Arguments follow PyTensor's rules: an array of the input's dtype is
    used in place (no copy); one of another dtype is converted when no
    precision can be lost (int64 to float64, float32 to float64, a Python
    list or number whose values survive the conversion, a Python float for
    a floatX input); anything else is an error unless the function was
    made with allow_input_downcast=True."""

    def __init__(self, compiled, inputs, single, allow_input_downcast):
        self._compiled = compiled
        self._dtypes = [_np.dtype(var.dtype) for var in inputs]
        self._names = [var.name for var in inputs]
        self._single = single
        self._allow_downcast = allow_input_downcast

    def _argument(self, index, value):
        if index >= len(self._dtypes):
            return value  # the compiled function reports the count
        dtype = self._dtypes[index]
        if isinstance(value, _np.ndarray) and value.dtype == dtype:
            return value
        array = _np.asarray(value)
        if array.dtype == dtype:
            return array
        if array.dtype.kind not in "biuf":
            raise Error("argument %s: a %s input cannot take %s data" %
                        (self._describe(index), dtype, array.dtype))
        if self._allow_downcast or \
                _np.can_cast(array.dtype, dtype, casting="safe") or \
                (isinstance(value, float) and dtype == config.floatX):
            return array.astype(dtype)
        if not isinstance(value, _np.ndarray):
            converted = array.astype(dtype)
            if _np.array_equal(converted, array):
                return converted
        raise Error("argument %s: a %s input cannot take %s data without "
                    "losing precision; convert it, or compile with "
                    "allow_input_downcast=True" %
                    (self._describe(index), self._dtypes[index],
                     array.dtype))

    def _describe(self, index):
        name = self._names[index]
        return "'%s'" % name if name else "#%d" % index

    def __call__(self, *args):
        results = self._compiled(*[self._argument(index, value)
                                   for index, value in enumerate(args)])
        return results[0] if self._single else results

    @property
    def mlir(self):
        """The compiled module, as scan-opt reads it."""
        return self._compiled.mlir

    @property
    def argument_names(self):
        return self._compiled.argument_names


def function(inputs, outputs=None, updates=None, name=None, givens=None,
             mode=None, allow_input_downcast=False, on_unused_input=None):
    """Compiles `outputs` as a function of `inputs`, applying `updates` (a
    dict or pairs of shared variable and new value) after each call."""
    if givens:
        raise Error("function: givens are not supported; build the graph "
                    "with the replacement instead")
    single = outputs is not None and not isinstance(outputs, (list, tuple))
    outputs = [as_tensor_variable(value) for value in _as_list(outputs)]
    inputs = list(inputs)
    compiled = _scanjit.function(inputs, outputs, _update_pairs(updates),
                                 name or "main")
    return Function(compiled, inputs, single, bool(allow_input_downcast))


def shared(value, name=None, strict=False, borrow=False):
    """A shared variable holding a copy of `value` (theano.shared)."""
    return _scanjit.shared(value, name or "")


def grad(cost, wrt, disconnected_inputs="raise", consider_constant=None):
    """The gradient of the scalar `cost` with respect to `wrt` (a Var or a
    list of them): a Var, or a list like `wrt`."""
    if consider_constant:
        raise Error("grad: use disconnected_grad(x) in the graph instead of "
                    "consider_constant")
    single = not isinstance(wrt, (list, tuple))
    grads = _scanjit.grad(as_tensor_variable(cost),
                          [as_tensor_variable(value) for value in
                           _as_list(wrt)],
                          disconnected_inputs)
    return grads[0] if single else grads


def jacobian(expression, wrt, disconnected_inputs="raise"):
    """The Jacobian of the vector `expression` with respect to `wrt`."""
    return _scanjit.jacobian(expression, wrt, disconnected_inputs)


def hessian(cost, wrt, disconnected_inputs="raise"):
    """The Hessian of the scalar `cost` with respect to the vector `wrt`."""
    return _scanjit.hessian(cost, wrt, disconnected_inputs)


def stop_gradient(x):
    """`x`, through which no gradient flows."""
    return _scanjit.stop_gradient(x)


disconnected_grad = stop_gradient


def debugprint(var, file=None):
    """Prints `var`'s graph as Theano's debugprint does (to `file`, or
    stdout); returns the text when file == "str"."""
    text = _scanjit.debugprint(as_tensor_variable(var))
    if file == "str":
        return text
    print(text, end="", file=file)


def to_dot(function):
    """Graphviz DOT of a compiled function's graph, scans as clusters."""
    compiled = function._compiled if isinstance(function, Function) \
        else function
    return _scanjit.to_dot(compiled)


from . import tensor  # noqa: E402  (needs the names above)
