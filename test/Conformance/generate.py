#!/usr/bin/env python3
# ===- generate.py - PyTensor's results for the conformance suite ----------===#
#
# Part of ScanJIT.
#
# ===----------------------------------------------------------------------===#
#
# The conformance suite of ScanJIT against PyTensor, the reference
# implementation of Theano's scan. Each case below is a small scan program
# written with PyTensor and run on fixed, deterministic inputs; its inputs
# and PyTensor's results are saved as .npy files under data/<name>/:
#
#   in0.npy, in1.npy ...    the arguments of the compiled function, in order
#   out0.npy, out1.npy ...  its results, then the final values of the shared
#                           variables the case lists (after one call)
#
# unittests/Conformance/ConformanceTest.cpp writes the same programs with
# the C++ frontend (one TEST per case, which passes the case's name) and
# compares its results with these files. The tests need only the committed
# .npy files, not PyTensor; PyTensor is needed only to regenerate them:
#
#   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pytensor numpy
#   /tmp/venv/bin/python test/Conformance/generate.py
#
# Generated with pytensor 3.0.7 and numpy 2.4.6. Regenerating rewrites
# data/ from scratch; `generate.py NAME...` regenerates only those cases.
#
# ===----------------------------------------------------------------------===#

import os
import shutil
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.scan.utils import until
from pytensor.scan.views import foldl, foldr, map, reduce

warnings.filterwarnings("ignore", category=DeprecationWarning)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@dataclass
class Case:
    """A program: symbolic inputs, outputs, the arguments to call it with,
    its updates, and the shared variables whose final values are saved."""

    inputs: list
    outputs: list
    values: list
    updates: dict = field(default_factory=dict)
    shared: list = field(default_factory=list)


CASES = {}


def case(fn):
    """Registers a case under its function's name."""
    CASES[fn.__name__] = fn
    return fn


def scan(fn, **kwargs):
    """pytensor.scan returning (list of outputs, updates)."""
    outputs, updates = pytensor.scan(fn, return_list=True, return_updates=True, **kwargs)
    return outputs, updates


def vec(values, dtype="float64"):
    return np.asarray(values, dtype=dtype)


def f64(n, start=0.0, step=1.0):
    """start, start + step, ... (n values) as float64."""
    return start + step * np.arange(n, dtype="float64")


# ---------------------------------------------------------------------------
# Sequence taps
# ---------------------------------------------------------------------------


@case
def seq_tap_past():
    u = pt.dvector("u")
    (y,), _ = scan(lambda a: a * 2, sequences=[dict(input=u, taps=[-1])])
    return Case([u], [y], [f64(5)])


@case
def seq_tap_future():
    u = pt.dvector("u")
    (y,), _ = scan(lambda a: a - 1, sequences=[dict(input=u, taps=[1])])
    return Case([u], [y], [f64(6, 1.0, 0.5)])


@case
def seq_tap_mixed():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, b, c: a + 10 * b + 100 * c, sequences=[dict(input=u, taps=[-1, 0, 1])]
    )
    return Case([u], [y], [np.arange(7, dtype="int64")])


@case
def seq_tap_plus2_nsteps1():
    u = pt.ivector("u")
    (y,), _ = scan(lambda a: a, sequences=[dict(input=u, taps=[2])], n_steps=1)
    return Case([u], [y], [np.arange(20, dtype="int32")])


@case
def seq_tap_plus2():
    u = pt.ivector("u")
    (y,), _ = scan(lambda a: a * 3, sequences=[dict(input=u, taps=[2])])
    return Case([u], [y], [np.arange(6, dtype="int32")])


@case
def seq_taps_negative_only():
    u = pt.dvector("u")
    (y,), _ = scan(lambda a, b: a + 10 * b, sequences=[dict(input=u, taps=[-2, -1])])
    return Case([u], [y], [vec([1, 2, 3, 4, 5])])


@case
def seq_taps_m4_0():
    u = pt.dmatrix("u")
    (y,), _ = scan(lambda a, b: a * 10 + b, sequences=[dict(input=u, taps=[-4, 0])])
    return Case([u], [y], [f64(18).reshape(9, 2)])


@case
def seq_taps_unordered():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a, b: a - 10 * b, sequences=[dict(input=u, taps=[1, -1])])
    return Case([u], [y], [np.arange(6, dtype="int64") * 3])


@case
def seq_taps_matrix_rows():
    u = pt.dmatrix("u")
    (y,), _ = scan(lambda a, b: a * b, sequences=[dict(input=u, taps=[-1, 1])])
    return Case([u], [y], [f64(15, -3.0, 0.5).reshape(5, 3)])


