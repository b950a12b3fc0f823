#!/usr/bin/env python3
"""W6 (BPTT of an RNN) as written with peer frameworks: JAX and PyTorch.

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

Timing: two warm-up calls (the first compiles, for JAX), then 5 repetitions
of k calls each (k chosen so a repetition takes about --target seconds, at
least 3); the reported time is the median repetition / k / T, in us per step.

Before timing, each peer's gradients are checked against a float64 NumPy
BPTT on the same inputs (printed as max |peer - ref| / max |ref|).

Run pinned to one core with one thread (see README.md):
  taskset -c 1 python bench/peers/w6_grad.py --peer jax
The thread-limiting environment variables are set below, before the
frameworks are imported, unless already set.

Nothing in the ScanJIT build or tests uses this script.
"""

import argparse
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


def reference_grads(inp, batched):
    """Hand-written BPTT in float64 NumPy: (dW, dU, db, dh0), as
    runBpttBaseline in ScanBench.cpp."""
    x = inp["x"].astype(np.float64)
    w = inp["w"].astype(np.float64)
    u = inp["u"].astype(np.float64)
    b = inp["b"].astype(np.float64)
    h0 = inp["h0"].astype(np.float64)
    steps = x.shape[0]
    hs = np.empty((steps,) + h0.shape)
    h = h0
    for t in range(steps):
        h = np.tanh(h @ w + x[t] @ u + b) if batched else np.tanh(w @ h + u @ x[t] + b)
        hs[t] = h
    dw, du, db = np.zeros_like(w), np.zeros_like(u), np.zeros_like(b)
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


def time_per_step(fn, steps, reps, target):
    """Median over `reps` repetitions of k calls, per call and per step, in
    microseconds."""
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    calls = max(3, math.ceil(target / max(once, 1e-9)))
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times) / steps * 1e6, calls


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

    return [("jax (jit value_and_grad, lax.scan)", run_gradient, run_forward, grads)]


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------

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

    hidden = w.shape[0]
    rnn = torch.nn.RNN(hidden, hidden, nonlinearity="tanh", bias=True,
                       batch_first=False)
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(w.T if batched else w)
        rnn.weight_ih_l0.copy_(u.T if batched else u)
        rnn.bias_ih_l0.copy_(b)
        rnn.bias_hh_l0.zero_()
    rnn.bias_hh_l0.requires_grad_(False)
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

    return [
        ("torch (autograd, Python loop)", loop_gradient, loop_forward, loop_grads),
        ("torch (nn.RNN)", rnn_gradient, rnn_forward, rnn_grads),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=("jax", "torch"), required=True)
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

    if args.peer == "torch":
        import torch
        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        version = f"torch {torch.__version__}, threads {torch.get_num_threads()}"
        variants = torch_variants
    else:
        import jax
        version = f"jax {jax.__version__}, jaxlib {jax.lib.__version__}, {jax.devices()}"
        variants = jax_variants
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
        for peer, gradient, forward, grads in variants(inp, batched):
            err = float("nan")
            if want is not None:
                err = max(rel_err(g, r) for g, r in zip(grads(), want))
            g_us, g_calls = time_per_step(gradient, steps, args.reps, args.target)
            f_us, f_calls = time_per_step(forward, steps, args.reps, args.target)
            rows.append((peer, name, g_us, f_us, g_us / f_us, err))
            print(f"# {peer} | {name} | grad {g_us:.2f} us/step ({g_calls} calls/rep)"
                  f" | fwd {f_us:.2f} us/step ({f_calls} calls/rep) | rel err {err:.1e}",
                  file=sys.stderr, flush=True)

    print("| peer | workload | gradient us/step | forward us/step | ratio | rel. err. vs f64 BPTT |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for peer, name, g_us, f_us, ratio, err in rows:
        print(f"| {peer} | {name} | {g_us:.2f} | {f_us:.2f} | {ratio:.2f} | {err:.1e} |")


if __name__ == "__main__":
    main()
