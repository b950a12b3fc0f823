"""Tensor constructors and ops, as `pytensor.tensor` (or `theano.tensor`)
spells them: `import scanjit.tensor as pt`."""

from . import _scanjit
from ._scanjit import Var

__all__ = [
    "tensor", "scalar", "vector", "matrix", "tensor3", "tensor4",
    "constant", "as_tensor_variable", "dot", "sum", "mean", "max", "min",
    "prod", "concatenate", "stack", "arange", "zeros", "ones", "full", "alloc",
    "eye", "zeros_like", "ones_like", "full_like", "set_subtensor",
    "inc_subtensor", "cast", "switch", "where", "clip", "pow", "maximum",
    "minimum", "mod", "floor_divide", "eq", "neq", "lt", "le", "gt", "ge",
    "and_", "or_", "xor", "invert", "neg", "abs", "exp", "expm1", "log",
    "tanh", "sigmoid", "sqrt", "sin", "cos", "sgn", "sign", "nnet",
]


def tensor(name=None, dtype=None, shape=None, ndim=None):
    """A symbolic input of `ndim` dimensions (or of `shape`, None for a
    dimension known only at run time), of `dtype` (floatX by default)."""
    if ndim is None:
        if shape is None:
            raise _scanjit.Error("tensor: give ndim or shape")
        ndim = len(shape)
    return _scanjit.tensor(name or "", ndim, dtype, shape)


def _constructor(ndim, dtype):
    def make(name=None, dtype=dtype):
        return _scanjit.tensor(name or "", ndim, dtype, None)
    return make


scalar = _constructor(0, None)
vector = _constructor(1, None)
matrix = _constructor(2, None)
tensor3 = _constructor(3, None)
tensor4 = _constructor(4, None)
for _prefix, _dtype in (("i", "int32"), ("l", "int64"), ("f", "float32"),
                        ("d", "float64"), ("b", "bool")):
    for _kind, _ndim in (("scalar", 0), ("vector", 1), ("matrix", 2)):
        globals()[_prefix + _kind] = _constructor(_ndim, _dtype)
        __all__.append(_prefix + _kind)


def constant(value, name=None, dtype=None):
    """A constant of `value` (a copy)."""
    return _scanjit.constant(value, name or "", dtype)


def as_tensor_variable(value):
    return _scanjit.as_var(value)


def alloc(value, *shape):
    """`value` broadcast to `shape` (Theano's alloc)."""
    return _scanjit.full(shape, float(value), None)


full = _scanjit.full
dot = _scanjit.dot
sum = _scanjit.sum
mean = _scanjit.mean
max = _scanjit.max
min = _scanjit.min
prod = _scanjit.prod
concatenate = _scanjit.concatenate
stack = _scanjit.stack
arange = _scanjit.arange
zeros = _scanjit.zeros
ones = _scanjit.ones
eye = _scanjit.eye
zeros_like = _scanjit.zeros_like
ones_like = _scanjit.ones_like
full_like = _scanjit.full_like
set_subtensor = _scanjit.set_subtensor
inc_subtensor = _scanjit.inc_subtensor
cast = _scanjit.cast
where = _scanjit.where
switch = _scanjit.where
clip = _scanjit.clip
pow = _scanjit.pow
maximum = _scanjit.maximum
minimum = _scanjit.minimum
mod = _scanjit.mod
floor_divide = _scanjit.floor_divide
eq = _scanjit.eq
neq = _scanjit.neq
lt = _scanjit.lt
le = _scanjit.le
gt = _scanjit.gt
ge = _scanjit.ge
and_ = _scanjit.logical_and
or_ = _scanjit.logical_or
xor = _scanjit.logical_xor
invert = _scanjit.logical_not
neg = _scanjit.neg
abs = _scanjit.abs
exp = _scanjit.exp
expm1 = _scanjit.expm1
log = _scanjit.log
tanh = _scanjit.tanh
sigmoid = _scanjit.sigmoid
sqrt = _scanjit.sqrt
sin = _scanjit.sin
cos = _scanjit.cos
sgn = _scanjit.sign
sign = _scanjit.sign


class nnet:
    """Theano's `T.nnet` names."""
    sigmoid = staticmethod(_scanjit.sigmoid)