@case
def seq_taps_two_sequences():
    u, v = pt.dvector("u"), pt.dvector("v")
    (y,), _ = scan(lambda a, b: a * 100 + b, sequences=[dict(input=u, taps=[-2]), v])
    return Case([u, v], [y], [f64(8), f64(5, 0.5)])


# ---------------------------------------------------------------------------
# Several sequences of unequal length
# ---------------------------------------------------------------------------


@case
def seqs_unequal():
    a, b = pt.dvector("a"), pt.dvector("b")
    (y,), _ = scan(lambda x, z: x + 10 * z, sequences=[a, b])
    return Case([a, b], [y], [f64(5, 1.0), f64(3, 0.25, 0.25)])


@case
def seqs_unequal_three():
    a, b, c = pt.dvector("a"), pt.lvector("b"), pt.dmatrix("c")
    (y,), _ = scan(lambda x, i, row: x * row + i, sequences=[a, b, c])
    return Case(
        [a, b, c], [y], [f64(4, 1.0), np.arange(6, dtype="int64") * 7, f64(10, 0.5).reshape(5, 2)]
    )


@case
def seqs_unequal_with_state():
    a, b = pt.lvector("a"), pt.lvector("b")
    (y,), _ = scan(
        lambda x, z, acc: acc * 2 + x - z,
        sequences=[a, b],
        outputs_info=[pt.constant(np.int64(1))],
    )
    return Case([a, b], [y], [np.arange(4, dtype="int64"), np.arange(9, dtype="int64")])


# ---------------------------------------------------------------------------
# n_steps
# ---------------------------------------------------------------------------


@case
def nsteps_no_sequence():
    x0 = pt.dscalar("x0")
    (y,), _ = scan(lambda x: x * 2 + 1, outputs_info=[x0], n_steps=5)
    return Case([x0], [y], [np.float64(0.5)])


@case
def nsteps_smaller():
    u = pt.dvector("u")
    (y,), _ = scan(
        lambda a, acc: acc + a,
        sequences=[u],
        outputs_info=[pt.constant(np.float64(0.0))],
        n_steps=3,
    )
    return Case([u], [y], [f64(6, 1.0)])


@case
def nsteps_zero():
    u = pt.dvector("u")
    (y,), _ = scan(
        lambda a, acc: acc + a,
        sequences=[u],
        outputs_info=[pt.constant(np.float64(0.0))],
        n_steps=0,
    )
    return Case([u], [y], [f64(4, 1.0)])


@case
def nsteps_symbolic():
    x0, n = pt.lvector("x0"), pt.lscalar("n")
    (y,), _ = scan(lambda x: x * 3 - 1, outputs_info=[x0], n_steps=n)
    return Case([x0, n], [y], [np.array([1, -2, 0], dtype="int64"), np.int64(4)])


@case
def nsteps_symbolic_zero():
    x0, n = pt.dvector("x0"), pt.lscalar("n")
    (y,), _ = scan(lambda x: x * 0.5, outputs_info=[x0], n_steps=n)
    return Case([x0, n], [y], [f64(3, 1.0), np.int64(0)])


@case
def nsteps_symbolic_with_sequence():
    u, n = pt.dvector("u"), pt.iscalar("n")
    (y,), _ = scan(lambda a: a * a, sequences=[u], n_steps=n)
    return Case([u, n], [y], [f64(7, -1.0, 0.5), np.int32(4)])


# ---------------------------------------------------------------------------
# Output taps and initial values
# ---------------------------------------------------------------------------


@case
def out_tap_m1_cumsum():
    u, x0 = pt.dvector("u"), pt.dscalar("x0")
    (y,), _ = scan(lambda a, acc: acc + a, sequences=[u], outputs_info=[x0])
    return Case([u, x0], [y], [f64(6, 0.5, 0.75), np.float64(2.5)])


@case
def out_taps_m3_m1():
    x0 = pt.dvector("x0")
    (y,), _ = scan(
        lambda x3, x1: x3 - 0.5 * x1, outputs_info=[dict(initial=x0, taps=[-3, -1])], n_steps=6
    )
    return Case([x0], [y], [vec([0.3, -0.7, 1.1])])


@case
def out_tap_m4():
    x0 = pt.lvector("x0")
    (y,), _ = scan(lambda x4: x4 * 2 + 1, outputs_info=[dict(initial=x0, taps=[-4])], n_steps=7)
    return Case([x0], [y], [np.array([1, 2, 3, 4], dtype="int64")])


@case
def out_tap_m2():
    x0 = pt.lvector("x0")
    (y,), _ = scan(lambda x2: x2 * 10, outputs_info=[dict(initial=x0, taps=[-2])], n_steps=5)
    return Case([x0], [y], [np.array([1, 2], dtype="int64")])


