"""The Python module against independent references: NumPy computations and
plain Python loops written here."""
import inspect
import os

import numpy as np
import pytest

import scanjit
import scanjit.tensor as pt

THIS_FILE = os.path.basename(__file__)


def here():
    """The line of the caller, as errors name it ("test_api.py:42")."""
    return "%s:%d" % (THIS_FILE, inspect.currentframe().f_back.f_lineno)


# --- arrays in and out -------------------------------------------------------

def test_rnn_matches_a_numpy_loop():
    W = pt.matrix("W")
    U = pt.matrix("U")
    xs = pt.matrix("xs")
    h0 = pt.vector("h0")
    hs, _ = scanjit.scan(lambda x, h, W, U: pt.tanh(pt.dot(h, W) +
                                                    pt.dot(x, U)),
                         sequences=xs, outputs_info=h0,
                         non_sequences=[W, U])
    rnn = scanjit.function([xs, h0, W, U], hs)
    rng = np.random.default_rng(0)
    w, u = rng.standard_normal((4, 4)), rng.standard_normal((3, 4))
    x, start = rng.standard_normal((6, 3)), rng.standard_normal(4)
    expected, h = [], start
    for t in range(6):
        h = np.tanh(h @ w + x[t] @ u)
        expected.append(h)
    np.testing.assert_allclose(rnn(x, start, w, u), np.array(expected),
                               rtol=1e-12)


def test_results_are_numpy_arrays_that_own_their_memory_through_a_base():
    x = pt.vector("x")
    f = scanjit.function([x], x * 2)
    result = f(np.arange(4.0))
    assert isinstance(result, np.ndarray)
    assert result.dtype == np.float64
    assert not result.flags.owndata and result.base is not None
    np.testing.assert_array_equal(result, [0.0, 2.0, 4.0, 6.0])
    result[0] = 7.0  # writable, and independent of the next call's result
    np.testing.assert_array_equal(f(np.arange(4.0)), [0.0, 2.0, 4.0, 6.0])


def test_strided_and_misaligned_arguments():
    X = pt.matrix("X")
    f = scanjit.function([X], X.sum(axis=1))
    base = np.arange(24.0).reshape(4, 6)
    for view in (base[:, ::2], base.T, base[::-1]):
        np.testing.assert_array_equal(f(view), view.sum(axis=1))
    # Strides that are not multiples of the element size (20 and 12 bytes
    # over float64): the argument is copied.
    raw = np.zeros(64, dtype=np.uint8)
    for offset, value in ((0, 1.5), (12, 2.5), (20, 4.0), (32, 8.0)):
        raw[offset:offset + 8] = np.frombuffer(np.float64(value).tobytes(),
                                               dtype=np.uint8)
    odd = np.lib.stride_tricks.as_strided(raw.view(np.float64), shape=(2, 2),
                                          strides=(20, 12))
    np.testing.assert_array_equal(f(odd), [4.0, 12.0])


def test_dtypes_round_trip():
    for dtype in ("float32", "float64", "int32", "int64", "bool"):
        x = pt.vector("x", dtype=dtype)
        f = scanjit.function([x], x)
        value = np.array([1, 0, 1], dtype=dtype)
        result = f(value)
        assert result.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(result, value)


def test_argument_conversions_follow_pytensor():
    x = pt.vector("x")
    f = scanjit.function([x], x + 1)
    np.testing.assert_array_equal(f([1, 2]), [2.0, 3.0])  # a list of ints
    np.testing.assert_array_equal(f(np.array([1, 2], dtype=np.int64)),
                                  [2.0, 3.0])  # int64 -> float64 is safe
    y = pt.fvector("y")
    g = scanjit.function([y], y)
    with pytest.raises(scanjit.Error, match="argument 'y'.*float32.*float64"):
        g(np.array([0.1, 0.2]))
    g2 = scanjit.function([y], y, allow_input_downcast=True)
    assert g2(np.array([0.5])).dtype == np.float32
    with pytest.raises(scanjit.Error, match="'x': a float64 input cannot "
                       "take <U1 data$"):
        f(np.array(["a", "b"]))


