#!/usr/bin/env python3
"""W6 (BPTT of an RNN) as written with peer frameworks: JAX, PyTorch, PyTensor.

The same programs as W3/W4/W6 in bench/ScanBench.cpp, f32, one thread:

  batch 1 (W3): h_t = tanh(W h_{t-1} + U x_t + b), h_t and x_t vectors of
                size H, T = 10,000, H = 64 and 256
  batched (W4): H_t = tanh(H_{t-1} W + X_t U + b), H_t of shape [32, 512],
                T = 200, H = 512

loss = sum of every h_t; the gradient is d loss / d (W, U, b, h0), computed
from the inputs (so it includes the forward pass). The forward pass alone
(the history of h) is timed too, to give the gradient/forward ratio.

Peers:
  jax    jax.jit(jax.value_and_grad(loss)) over lax.scan; the forward is
         jax.jit of the same lax.scan returning the history.
  torch  "loop": autograd (torch.autograd.grad) through a Python loop of the
         same cell (torch.tanh(h @ W.T + x @ U.T + b) at batch 1,
         torch.tanh(h @ W + x @ U + b) batched); the forward is the same loop
         under torch.no_grad().
         "nn.RNN": torch.nn.RNN(H, H, nonlinearity="tanh", batch_first=False)
         with weight_hh = W (W^T batched), weight_ih = U (U^T batched),
         bias_ih = b, bias_hh = 0 (not differentiated).
         "torch.compile": torch.compile(fullgraph=True) of the RNN written
         with PyTorch's scan (torch._higher_order_ops.scan, a prototype), the
         gradient by torch.autograd.grad through it; the forward is the same
         compiled function under torch.no_grad(). (torch.compile of the
         Python loop unrolls it: 100 steps took 35 s to compile, 300 steps
         129 s, so T = 10,000 is out of reach.)
  pytensor  pytensor.scan of the same cell, pytensor.grad for the gradient,
         compiled by pytensor.function in mode "CVM" (the C backend: ops'
         C code, scan's C loop) and "NUMBA" (PyTensor 3's default).

Timing: two warm-up calls (the first compiles, for JAX), then 5 repetitions
of k calls each (k chosen so a repetition takes about --target seconds, at
least 3); the reported time is the median repetition / k / T, in us per step.

Before timing, each peer's gradients are checked against a float64 NumPy
BPTT on the same inputs (printed as max |peer - ref| / max |ref|).

bench/peers/peers.py imports the programs (*_variants) and the references
from here, for the table of scripts/bench.sh --peers.

Run pinned to one core with one thread (see README.md):
  taskset -c 1 python bench/peers/w6_grad.py --peer jax
The thread-limiting environment variables are set below, before the
frameworks are imported, unless already set.

Nothing in the ScanJIT build or tests uses this script.
"""

import argparse
import collections
import math
import os
import statistics
import sys
import time

os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

BATCH = 32

# One peer's RNN program: `column` names it in scripts/bench.sh --peers'
# table; gradient() and forward() make one call each (forward() returns the
# history of h); grads() returns dW, dU, db, dh0 as NumPy arrays.
Variant = collections.namedtuple(
    "Variant", "column description gradient forward grads")

WORKLOADS = {
    # name: (T, batch, H)
    "W3 RNN H=64": (10_000, 1, 64),
    "W3 RNN H=256": (10_000, 1, 256),
    "W4 RNN B=32 H=512": (200, BATCH, 512),
}


def make_inputs(steps, batch, hidden):
    """Inputs distributed as RnnInputs in bench/ScanBench.cpp (uniform in
    [-scale, scale]; not the same values: a different generator)."""
    rng = np.random.default_rng(0)

    def uniform(shape, scale):
        return rng.uniform(-scale, scale, shape).astype(np.float32)

    lead = (steps, hidden) if batch == 1 else (steps, batch, hidden)
    hshape = (hidden,) if batch == 1 else (batch, hidden)
    s = 1.0 / math.sqrt(hidden)
    return dict(x=uniform(lead, 1.0), h0=uniform(hshape, 1.0),
                w=uniform((hidden, hidden), s), u=uniform((hidden, hidden), s),
                b=uniform((hidden,), 0.1))