@case
def out_init_longer_m4_m1():
    x0 = pt.lvector("x0")
    (y,), _ = scan(
        lambda x4, x1: x4 + 10 * x1, outputs_info=[dict(initial=x0, taps=[-4, -1])], n_steps=5
    )
    return Case([x0], [y], [np.array([1, 2, 3, 4, 5], dtype="int64")])


@case
def out_init_longer_m2():
    x0 = pt.dvector("x0")
    (y,), _ = scan(lambda x2: x2 + 0.5, outputs_info=[dict(initial=x0, taps=[-2])], n_steps=4)
    return Case([x0], [y], [vec([1.0, 2.0, 30.0, 40.0])])


@case
def out_init_longer_matrix():
    x0 = pt.dmatrix("x0")
    (y,), _ = scan(
        lambda x3, x1: x3 * 2 - x1, outputs_info=[dict(initial=x0, taps=[-3, -1])], n_steps=3
    )
    return Case([x0], [y], [f64(10, 1.0).reshape(5, 2)])


@case
def out_taps_fibonacci_vectors():
    x0 = pt.dmatrix("x0")
    (y,), _ = scan(lambda a, b: a + b, outputs_info=[dict(initial=x0, taps=[-2, -1])], n_steps=6)
    return Case([x0], [y], [vec([[1.0, 0.0, 2.0], [1.0, 1.0, -1.0]])])


@case
def out_and_seq_taps():
    u, x0 = pt.dvector("u"), pt.dvector("x0")
    (y,), _ = scan(
        lambda um1, up2, x3, x1: 0.5 * x3 - 0.25 * x1 + up2 * um1,
        sequences=[dict(input=u, taps=[-1, 2])],
        outputs_info=[dict(initial=x0, taps=[-3, -1])],
    )
    return Case([u, x0], [y], [vec([1, -2, 3, 0.5, 4, -1, 2, 0.25]), vec([0.3, -0.7, 1.1])])


# ---------------------------------------------------------------------------
# go_backwards
# ---------------------------------------------------------------------------


@case
def back_plain():
    a = pt.dvector("a")
    (y,), _ = scan(
        lambda x, acc: acc * 10 + x,
        sequences=[a],
        outputs_info=[pt.constant(np.float64(0.0))],
        go_backwards=True,
    )
    return Case([a], [y], [vec([1, 2, 3])])


@case
def back_taps_mixed():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, b, c: a + 10 * b + 100 * c,
        sequences=[dict(input=u, taps=[-1, 0, 1])],
        go_backwards=True,
    )
    return Case([u], [y], [np.arange(7, dtype="int64")])


@case
def back_taps_past():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, b: a + 10 * b, sequences=[dict(input=u, taps=[-2, -1])], go_backwards=True
    )
    return Case([u], [y], [np.arange(1, 7, dtype="int64")])


@case
def back_unequal():
    a, b = pt.lvector("a"), pt.lvector("b")
    (y,), _ = scan(lambda x, z: x * 10 + z, sequences=[a, b], go_backwards=True)
    return Case([a, b], [y], [np.arange(1, 6, dtype="int64"), np.arange(1, 4, dtype="int64")])


@case
def back_unequal_taps():
    a, b = pt.lvector("a"), pt.lvector("b")
    (y,), _ = scan(
        lambda x2, x0, z: x2 * 100 + x0 * 10 + z,
        sequences=[dict(input=a, taps=[-2, 0]), b],
        go_backwards=True,
    )
    return Case([a, b], [y], [np.arange(1, 8, dtype="int64"), np.arange(1, 5, dtype="int64")])


@case
def back_output_taps():
    u, x0 = pt.dvector("u"), pt.dvector("x0")
    (y,), _ = scan(
        lambda a, x2, x1: x2 + x1 * 0.5 + a,
        sequences=[u],
        outputs_info=[dict(initial=x0, taps=[-2, -1])],
        go_backwards=True,
    )
    return Case([u, x0], [y], [f64(5, 1.0), vec([1.0, -1.0])])


@case
def back_nsteps_smaller():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a: a * 2, sequences=[u], n_steps=3, go_backwards=True)
    return Case([u], [y], [np.arange(1, 7, dtype="int64")])


@case
def back_future_tap_nsteps():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, b: a * 10 + b,
        sequences=[dict(input=u, taps=[0, 2])],
        n_steps=2,
        go_backwards=True,
    )
    return Case([u], [y], [np.arange(1, 8, dtype="int64")])