def test_argument_shape_and_count_errors():
    A = pt.matrix("A")
    f = scanjit.function([A], A.sum())
    with pytest.raises(scanjit.Error):
        f(np.zeros(3))
    with pytest.raises(scanjit.Error):
        f(np.zeros((2, 2)), np.zeros((2, 2)))


# --- scan ------------------------------------------------------------------

def test_taps_follow_the_normative_rules():
    u = pt.vector("u")
    # Taps [-4, 0] over a length-9 u: step t reads u[t] and u[t + 4].
    out, _ = scanjit.scan(lambda a, b: a * 10 + b,
                          sequences=dict(input=u, taps=[-4, 0]))
    f = scanjit.function([u], out)
    values = np.arange(9.0)
    np.testing.assert_array_equal(
        f(values), [values[t] * 10 + values[t + 4] for t in range(5)])


def test_go_backwards_and_output_taps():
    u = pt.vector("u")
    x0 = pt.vector("x0")
    out, _ = scanjit.scan(lambda u_t, x_tm2, x_tm1: u_t + x_tm2 - x_tm1,
                          sequences=u,
                          outputs_info=dict(initial=x0, taps=[-2, -1]),
                          go_backwards=True)
    f = scanjit.function([u, x0], out)
    values = np.array([1.0, 2.0, 4.0, 8.0])
    history = [0.5, 0.25]
    for u_t in values[::-1]:
        history.append(u_t + history[-2] - history[-1])
    np.testing.assert_array_equal(f(values, [0.5, 0.25]), history[2:])


def test_reduce_foldl_foldr_map():
    v = pt.vector("v")
    total, _ = scanjit.reduce(lambda x, acc: acc + x, sequences=v,
                              outputs_info=pt.constant(0.0))
    left, _ = scanjit.foldl(lambda x, acc: acc * 2 + x, sequences=v,
                            outputs_info=pt.constant(0.0))
    right, _ = scanjit.foldr(lambda x, acc: acc * 2 + x, sequences=v,
                             outputs_info=pt.constant(0.0))
    squares, _ = scanjit.map(lambda x: x * x, sequences=v)
    f = scanjit.function([v], [total, left, right, squares])
    values = np.array([1.0, 2.0, 3.0])

    def fold(xs):
        acc = 0.0
        for x in xs:
            acc = acc * 2 + x
        return acc
    results = f(values)
    assert results[0] == 6.0
    assert results[1] == fold(values) == 11.0
    assert results[2] == fold(values[::-1]) == 17.0
    np.testing.assert_array_equal(results[3], values ** 2)


def test_until_stops_after_the_step_that_returns_true():
    limit = pt.scalar("limit")
    out, _ = scanjit.scan(lambda prev, limit: (prev * 3,
                                               scanjit.until(prev * 3 >
                                                             limit)),
                          outputs_info=pt.constant(1.0),
                          non_sequences=limit, n_steps=100)
    f = scanjit.function([limit], out)
    np.testing.assert_array_equal(f(50.0), [3.0, 9.0, 27.0, 81.0])