def reference_history(inp, batched):
    """The forward pass in float64 NumPy: every h_t, shape [T] + shape(h0)."""
    x = inp["x"].astype(np.float64)
    w = inp["w"].astype(np.float64)
    u = inp["u"].astype(np.float64)
    b = inp["b"].astype(np.float64)
    h = inp["h0"].astype(np.float64)
    hs = np.empty((x.shape[0],) + h.shape)
    for t in range(x.shape[0]):
        h = np.tanh(h @ w + x[t] @ u + b) if batched else np.tanh(w @ h + u @ x[t] + b)
        hs[t] = h
    return hs


def reference_grads(inp, batched, hs=None):
    """Hand-written BPTT in float64 NumPy: (dW, dU, db, dh0), as
    runBpttBaseline in ScanBench.cpp (`hs`: reference_history, if known)."""
    if hs is None:
        hs = reference_history(inp, batched)
    x = inp["x"].astype(np.float64)
    w = inp["w"].astype(np.float64)
    h0 = inp["h0"].astype(np.float64)
    steps = x.shape[0]
    dw, du = np.zeros_like(w), np.zeros_like(w)
    db = np.zeros(w.shape[0])
    pending = np.zeros_like(h0)
    for t in range(steps - 1, -1, -1):
        prior = hs[t - 1] if t else h0
        delta = (1.0 + pending) * (1.0 - hs[t] * hs[t])
        if batched:
            db += delta.sum(axis=0)
            dw += prior.T @ delta
            du += x[t].T @ delta
            pending = delta @ w.T
        else:
            db += delta
            dw += np.outer(delta, prior)
            du += np.outer(delta, x[t])
            pending = w.T @ delta
    return dw, du, db, pending


def rel_err(got, want):
    got = np.asarray(got, dtype=np.float64)
    return float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-30))


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(fn, reps, target, min_calls=3, long_call=1.0):
    """Seconds per call of fn (warm: fn has been called once): the median of
    `reps` repetitions of k calls, k such that a repetition lasts `target`
    seconds, at least `min_calls`; a call over `long_call` seconds is timed
    alone, 3 times. Returns (seconds, calls per repetition, repetitions)."""
    once = timed(fn)
    if once >= long_call:
        times = [once] + [timed(fn) for _ in range(2)]
        return statistics.median(times), 1, len(times)
    calls = max(min_calls, math.ceil(target / max(once, 1e-9)))
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times), calls, reps


def time_per_step(fn, steps, reps, target):
    """Median over `reps` repetitions of k calls, per call and per step, in
    microseconds."""
    fn()
    seconds, calls, _ = measure(fn, reps, target, long_call=float("inf"))
    return seconds / steps * 1e6, calls


# --------------------------------------------------------------------------
# JAX
# --------------------------------------------------------------------------

def jax_variants(inp, batched):
    import jax
    import jax.numpy as jnp
    from jax import lax

    def history(w, u, b, h0, x):
        def cell(h, xt):
            if batched:
                h = jnp.tanh(h @ w + xt @ u + b)
            else:
                h = jnp.tanh(w @ h + u @ xt + b)
            return h, h
        return lax.scan(cell, h0, x)[1]

    def loss(w, u, b, h0, x):
        return jnp.sum(history(w, u, b, h0, x))

    forward = jax.jit(history)
    gradient = jax.jit(jax.value_and_grad(loss, argnums=(0, 1, 2, 3)))
    args = [jax.device_put(inp[k]) for k in ("w", "u", "b", "h0", "x")]

    def run_forward():
        return jax.block_until_ready(forward(*args))

    def run_gradient():
        return jax.block_until_ready(gradient(*args))

    def grads():
        _, g = run_gradient()
        return [np.asarray(a) for a in g]

    return [Variant("JAX", "jax (jit value_and_grad, lax.scan)", run_gradient,
                    run_forward, grads)]


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------

def torch_rnn_module(w, u, b, batched):
    """torch.nn.RNN computing the cell with weights W, U and bias b (tensors
    of inp): weight_hh = W, weight_ih = U (transposed batched), bias_ih = b,
    bias_hh = 0 and not differentiated."""
    import torch

    hidden = w.shape[0]
    rnn = torch.nn.RNN(hidden, hidden, nonlinearity="tanh", bias=True,
                       batch_first=False)
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(w.T if batched else w)
        rnn.weight_ih_l0.copy_(u.T if batched else u)
        rnn.bias_ih_l0.copy_(b)
        rnn.bias_hh_l0.zero_()
    rnn.bias_hh_l0.requires_grad_(False)
    return rnn