# ---------------------------------------------------------------------------
# until
# ---------------------------------------------------------------------------


@case
def until_sequence():
    u = pt.dvector("u")
    (y,), _ = scan(lambda a: (a * 2, until(a > 3)), sequences=[u])
    return Case([u], [y], [vec([1.0, 2.0, 5.0, 3.0, 7.0])])


@case
def until_recurrent():
    limit = pt.dscalar("limit")
    (y,), _ = scan(
        lambda x, m: (x * 3, until(x * 3 >= m)),
        outputs_info=[pt.constant(np.float64(1.0))],
        non_sequences=[limit],
        n_steps=100,
    )
    return Case([limit], [y], [np.float64(30.0)])


@case
def until_nonrecurrent():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a: (a * a, until(a * a > 10)), sequences=[u], outputs_info=[None])
    return Case([u], [y], [np.arange(1, 9, dtype="int64")])


@case
def until_several_outputs():
    u = pt.dvector("u")

    def step(a, acc):
        total = acc + a
        return [total, a * 10], until(total > 6)

    (s, t), _ = scan(step, sequences=[u], outputs_info=[pt.constant(np.float64(0.0)), None])
    return Case([u], [s, t], [f64(8, 1.0)])


@case
def until_first_step():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a: (a + 1, until(pt.eq(a, a))), sequences=[u])
    return Case([u], [y], [np.arange(5, dtype="int64")])


@case
def until_never():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, acc: (acc + a, until(a > 100)),
        sequences=[u],
        outputs_info=[pt.constant(np.int64(0))],
    )
    return Case([u], [y], [np.arange(5, dtype="int64")])


@case
def until_output_taps():
    x0 = pt.lvector("x0")
    (y,), _ = scan(
        lambda a, b: (a + b, until(a + b > 50)),
        outputs_info=[dict(initial=x0, taps=[-2, -1])],
        n_steps=20,
    )
    return Case([x0], [y], [np.array([1, 1], dtype="int64")])


@case
def until_vector_state():
    x0 = pt.dvector("x0")
    (y,), _ = scan(lambda x: (x * 2, until(pt.sum(x * 2) > 40)), outputs_info=[x0], n_steps=10)
    return Case([x0], [y], [vec([1.0, 0.5, 1.5])])


# ---------------------------------------------------------------------------
# Shared variables and updates
# ---------------------------------------------------------------------------


@case
def shared_counter():
    a = pytensor.shared(np.int64(1), name="a")
    _, upd = scan(lambda: {a: a + 1}, n_steps=10)
    return Case([], [a + 1, upd[a] + 1], [], updates=upd, shared=[a])


@case
def shared_accumulator():
    acc = pytensor.shared(np.zeros(3), name="acc")
    X = pt.dmatrix("X")

    def step(row):
        new = acc + row
        return new * 2, {acc: new}

    (y,), upd = scan(step, sequences=[X])
    return Case([X], [y], [f64(12, -2.0, 0.5).reshape(4, 3)], updates=upd, shared=[acc])


@case
def shared_read_only():
    W = pytensor.shared(vec([[0.5, -1.0], [2.0, 0.25]]), name="W")
    X = pt.dmatrix("X")
    (y,), _ = scan(lambda v: pt.dot(v, W), sequences=[X])
    return Case([X], [y], [f64(8, 1.0).reshape(4, 2)])


@case
def shared_update_with_state():
    k = pytensor.shared(np.int64(5), name="k")

    def step(x):
        return x + k, {k: k * 2}

    (y,), upd = scan(step, outputs_info=[pt.constant(np.int64(0))], n_steps=4)
    return Case([], [y], [], updates=upd, shared=[k])


# ---------------------------------------------------------------------------
# Nested scans
# ---------------------------------------------------------------------------


@case
def nested_scalar():
    M = pt.dmatrix("M")

    def outer(row, total):
        (inner,), _ = scan(
            lambda x, acc: acc + x, sequences=[row], outputs_info=[pt.zeros_like(row[0])]
        )
        return inner[-1] + total

    (y,), _ = scan(outer, sequences=[M], outputs_info=[pt.constant(np.float64(0.0))])
    return Case([M], [y], [vec([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [-1.0, 0.5, 0.25]])])


@case
def nested_map_vector():
    M = pt.dmatrix("M")

    def outer(row):
        inner, _ = map(lambda a: a * 2, sequences=[row])
        return inner

    y, _ = map(outer, sequences=[M])
    return Case([M], [y], [vec([[1.0, 2.0], [3.0, 4.0]])])