def test_several_outputs_and_updates():
    count = scanjit.shared(np.int64(0), "count")
    x = pt.vector("x")

    def step(x_t, s_tm1):
        return [s_tm1 + x_t, x_t * 2], {count: count + 1}
    (sums, doubles), updates = scanjit.scan(
        step, sequences=x, outputs_info=[pt.constant(0.0), None])
    f = scanjit.function([x], [sums, doubles], updates=updates)
    s, d = f(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(s, [1.0, 3.0, 6.0])
    np.testing.assert_array_equal(d, [2.0, 4.0, 6.0])
    assert count.get_value() == 3
    f(np.array([1.0]))
    assert count.get_value() == 4
    count.set_value(10)
    f(np.array([1.0, 1.0]))
    assert count.get_value() == 12


def test_grad_and_hessian():
    x = pt.vector("x")
    cost = (x ** 3).sum()
    g = scanjit.grad(cost, x)
    h = scanjit.hessian(cost, x)
    f = scanjit.function([x], [g, h])
    values = np.array([1.0, -2.0, 0.5])
    gradient, hessian = f(values)
    np.testing.assert_allclose(gradient, 3 * values ** 2)
    np.testing.assert_allclose(hessian, np.diag(6 * values))


def test_grad_through_scan_matches_a_hand_derivation():
    # cost = sum_t h_t with h_t = w * h_{t-1}, h_0 = 1: d/dw = sum_t t w^(t-1)
    w = pt.scalar("w")
    hs, _ = scanjit.scan(lambda h, w: h * w, outputs_info=pt.constant(1.0),
                         non_sequences=w, n_steps=4)
    f = scanjit.function([w], scanjit.grad(hs.sum(), w))
    assert f(0.5) == pytest.approx(sum(t * 0.5 ** (t - 1)
                                       for t in range(1, 5)))


def test_float32_config():
    scanjit.config.floatX = "float32"
    try:
        x = pt.vector("x")
        assert x.dtype == "float32"
        f = scanjit.function([x], x * 0.5)
        result = f(np.array([1.0, 3.0], dtype=np.float32))
        assert result.dtype == np.float32
        np.testing.assert_array_equal(result, [0.5, 1.5])
    finally:
        scanjit.config.floatX = "float64"


# --- errors ------------------------------------------------------------------

def test_an_error_names_the_scripts_line():
    u = pt.vector("u")
    with pytest.raises(scanjit.Error) as error:
        location = here(); scanjit.scan(lambda a, b: a + b, sequences=dict(input=u, taps=[-1, -1]))  # noqa: E501,E702
    assert str(error.value).startswith(location + ": scan"), str(error.value)


def test_a_python_exception_in_fn_propagates_and_tracing_goes_on():
    u = pt.vector("u")

    def broken(x):
        raise ValueError("broken step")
    with pytest.raises(ValueError, match="broken step"):
        scanjit.scan(broken, sequences=u)
    out, _ = scanjit.scan(lambda x: x + 1, sequences=u)
    np.testing.assert_array_equal(scanjit.function([u], out)([1.0]), [2.0])


def test_symbolic_values_have_no_truth_value_and_no_iteration():
    x = pt.scalar("x")
    with pytest.raises(scanjit.Error, match="truth value"):
        bool(x > 0)
    with pytest.raises(TypeError):
        list(pt.vector("v"))


def test_updates_must_be_shared_variables():
    x = pt.scalar("x")
    with pytest.raises(scanjit.Error, match="not a shared variable"):
        scanjit.function([x], x, updates={x: x + 1})


def test_unknown_dtype():
    with pytest.raises(scanjit.Error, match="unknown dtype"):
        pt.vector("v", dtype="float16")


# --- looking at graphs -------------------------------------------------------

def test_debugprint_and_to_dot():
    x = pt.vector("x")
    out, _ = scanjit.scan(lambda a: pt.tanh(a), sequences=x, name="squash")
    text = scanjit.debugprint(out, file="str")
    assert "scan" in text and "tanh" in text
    dot = scanjit.to_dot(scanjit.function([x], out))
    assert dot.startswith("digraph") and "cluster" in dot


# --- checkpoints -------------------------------------------------------------

def test_scan_checkpoints_gives_scans_outputs_and_gradients():
    X = pt.matrix("X")
    h0 = pt.matrix("h0")  # two past steps: taps [-2, -1]
    W = pt.matrix("W")

    def step(x, h_tm2, h_tm1, W):
        return pt.tanh(pt.dot(h_tm1, W) + x) + 0.5 * h_tm2

    def build(checkpointed):
        kwargs = dict(sequences=X,
                      outputs_info=dict(initial=h0, taps=[-2, -1]),
                      non_sequences=W)
        if checkpointed:
            hs, _ = scanjit.scan_checkpoints(step, save_every_N=3, **kwargs)
        else:
            hs, _ = scanjit.scan(step, **kwargs)
        cost = (hs ** 2).sum() + hs[-1].sum()
        return scanjit.function([X, h0, W],
                                [hs] + scanjit.grad(cost, [X, h0, W]))
    rng = np.random.default_rng(1)
    args = (rng.standard_normal((8, 2)), rng.standard_normal((2, 2)),
            rng.standard_normal((2, 2)))
    expected = build(False)(*args)
    actual = build(True)(*args)
    assert len(actual) == len(expected) == 4
    for got, want in zip(actual, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