def torch_scan_history(batched):
    """The RNN as PyTorch's scan (a prototype, torch._higher_order_ops.scan),
    (w, u, b, h0, x) -> the history of h, for torch.compile."""
    import torch
    from torch._higher_order_ops.scan import scan

    def history(w, u, b, h0, x):
        def step(h, xt):
            if batched:
                h = torch.tanh(h @ w + xt @ u + b)
            else:
                h = torch.tanh(w @ h + u @ xt + b)
            # Fresh tensors for the carry and the output: the compiled
            # gradient rejects a step whose outputs alias one another ("scan
            # might be aliasing the input or the output").
            return h.clone(), h.clone()
        return scan(step, h0, x)[1]
    return history


def torch_variants(inp, batched):
    import torch

    w = torch.from_numpy(inp["w"]).requires_grad_()
    u = torch.from_numpy(inp["u"]).requires_grad_()
    b = torch.from_numpy(inp["b"]).requires_grad_()
    h0 = torch.from_numpy(inp["h0"]).requires_grad_()
    x = torch.from_numpy(inp["x"])
    steps = x.shape[0]

    if batched:
        def cell(h, xt):
            return torch.tanh(h @ w + xt @ u + b)
    else:
        def cell(h, xt):
            return torch.tanh(h @ w.T + xt @ u.T + b)

    def loop_forward():
        with torch.no_grad():
            out = torch.empty((steps,) + tuple(h0.shape))
            h = h0
            for t in range(steps):
                h = cell(h, x[t])
                out[t] = h
            return out

    def loop_gradient():
        h = h0
        hs = []
        for t in range(steps):
            h = cell(h, x[t])
            hs.append(h)
        loss = torch.stack(hs).sum()
        return torch.autograd.grad(loss, (w, u, b, h0))

    def loop_grads():
        return [g.numpy() for g in loop_gradient()]

    rnn = torch_rnn_module(w, u, b, batched)
    # nn.RNN wants (T, N, H) and h0 of (layers, N, H); batch 1 as N = 1.
    rx = x if batched else x.unsqueeze(1)
    rh0 = (h0.detach() if batched else h0.detach().unsqueeze(0)).unsqueeze(0)
    rh0.requires_grad_()
    params = (rnn.weight_hh_l0, rnn.weight_ih_l0, rnn.bias_ih_l0, rh0)

    def rnn_forward():
        with torch.no_grad():
            return rnn(rx, rh0)[0]

    def rnn_gradient():
        out = rnn(rx, rh0)[0]
        return torch.autograd.grad(out.sum(), params)

    def rnn_grads():
        dwhh, dwih, db, dh0 = (g.numpy() for g in rnn_gradient())
        if batched:
            return [dwhh.T, dwih.T, db, dh0[0]]
        return [dwhh, dwih, db, dh0[0, 0]]

    compiled = torch.compile(torch_scan_history(batched), fullgraph=True,
                             dynamic=False)

    def compiled_forward():
        with torch.no_grad():
            return compiled(w, u, b, h0, x)

    def compiled_gradient():
        return torch.autograd.grad(compiled(w, u, b, h0, x).sum(), (w, u, b, h0))

    def compiled_grads():
        return [g.numpy() for g in compiled_gradient()]

    return [
        Variant("PyTorch loop", "torch (autograd, Python loop)", loop_gradient,
                loop_forward, loop_grads),
        Variant("PyTorch nn.RNN", "torch (nn.RNN)", rnn_gradient, rnn_forward,
                rnn_grads),
        Variant("torch.compile", "torch (torch.compile of its prototype scan)",
                compiled_gradient, compiled_forward, compiled_grads),
    ]


# --------------------------------------------------------------------------
# PyTensor
# --------------------------------------------------------------------------

# PyTensor's compilation modes: the C backend and numba.
PYTENSOR_MODES = (("PyTensor C", "CVM"), ("PyTensor numba", "NUMBA"))


def compiled_on_first_call(make):
    """A callable that builds its function with make() on its first call
    (so that compiling is a warm-up call, as for JAX and torch.compile)."""
    compiled = []

    def call(*args):
        if not compiled:
            compiled.append(make())
        return compiled[0](*args)
    return call