@case
def nested_last_vector():
    M = pt.dmatrix("M")

    def outer(row):
        (inner,), _ = scan(lambda x: x * 2 + row, outputs_info=[row], n_steps=3)
        return inner[-1]

    (y,), _ = scan(outer, sequences=[M])
    return Case([M], [y], [f64(6, 1.0).reshape(3, 2)])


@case
def nested_matrix():
    k, M = pt.dvector("k"), pt.dmatrix("M")

    def outer(s, m):
        inner, _ = map(lambda row, c: row * c, sequences=[m], non_sequences=[s])
        return inner

    y, _ = map(outer, sequences=[k], non_sequences=[M])
    return Case([k, M], [y], [vec([1.0, -2.0, 0.5]), f64(6, 1.0).reshape(3, 2)])


@case
def nested_inner_uses_outer_sequence():
    a, b = pt.lvector("a"), pt.lvector("b")

    def outer(x):
        s, _ = reduce(
            lambda z, acc, c: acc + z * c,
            sequences=[b],
            outputs_info=[pt.constant(np.int64(0))],
            non_sequences=[x],
        )
        return s

    y, _ = map(outer, sequences=[a])
    return Case(
        [a, b], [y], [np.array([1, 2, 3], dtype="int64"), np.array([1, 10, 100], dtype="int64")]
    )


@case
def nested_recurrent_both():
    x0 = pt.dvector("x0")

    def outer(x):
        (inner,), _ = scan(lambda v: v * 0.5 + 1, outputs_info=[x], n_steps=2)
        return inner[-1] + x

    (y,), _ = scan(outer, outputs_info=[x0], n_steps=4)
    return Case([x0], [y], [vec([1.0, -2.0])])


# ---------------------------------------------------------------------------
# map, reduce, foldl, foldr
# ---------------------------------------------------------------------------


@case
def map_square():
    a = pt.dvector("a")
    y, _ = map(lambda x: x * x, sequences=[a])
    return Case([a], [y], [f64(5, -2.0, 0.75)])


@case
def map_two_outputs():
    a, b = pt.lvector("a"), pt.lvector("b")
    (s, d), _ = map(lambda x, z: [x + z, x - z], sequences=[a, b])
    return Case([a, b], [s, d], [np.arange(4, dtype="int64") * 5, np.arange(4, dtype="int64")])


@case
def map_non_sequence():
    X, w = pt.dmatrix("X"), pt.dvector("w")
    y, _ = map(lambda row, v: pt.dot(row, v), sequences=[X], non_sequences=[w])
    return Case([X, w], [y], [f64(6, 1.0).reshape(3, 2), vec([0.5, -1.0])])


@case
def map_backwards():
    a = pt.dvector("a")
    y, _ = map(lambda x: x * 3, sequences=[a], go_backwards=True)
    return Case([a], [y], [f64(4, 1.0)])


@case
def reduce_sum():
    a = pt.dvector("a")
    y, _ = reduce(
        lambda x, acc: acc + x, sequences=[a], outputs_info=[pt.constant(np.float64(0.0))]
    )
    return Case([a], [y], [f64(5, 1.0, 0.5)])


@case
def reduce_two_states():
    a = pt.dvector("a")
    (s, p), _ = reduce(
        lambda x, s, p: [s + x, p * x],
        sequences=[a],
        outputs_info=[pt.constant(np.float64(0.0)), pt.constant(np.float64(1.0))],
    )
    return Case([a], [s, p], [vec([1.5, 2.0, -1.0, 4.0])])


@case
def foldl_digits():
    a = pt.lvector("a")
    y, _ = foldl(
        lambda x, acc: acc * 10 + x, sequences=[a], outputs_info=[pt.constant(np.int64(0))]
    )
    return Case([a], [y], [np.array([1, 2, 3, 4], dtype="int64")])


@case
def foldr_digits():
    a = pt.lvector("a")
    y, _ = foldr(
        lambda x, acc: acc * 10 + x, sequences=[a], outputs_info=[pt.constant(np.int64(0))]
    )
    return Case([a], [y], [np.array([1, 2, 3, 4], dtype="int64")])


@case
def foldr_matrix_rows():
    M, x0 = pt.dmatrix("M"), pt.dvector("x0")
    y, _ = foldr(lambda row, acc: acc * 2 + row, sequences=[M], outputs_info=[x0])
    return Case([M, x0], [y], [f64(8, 1.0).reshape(4, 2), vec([0.5, -0.5])])


@case
def foldl_non_sequence():
    a, c = pt.dvector("a"), pt.dscalar("c")
    y, _ = foldl(
        lambda x, acc, k: acc * k + x,
        sequences=[a],
        outputs_info=[pt.constant(np.float64(0.0))],
        non_sequences=[c],
    )
    return Case([a, c], [y], [vec([1.0, 2.0, 3.0]), np.float64(0.5)])


# ---------------------------------------------------------------------------
# dtypes
# ---------------------------------------------------------------------------


@case
def dtype_int32_cumsum():
    a, x0 = pt.ivector("a"), pt.iscalar("x0")
    (y,), _ = scan(lambda x, acc: acc + x, sequences=[a], outputs_info=[x0])
    return Case([a, x0], [y], [np.array([3, -1, 4, 1, -5, 9], dtype="int32"), np.int32(2)])


@case
def dtype_int64_product():
    a = pt.lvector("a")
    (y,), _ = scan(lambda x, acc: acc * x, sequences=[a], outputs_info=[pt.constant(np.int64(1))])
    return Case([a], [y], [np.array([3, -2, 1000, 1000, 1000, 7], dtype="int64")])


@case
def dtype_float32_cumsum():
    a, x0 = pt.fvector("a"), pt.fscalar("x0")
    (y,), _ = scan(lambda x, acc: acc + x, sequences=[a], outputs_info=[x0])
    return Case([a, x0], [y], [np.linspace(-1, 1, 7, dtype="float32"), np.float32(0.25)])


@case
def dtype_float32_rnn():
    X, W, h0 = pt.fmatrix("X"), pt.fmatrix("W"), pt.fvector("h0")
    (y,), _ = scan(
        lambda x, h, w: pt.tanh(pt.dot(h, w) + x),
        sequences=[X],
        outputs_info=[h0],
        non_sequences=[W],
    )
    return Case(
        [X, W, h0],
        [y],
        [
            np.linspace(-1, 1, 8, dtype="float32").reshape(4, 2),
            np.array([[0.5, -0.25], [0.75, 1.0]], dtype="float32"),
            np.array([0.1, -0.2], dtype="float32"),
        ],
    )


@case
def dtype_int32_sequence_float64_state():
    a = pt.ivector("a")
    (y,), _ = scan(
        lambda x, acc: acc * 0.5 + x, sequences=[a], outputs_info=[pt.constant(np.float64(0.0))]
    )
    return Case([a], [y], [np.array([4, 8, -2, 6], dtype="int32")])


@case
def dtype_int64_where():
    a = pt.lvector("a")
    y, _ = map(lambda x: pt.where(x > 2, x * 10, -x), sequences=[a])
    return Case([a], [y], [np.arange(-2, 6, dtype="int64")])


@case
def dtype_bool_output():
    a = pt.dvector("a")
    (y,), _ = scan(lambda x: x > 0.5, sequences=[a], outputs_info=[None])
    return Case([a], [y], [vec([0.0, 1.0, 0.25, 2.0])])


@case
def dtype_float32_int32_mixed():
    a, b = pt.fvector("a"), pt.ivector("b")
    y, _ = map(lambda x, z: x * z, sequences=[a, b])
    return Case(
        [a, b],
        [y],
        [np.array([0.5, 1.5, -2.0], dtype="float32"), np.array([2, 3, 4], dtype="int32")],
    )


# ---------------------------------------------------------------------------
# Non-sequences
# ---------------------------------------------------------------------------


@case
def nonseq_power():
    A, k = pt.dvector("A"), pt.iscalar("k")
    (p,), _ = scan(
        lambda prior, a: prior * a, outputs_info=[pt.ones_like(A)], non_sequences=[A], n_steps=k
    )
    return Case([A, k], [p[-1]], [f64(10), np.int32(2)])


@case
def nonseq_rnn():
    X, W, b = pt.dmatrix("X"), pt.dmatrix("W"), pt.dvector("b")
    (y,), _ = scan(lambda v, w, c: pt.tanh(pt.dot(v, w) + c), sequences=[X], non_sequences=[W, b])
    return Case(
        [X, W, b],
        [y],
        [f64(6, -1.0, 0.4).reshape(3, 2), vec([[1.0, -0.5], [0.25, 2.0]]), vec([0.1, -0.1])],
    )


@case
def nonseq_two_with_state():
    a, b = pt.dscalar("a"), pt.dscalar("b")
    (y,), _ = scan(
        lambda x, p, q: x * p + q,
        outputs_info=[pt.constant(np.float64(1.0))],
        non_sequences=[a, b],
        n_steps=5,
    )
    return Case([a, b], [y], [np.float64(-1.5), np.float64(0.25)])


# ---------------------------------------------------------------------------
# Several outputs, recurrent and not
# ---------------------------------------------------------------------------