def pytensor_rnn(batched):
    """The RNN as pytensor.scan: (inputs [X, h0, W, U, b], the history of h)."""
    import pytensor
    import pytensor.tensor as pt

    X = pt.tensor("X", dtype="float32", shape=(None,) * (3 if batched else 2))
    h0 = pt.tensor("h0", dtype="float32", shape=(None,) * (2 if batched else 1))
    W = pt.matrix("W", dtype="float32")
    U = pt.matrix("U", dtype="float32")
    b = pt.vector("b", dtype="float32")

    def cell(x, h, w, u, bias):
        if batched:
            return pt.tanh(h.dot(w) + x.dot(u) + bias)
        return pt.tanh(w.dot(h) + u.dot(x) + bias)

    hs = pytensor.scan(cell, sequences=[X], outputs_info=[h0],
                       non_sequences=[W, U, b], return_updates=False)
    return [X, h0, W, U, b], hs


def pytensor_variants(inp, batched):
    import pytensor

    inputs, hs = pytensor_rnn(batched)
    wrt = [inputs[2], inputs[3], inputs[4], inputs[1]]  # W, U, b, h0
    grads = pytensor.grad(hs.sum(), wrt)
    args = [inp[k] for k in ("x", "h0", "w", "u", "b")]
    variants = []
    for column, mode in PYTENSOR_MODES:
        forward = compiled_on_first_call(
            lambda mode=mode: pytensor.function(inputs, hs, mode=mode))
        gradient = compiled_on_first_call(
            lambda mode=mode: pytensor.function(inputs, grads, mode=mode))
        variants.append(Variant(
            column, f"pytensor (scan, grad; mode {mode})",
            lambda gradient=gradient: gradient(*args),
            lambda forward=forward: forward(*args),
            lambda gradient=gradient: gradient(*args)))
    return variants


VARIANTS = {"jax": jax_variants, "torch": torch_variants,
            "pytensor": pytensor_variants}


def peer_versions(peer):
    """The versions of `peer`'s framework (imported here; torch is limited
    to one thread), as text."""
    if peer == "torch":
        import torch
        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        return f"torch {torch.__version__}, threads {torch.get_num_threads()}"
    if peer == "jax":
        import jax
        return f"jax {jax.__version__}, jaxlib {jax.lib.__version__}, {jax.devices()}"
    import numba
    import pytensor
    return (f"pytensor {pytensor.__version__}, numba {numba.__version__}, "
            f"blas {pytensor.config.blas__ldflags!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=list(VARIANTS), required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.5,
                        help="seconds per repetition (calls >= 3)")
    parser.add_argument("--workload", action="append", choices=list(WORKLOADS),
                        help="restrict to these workloads (repeatable)")
    parser.add_argument("--steps", type=int,
                        help="override T for every workload (quick checks only)")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the NumPy BPTT check of the gradients")
    args = parser.parse_args()

    version = peer_versions(args.peer)
    affinity = sorted(os.sched_getaffinity(0))
    print(f"# {version}; numpy {np.__version__}; python {sys.version.split()[0]}; "
          f"cpus {affinity}; XLA_FLAGS={os.environ.get('XLA_FLAGS')!r}",
          file=sys.stderr)

    rows = []
    for name in args.workload or list(WORKLOADS):
        steps, batch, hidden = WORKLOADS[name]
        steps = args.steps or steps
        batched = batch > 1
        inp = make_inputs(steps, batch, hidden)
        want = None if args.no_check else reference_grads(inp, batched)
        for v in VARIANTS[args.peer](inp, batched):
            try:
                err = float("nan")
                if want is not None:
                    err = max(rel_err(g, r) for g, r in zip(v.grads(), want))
                g_us, g_calls = time_per_step(v.gradient, steps, args.reps, args.target)
                f_us, f_calls = time_per_step(v.forward, steps, args.reps, args.target)
            except Exception as error:  # a peer that fails is reported, not fatal
                print(f"# {v.description} | {name} | failed: {type(error).__name__}: "
                      f"{str(error).splitlines()[0] if str(error) else ''}",
                      file=sys.stderr, flush=True)
                continue
            rows.append((v.description, name, g_us, f_us, g_us / f_us, err))
            print(f"# {v.description} | {name} | grad {g_us:.2f} us/step ({g_calls} calls/rep)"
                  f" | fwd {f_us:.2f} us/step ({f_calls} calls/rep) | rel err {err:.1e}",
                  file=sys.stderr, flush=True)

    print("| peer | workload | gradient us/step | forward us/step | ratio | rel. err. vs f64 BPTT |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for peer, name, g_us, f_us, ratio, err in rows:
        print(f"| {peer} | {name} | {g_us:.2f} | {f_us:.2f} | {ratio:.2f} | {err:.1e} |")


if __name__ == "__main__":
    main()