@case
def outputs_recurrent_and_none():
    u = pt.dvector("u")
    (s, sq), _ = scan(
        lambda a, acc: [acc + a, a * a],
        sequences=[u],
        outputs_info=[pt.constant(np.float64(0.0)), None],
    )
    return Case([u], [s, sq], [f64(5, -1.0, 0.5)])


@case
def outputs_none_recurrent_none():
    u = pt.lvector("u")
    (d, s, t), _ = scan(
        lambda a, acc: [a * 2, acc + a, acc * a],
        sequences=[u],
        outputs_info=[None, pt.constant(np.int64(0)), None],
    )
    return Case([u], [d, s, t], [np.arange(1, 6, dtype="int64")])


@case
def outputs_two_recurrent_taps():
    x0, y0 = pt.dvector("x0"), pt.dscalar("y0")
    (x, y), _ = scan(
        lambda x2, x1, y: [x2 + x1 + y, y * 0.5],
        outputs_info=[dict(initial=x0, taps=[-2, -1]), y0],
        n_steps=5,
    )
    return Case([x0, y0], [x, y], [vec([0.0, 1.0]), np.float64(8.0)])


@case
def outputs_fibonacci_ratio():
    start, n = pt.dvector("start"), pt.lscalar("n")

    def step(f2, f1):
        f = f2 + f1
        return [f, f / f1]

    (f, r), _ = scan(step, outputs_info=[dict(initial=start, taps=[-2, -1]), None], n_steps=n)
    return Case([start, n], [f, r], [vec([1.0, 1.0]), np.int64(6)])


# ---------------------------------------------------------------------------
# Indexing inside bodies, chained scans
# ---------------------------------------------------------------------------


@case
def body_indexing():
    X = pt.dmatrix("X")
    y, _ = map(lambda row: row[1:] * row[0], sequences=[X])
    return Case([X], [y], [f64(12, 1.0).reshape(3, 4)])


@case
def chained_scans():
    a = pt.dvector("a")
    sq, _ = map(lambda x: x * x, sequences=[a])
    (s,), _ = scan(
        lambda x, acc: acc + x, sequences=[sq], outputs_info=[pt.constant(np.float64(0.0))]
    )
    return Case([a], [s], [vec([1.0, -2.0, 3.0])])


@case
def sequence_of_matrices():
    T3, v = pt.dtensor3("T3"), pt.dvector("v")
    y, _ = map(lambda m, w: pt.dot(m, w), sequences=[T3], non_sequences=[v])
    return Case([T3, v], [y], [f64(12, 1.0).reshape(3, 2, 2), vec([1.0, -1.0])])


@case
def last_step_only():
    x0 = pt.dvector("x0")
    (y,), _ = scan(lambda x: x * 1.5 - 1, outputs_info=[x0], n_steps=6)
    return Case([x0], [y[-1], y[0]], [vec([2.0, 4.0])])


@case
def arange_sequence():
    a = pt.dvector("a")
    (y,), _ = scan(lambda x, i: x * pt.cast(i, "float64"), sequences=[a, pt.arange(100)])
    return Case([a], [y], [vec([5.0, 5.0, 5.0])])


# ---------------------------------------------------------------------------
# More combinations
# ---------------------------------------------------------------------------


@case
def back_until():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a: (a * 2, until(a < 3)), sequences=[u], go_backwards=True)
    return Case([u], [y], [np.arange(1, 7, dtype="int64")])


@case
def back_taps_m4_0():
    u = pt.lvector("u")
    (y,), _ = scan(
        lambda a, b: a * 10 + b, sequences=[dict(input=u, taps=[-4, 0])], go_backwards=True
    )
    return Case([u], [y], [np.arange(1, 10, dtype="int64")])


@case
def back_init_longer():
    u, x0 = pt.lvector("u"), pt.lvector("x0")
    (y,), _ = scan(
        lambda a, x3, x1: x3 * 10 + x1 + a,
        sequences=[u],
        outputs_info=[dict(initial=x0, taps=[-3, -1])],
        go_backwards=True,
    )
    return Case(
        [u, x0],
        [y],
        [np.array([100, 200, 300, 400], dtype="int64"), np.array([1, 2, 3, 4], dtype="int64")],
    )


@case
def seq_tap_future_nsteps():
    u = pt.lvector("u")
    (y,), _ = scan(lambda a, b: a * 100 + b, sequences=[dict(input=u, taps=[0, 3])], n_steps=2)
    return Case([u], [y], [np.arange(10, dtype="int64")])


@case
def out_tap_m3_matrix():
    x0 = pt.dmatrix("x0")
    (y,), _ = scan(lambda x3: x3 * -2 + 1, outputs_info=[dict(initial=x0, taps=[-3])], n_steps=4)
    return Case([x0], [y], [f64(6, 0.5).reshape(3, 2)])


@case
def dtype_float32_scale():
    a = pt.fvector("a")
    y, _ = map(lambda x: x * 0.5 + 1, sequences=[a])
    return Case([a], [y], [np.array([1.0, -3.0, 0.25], dtype="float32")])


@case
def dtype_int32_times_float():
    a = pt.ivector("a")
    y, _ = map(lambda x: x * 0.5, sequences=[a])
    return Case([a], [y], [np.array([1, -3, 7], dtype="int32")])


@case
def dtype_int_true_divide():
    a, b = pt.lvector("a"), pt.lvector("b")
    y, _ = map(lambda x, z: x / z, sequences=[a, b])
    return Case(
        [a, b],
        [y],
        [np.array([7, -7, 1, 0], dtype="int64"), np.array([2, 2, 3, 5], dtype="int64")],
    )


@case
def dtype_bool_sequence():
    c, a = pt.bvector("c"), pt.dvector("a")
    y, _ = map(lambda m, x: pt.where(m, x, -1.0), sequences=[c, a])
    return Case([c, a], [y], [np.array([True, False, True, False]), f64(4, 2.0)])


@case
def body_reductions():
    X = pt.dmatrix("X")
    (mx, mn, sm), _ = map(lambda row: [row.max(), row.mean(), row.sum()], sequences=[X])
    return Case([X], [mx, mn, sm], [vec([[1.0, 5.0, -2.0], [0.5, 0.25, 4.0]])])


@case
def nested_inner_taps():
    M = pt.dmatrix("M")

    def outer(row):
        (inner,), _ = scan(lambda a, b: b - a, sequences=[dict(input=row, taps=[-1, 0])])
        return inner.sum()

    y, _ = map(outer, sequences=[M])
    return Case([M], [y], [vec([[1.0, 4.0, 9.0, 16.0], [2.0, 3.0, 5.0, 8.0]])])


@case
def dtype_int32_sum():
    X = pt.imatrix("X")
    y, _ = map(lambda row: row.sum(), sequences=[X])
    return Case([X], [y], [np.arange(6, dtype="int32").reshape(2, 3)])


# ---------------------------------------------------------------------------
# mod, floor_divide, sign, clip (issue 8 item 8)
# ---------------------------------------------------------------------------


@case
def op_mod_int():
    a = pt.lvector("a")
    y, _ = map(lambda x: x % 3, sequences=[a])
    return Case([a], [y], [np.arange(-5, 6, dtype="int64")])


@case
def op_mod_float():
    a = pt.dvector("a")
    y, _ = map(lambda x: x % 1.5, sequences=[a])
    return Case([a], [y], [f64(8, -3.0, 0.75)])


@case
def op_floor_divide():
    a = pt.lvector("a")
    y, _ = map(lambda x: x // 3, sequences=[a])
    return Case([a], [y], [np.arange(-5, 6, dtype="int64")])


@case
def op_sign():
    a = pt.dvector("a")
    (y,), _ = scan(
        lambda x, acc: acc + pt.sign(x), sequences=[a], outputs_info=[pt.constant(np.float64(0.0))]
    )
    return Case([a], [y], [vec([-2.0, 0.0, 3.5, -0.5, 1.0])])


@case
def op_clip():
    a = pt.dvector("a")
    (y,), _ = scan(
        lambda x, acc: pt.clip(acc + x, -1.0, 2.0),
        sequences=[a],
        outputs_info=[pt.constant(np.float64(0.0))],
    )
    return Case([a], [y], [vec([1.5, 1.5, -4.0, 0.5, 0.25])])


# ---------------------------------------------------------------------------


def generate(name):
    """Builds, compiles and runs case `name`; writes data/<name>/."""
    c = CASES[name]()
    f = pytensor.function(c.inputs, c.outputs, updates=c.updates)
    results = [np.asarray(r) for r in f(*c.values)]
    results += [np.asarray(s.get_value()) for s in c.shared]
    directory = os.path.join(DATA, name)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for i, value in enumerate(c.values):
        np.save(os.path.join(directory, f"in{i}.npy"), np.asarray(value))
    for i, value in enumerate(results):
        np.save(os.path.join(directory, f"out{i}.npy"), value)
    print(f"{name}: " + ", ".join(f"{r.dtype}{list(r.shape)}" for r in results))


def main(names):
    if not names:
        shutil.rmtree(DATA, ignore_errors=True)
        names = list(CASES)
    for name in names:
        generate(name)
    print(f"{len(names)} cases")


if __name__ == "__main__":
    main(sys.argv[1:])
