#!/usr/bin/env python3
"""The workloads of bench/ScanBench.cpp written with one peer framework, timed
on one thread, checked against NumPy, and written out as JSON.

Workloads (the keys are ScanBench's benchmark names without their suffixes):

  W1           cumulative sum of 1e7 f64 values (0.5 each), full history
  W2/100000    A**k elementwise, |A| = 10 (f64, 1.0000001 each), k steps of
  W2/10000000    p = p * A from p = 1, only the last p used
  W3/64        RNN h_t = tanh(W h_{t-1} + U x_t + b), batch 1, T = 1e4, f32,
  W3/256         the history of h (the programs of w6_grad.py)
  W4/512       H_t = tanh(H_{t-1} W + X_t U + b), batch 32, H = 512, T = 200
  W5           one call of a compiled 10-step cumulative sum of f64[10]
               (1, 2, ..., 10): the call overhead
  W6/64        the BPTT gradient of sum(h) with respect to W, U, b and h0 for
  W6/256         W3 and W4 (w6_grad.py: its programs and its f64 reference)
  W6/512
  W8           from building the W3 graph at H = 64 to its first result

Peers (--peer) and the variants each one runs (the table's columns):

  jax       "JAX": jax.jit of lax.scan (lax.scan with a static length for
            W2); f64 enabled (jax_enable_x64) for W1, W2 and W5.
  torch     "PyTorch loop": a Python loop of eager torch ops (autograd
            through it for W6); "PyTorch nn.RNN" for W3, W4, W6 and W8;
            "torch.compile": torch.compile(fullgraph=True) of the program
            written with PyTorch's prototype scan
            (torch._higher_order_ops.scan), since torch.compile of the
            Python loop unrolls it (a 300-step RNN took 129 s to compile).
  pytensor  "PyTensor C" (mode "CVM": ops' C code and scan's C loop) and
            "PyTensor numba" (mode "NUMBA", PyTensor 3's default): the
            program as pytensor.scan, compiled by pytensor.function.

Every variant's result is checked before it is timed: max |peer - ref| /
max |ref| against NumPy (f64 cumulative sum and powers; the f64 RNN and BPTT
of w6_grad.py), at most 1e-8 for f64 programs and 1e-3 for f32 ones; a
variant that fails or errs is recorded as "n/a" with the reason.

Timing: one warm-up call (it compiles), then one call to calibrate; then
--reps repetitions of k calls, k such that a repetition lasts --target
seconds (at least 3 calls), and the median repetition / k is the time per
call. A call that takes more than a second is timed alone, 3 times (the
calibration call is the first). W1 and W2 with k = 1e7 are first run with
1/100 of their steps: a variant whose full call would take more than
--max-call-seconds is measured at that size and its time scaled by 100
(marked "extrapolated"; the loops' cost per step is constant).

W8, per repetition: build the program anew and run it once, all timed (one
warm-up build first, so that a framework's process set-up is not counted).
JAX: jax.clear_caches() and a new Python function, then jit, trace, compile
and call. PyTorch: a new nn.RNN and its first call (no compile); the loop's
first call; torch.compile after torch._dynamo.reset() (Inductor's on-disk
cache stays warm, as in any session after the first). PyTensor: the graph,
pytensor.function and the first call (its on-disk caches of compiled C
modules and numba functions stay warm likewise).

One thread: XLA_FLAGS and OMP/MKL/OPENBLAS_NUM_THREADS are set below before
any framework is imported (unless already set), torch.set_num_threads(1);
run the process pinned (scripts/bench.sh --peers and run.sh use taskset).

  taskset -c 1 python bench/peers/peers.py --peer jax --json jax.json

Nothing in the ScanJIT build or tests uses this script.
"""

import argparse
import collections
import datetime
import json
import math
import os
import platform
import signal
import statistics
import sys
import time

os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import w6_grad  # noqa: E402  (this directory: the RNN programs and references)

# key: (label, steps, batch, hidden). Batch and hidden are the RNNs'.
WORKLOADS = {
    "W1": ("W1 cumsum 1e7 f64", 10_000_000, None, None),
    "W2/100000": ("W2 A**k k=1e5", 100_000, None, None),
    "W2/10000000": ("W2 A**k k=1e7", 10_000_000, None, None),
    "W3/64": ("W3 RNN H=64", 10_000, 1, 64),
    "W3/256": ("W3 RNN H=256", 10_000, 1, 256),
    "W4/512": ("W4 RNN B=32 H=512", 200, w6_grad.BATCH, 512),
    "W5": ("W5 10-step call", 10, None, None),
    "W6/64": ("W6 BPTT, W3 RNN H=64", 10_000, 1, 64),
    "W6/256": ("W6 BPTT, W3 RNN H=256", 10_000, 1, 256),
    "W6/512": ("W6 BPTT, W4 RNN B=32 H=512", 200, w6_grad.BATCH, 512),
    "W8": ("W8 W3 H=64, graph to first result", 10_000, 1, 64),
}

# The RNN shapes: (forward workload, gradient workload).
RNN_SHAPES = (("W3/64", "W6/64"), ("W3/256", "W6/256"), ("W4/512", "W6/512"))

# The value of A's elements in W2, as ScanBench's.
POWER_BASE = 1.0000001

# One program of a peer: `run()` makes one call and returns its result (to
# be checked).
Case = collections.namedtuple("Case", "column description run")


def to_numpy(result):
    """A peer's result (NumPy, JAX or torch arrays, or lists of them) as
    NumPy arrays."""
    if isinstance(result, (list, tuple)):
        return [to_numpy(r) for r in result]
    if hasattr(result, "detach"):
        return result.detach().numpy()
    return np.asarray(result)


def rel_err(got, want):
    """max |got - want| / max |want| (over every array of a list)."""
    if isinstance(want, (list, tuple)):
        return max(rel_err(g, w) for g, w in zip(got, want))
    got = np.asarray(got, dtype=np.float64)
    if got.size != want.size:
        return math.inf
    got = got.reshape(want.shape)
    return float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-30))


# --------------------------------------------------------------------------
# JAX
# --------------------------------------------------------------------------

class JaxPrograms:
    """W1, W2, W5 and W8 with jax.jit of lax.scan (W3, W4 and W6:
    w6_grad.jax_variants)."""

    def __init__(self):
        import jax
        jax.config.update("jax_enable_x64", True)
        self.jax = jax

    def cumsum(self, x):
        import jax.numpy as jnp
        from jax import lax
        jax = self.jax

        @jax.jit
        def cumsum(x):
            def step(acc, xt):
                acc = acc + xt
                return acc, acc
            return lax.scan(step, jnp.zeros((), x.dtype), x)[1]

        xs = jax.device_put(x)
        return [Case("JAX", "jax.jit(lax.scan)",
                     lambda: jax.block_until_ready(cumsum(xs)))]

    def power(self, a, k):
        import functools
        import jax.numpy as jnp
        from jax import lax
        jax = self.jax

        @functools.partial(jax.jit, static_argnums=1)
        def power(a, k):
            def step(p, _):
                return p * a, None
            return lax.scan(step, jnp.ones_like(a), None, length=k)[0]

        arg = jax.device_put(a)
        return [Case("JAX", "jax.jit(lax.scan), k static",
                     lambda: jax.block_until_ready(power(arg, k)))]

    def first_result(self, inp):
        jax = self.jax
        args = [inp[k] for k in ("w", "u", "b", "h0", "x")]

        def run():
            # A new function and no cached traces or executables: jit traces
            # and compiles anew.
            jax.clear_caches()
            return jax.block_until_ready(jax_history_function()(*args))

        return [Case("JAX", "jax.jit(lax.scan): trace, compile, first call", run)]


def jax_history_function():
    """A new jax.jit of the W3 RNN (batch 1) as lax.scan: (w, u, b, h0, x) ->
    the history of h."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    def history(w, u, b, h0, x):
        def cell(h, xt):
            h = jnp.tanh(w @ h + u @ xt + b)
            return h, h
        return lax.scan(cell, h0, x)[1]
    return jax.jit(history)


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------

class TorchPrograms:
    """W1, W2, W5 and W8 with PyTorch: a Python loop and torch.compile of
    PyTorch's scan (W3, W4 and W6: w6_grad.torch_variants)."""

    def __init__(self):
        import torch
        torch.set_num_threads(1)  # and one inter-op thread: peer_versions
        self.torch = torch

    def _compiled(self, fn):
        return self.torch.compile(fn, fullgraph=True, dynamic=False)

    def cumsum(self, x):
        torch = self.torch
        from torch._higher_order_ops.scan import scan
        xs = torch.from_numpy(x)

        def loop():
            out = torch.empty_like(xs)
            acc = torch.zeros((), dtype=xs.dtype)
            for t in range(xs.shape[0]):
                acc = acc + xs[t]
                out[t] = acc
            return out

        def scanned(x):
            def step(acc, xt):
                acc = acc + xt
                return acc.clone(), acc.clone()
            return scan(step, torch.zeros((), dtype=x.dtype), x)[1]

        compiled = self._compiled(scanned)
        return [Case("PyTorch loop", "Python loop of torch ops", loop),
                Case("torch.compile", "torch.compile of torch's scan",
                     lambda: compiled(xs))]

    def power(self, a, k):
        torch = self.torch
        from torch._higher_order_ops.scan import scan
        base = torch.from_numpy(a)

        def loop():
            p = torch.ones_like(base)
            for _ in range(k):
                p = p * base
            return p

        # torch.compile of a scan without sequences (length=k) fails in
        # Inductor ("'NoneType' object has no attribute 'size'"); a sequence
        # of k empty rows drives it instead.
        counter = torch.empty((k, 0), dtype=base.dtype)

        def scanned(a, counter):
            def step(p, _):
                return p * a, torch.empty(0, dtype=a.dtype)
            return scan(step, torch.ones_like(a), counter)[0]

        compiled = self._compiled(scanned)
        return [Case("PyTorch loop", "Python loop of torch ops", loop),
                Case("torch.compile", "torch.compile of torch's scan over k "
                     "empty rows", lambda: compiled(base, counter))]

    def first_result(self, inp):
        torch = self.torch
        w, u, b, h0, x = (torch.from_numpy(inp[k])
                          for k in ("w", "u", "b", "h0", "x"))

        def rnn_module():
            with torch.no_grad():
                rnn = w6_grad.torch_rnn_module(w, u, b, batched=False)
                return rnn(x.unsqueeze(1), h0.reshape(1, 1, -1))[0]

        def loop():
            with torch.no_grad():
                out = torch.empty((x.shape[0],) + tuple(h0.shape))
                h = h0
                for t in range(x.shape[0]):
                    h = torch.tanh(h @ w.T + x[t] @ u.T + b)
                    out[t] = h
                return out

        def compiled():
            torch._dynamo.reset()
            fn = self._compiled(w6_grad.torch_scan_history(batched=False))
            with torch.no_grad():
                return fn(w, u, b, h0, x)

        return [Case("PyTorch loop", "the loop's first call", loop),
                Case("PyTorch nn.RNN", "new nn.RNN, first call (no compile)",
                     rnn_module),
                Case("torch.compile", "torch._dynamo.reset(), torch.compile, "
                     "first call", compiled)]


# --------------------------------------------------------------------------
# PyTensor
# --------------------------------------------------------------------------

class PyTensorPrograms:
    """W1, W2, W5 and W8 with pytensor.scan in the C and numba modes (W3, W4
    and W6: w6_grad.pytensor_variants)."""

    def __init__(self):
        import pytensor
        import pytensor.tensor as pt
        self.pytensor, self.pt = pytensor, pt

    def _cases(self, inputs, outputs, args, what):
        cases = []
        for column, mode in w6_grad.PYTENSOR_MODES:
            fn = w6_grad.compiled_on_first_call(
                lambda mode=mode: self.pytensor.function(inputs, outputs,
                                                         mode=mode))
            cases.append(Case(column, f"{what}, mode {mode}",
                              lambda fn=fn: fn(*args)))
        return cases

    def cumsum(self, x):
        pytensor, pt = self.pytensor, self.pt
        # W5's argument has a static shape (f64[10]), W1's a dynamic one, as
        # in ScanBench's programs.
        shape = (x.shape[0],) if x.shape[0] == 10 else (None,)
        xs = pt.tensor("x", dtype="float64", shape=shape)
        out = pytensor.scan(lambda xt, acc: acc + xt, sequences=[xs],
                            outputs_info=[pt.constant(np.float64(0.0))],
                            return_updates=False)
        return self._cases([xs], out, [x], "pytensor.scan")

    def power(self, a, k):
        pytensor, pt = self.pytensor, self.pt
        A = pt.tensor("A", dtype="float64", shape=(10,))
        steps = pt.scalar("k", dtype="int64")
        out = pytensor.scan(lambda p, a: p * a, outputs_info=[pt.ones_like(A)],
                            non_sequences=[A], n_steps=steps,
                            return_updates=False)
        return self._cases([A, steps], out[-1], [a, np.int64(k)],
                           "pytensor.scan, last step")

    def first_result(self, inp):
        pytensor = self.pytensor
        args = [inp[k] for k in ("x", "h0", "w", "u", "b")]
        cases = []
        for column, mode in w6_grad.PYTENSOR_MODES:
            def run(mode=mode):
                inputs, hs = w6_grad.pytensor_rnn(batched=False)
                return pytensor.function(inputs, hs, mode=mode)(*args)
            cases.append(Case(column, f"graph, pytensor.function, first call; "
                              f"mode {mode}", run))
        return cases


PROGRAMS = {"jax": JaxPrograms, "torch": TorchPrograms,
            "pytensor": PyTensorPrograms}


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

class CallTimeout(Exception):
    """A call (typically a compile) ran past --call-timeout."""


def _on_alarm(signum, frame):
    raise CallTimeout()


def call_with_timeout(fn, seconds):
    """fn(), interrupted with CallTimeout after `seconds` (0: no limit; the
    interrupt waits for the interpreter, so native code can overrun)."""
    if seconds <= 0:
        return fn()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(int(math.ceil(seconds)))
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)




# --------------------------------------------------------------------------
# The driver
# --------------------------------------------------------------------------

class Runner:
    """Checks and times cases, collecting the JSON rows."""

    def __init__(self, args):
        self.args = args
        self.rows = []

    def wanted(self, column):
        return not self.args.variant or column in self.args.variant

    def record(self, key, case, **fields):
        row = {"workload": key, "label": WORKLOADS[key][0],
               "column": case.column, "description": case.description}
        row.update(fields)
        self.rows.append(row)
        if row["status"] == "ok":
            note = (f"{row['seconds'] * 1e3:.4g} ms per call ({row['calls']} calls x "
                    f"{row['reps']} reps), rel err {row['rel_err']:.1e}")
            if row.get("measured_steps", row.get("steps")) != row.get("steps"):
                note += f", extrapolated from {row['measured_steps']} steps"
        else:
            note = f"n/a: {row['reason']}"
        print(f"# {case.column} | {key} | {note}", file=sys.stderr, flush=True)

    def failed(self, key, case, reason):
        self.record(key, case, status="n/a", reason=reason)

    def check_and_time(self, key, case, want, tol, steps, *, scale=1,
                       measured_steps=None, min_calls=3, target=None, warm=False,
                       **extra):
        """Checks case's result against `want` (its first call, which also
        warms it up unless `warm`), times it and records a row (seconds
        multiplied by `scale`; `extra` fields added)."""
        args = self.args
        try:
            if not warm:
                got = call_with_timeout(case.run, args.call_timeout)
            else:
                got = case.run()
            err = rel_err(to_numpy(got), want) if want is not None else float("nan")
            if not err <= tol and want is not None:
                self.failed(key, case, f"wrong result: rel. err. {err:.1e} > {tol:g}")
                return None
            seconds, calls, reps = w6_grad.measure(
                case.run, args.reps, args.target if target is None else target,
                min_calls=min_calls)
        except CallTimeout:
            self.failed(key, case, f"the first call (compile) took over "
                        f"{args.call_timeout:g} s")
            return None
        except Exception as error:  # a failing peer is reported, not fatal
            self.failed(key, case, describe(error))
            return None
        self.record(key, case, status="ok", seconds=seconds * scale,
                    steps=steps, measured_steps=measured_steps or steps,
                    calls=calls, reps=reps, rel_err=err, **extra)
        return seconds * scale

    def scalable(self, key, steps, make_cases, reference, tol):
        """W1 and W2 (k = 1e7): make_cases(steps) -> cases. Probes each case
        at steps/100 when steps >= 1e6 and extrapolates the slow ones."""
        args = self.args
        probe_steps = steps // 100 if steps >= 1_000_000 and args.max_call_seconds > 0 else None
        full = {c.column: c for c in make_cases(steps) if self.wanted(c.column)}
        probes = ({c.column: c for c in make_cases(probe_steps)}
                  if probe_steps else {})
        for column, case in full.items():
            probe = probes.get(column)
            if probe is not None:
                try:
                    call_with_timeout(probe.run, args.call_timeout)
                    estimate = w6_grad.timed(probe.run) * 100
                except CallTimeout:
                    self.failed(key, case, f"the first call (compile) took over "
                                f"{args.call_timeout:g} s")
                    continue
                except Exception as error:
                    self.failed(key, case, describe(error))
                    continue
                if estimate > args.max_call_seconds:
                    self.check_and_time(key, probe, reference(probe_steps), tol,
                                        steps, scale=100,
                                        measured_steps=probe_steps, warm=True,
                                        estimate=estimate)
                    continue
            self.check_and_time(key, case, reference(steps), tol, steps)

    def run_all(self, programs, peer):
        args = self.args
        selected = [k for k in WORKLOADS
                    if not args.workload or any(k.startswith(w) for w in args.workload)]

        def steps_of(key):
            steps = WORKLOADS[key][1]
            return min(steps, args.steps) if args.steps and key != "W5" else steps

        if "W1" in selected:
            steps = steps_of("W1")
            self.scalable(
                "W1", steps,
                lambda n: programs.cumsum(np.full(n, 0.5)),
                lambda n: np.cumsum(np.full(n, 0.5)), 1e-8)
        a = np.full(10, POWER_BASE)
        for key in ("W2/100000", "W2/10000000"):
            if key in selected:
                self.scalable(key, steps_of(key),
                              lambda n: programs.power(a, n),
                              lambda n: np.full(10, POWER_BASE) ** n, 1e-8)
        if "W5" in selected:
            x = np.arange(1.0, 11.0)
            for case in programs.cumsum(x):
                if self.wanted(case.column):
                    self.check_and_time("W5", case, np.cumsum(x), 1e-8, 10)
        self.rnns(peer, selected, steps_of)
        if "W8" in selected:
            steps = steps_of("W8")
            inp = w6_grad.make_inputs(steps, 1, 64)
            want = w6_grad.reference_history(inp, batched=False)
            for case in programs.first_result(inp):
                if self.wanted(case.column):
                    self.check_and_time("W8", case, want, 1e-3, steps,
                                        min_calls=1, target=0)

    def rnns(self, peer, selected, steps_of):
        """W3, W4 (forward) and W6 (gradient) with w6_grad's programs."""
        for forward_key, gradient_key in RNN_SHAPES:
            do_forward = forward_key in selected
            do_gradient = gradient_key in selected
            if not (do_forward or do_gradient):
                continue
            _, _, batch, hidden = WORKLOADS[forward_key]
            steps = steps_of(forward_key)
            batched = batch > 1
            inp = w6_grad.make_inputs(steps, batch, hidden)
            history = w6_grad.reference_history(inp, batched)
            grads = (w6_grad.reference_grads(inp, batched, history)
                     if do_gradient else None)
            for v in w6_grad.VARIANTS[peer](inp, batched):
                if not self.wanted(v.column):
                    continue
                if do_forward:
                    self.check_and_time(
                        forward_key, Case(v.column, v.description, v.forward),
                        history, 1e-3, steps)
                if do_gradient:
                    self.check_gradient(gradient_key, v, grads, steps)

    def check_gradient(self, key, v, want, steps):
        """W6: checks v.grads() against the f64 BPTT, then times v.gradient."""
        case = Case(v.column, v.description, v.gradient)
        try:
            got = call_with_timeout(v.grads, self.args.call_timeout)
            err = rel_err(got, list(want))
        except CallTimeout:
            self.failed(key, case, f"the first call (compile) took over "
                        f"{self.args.call_timeout:g} s")
            return
        except Exception as error:
            self.failed(key, case, describe(error))
            return
        if not err <= 1e-3:
            self.failed(key, case, f"wrong gradients: rel. err. {err:.1e} > 0.001")
            return
        try:
            v.gradient()  # the warm-up of the timed program
            seconds, calls, reps = w6_grad.measure(v.gradient, self.args.reps, self.args.target)
        except Exception as error:
            self.failed(key, case, describe(error))
            return
        self.record(key, case, status="ok", seconds=seconds, steps=steps,
                    measured_steps=steps, calls=calls, reps=reps, rel_err=err)


def describe(error):
    """An exception as one line: its type and the first line of its text."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200]}" if text else type(error).__name__


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=list(PROGRAMS), required=True)
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--workload", action="append",
                        help="run the workloads whose key starts with this "
                        "(W1, W2, W3/64, W6 ...; repeatable)")
    parser.add_argument("--variant", action="append",
                        help="run only this column (\"JAX\", \"PyTorch loop\", "
                        "\"PyTorch nn.RNN\", \"torch.compile\", \"PyTensor C\", "
                        "\"PyTensor numba\"; repeatable)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.5,
                        help="seconds per repetition (calls >= 3)")
    parser.add_argument("--steps", type=int,
                        help="at most this many steps in every workload but W5 "
                        "(quick checks only: the times are then not comparable)")
    parser.add_argument("--max-call-seconds", type=float, default=10,
                        help="extrapolate W1/W2 variants whose call would take "
                        "longer (0: always run the full workloads)")
    parser.add_argument("--call-timeout", type=float, default=300,
                        help="give up on a variant whose first call (compile) "
                        "takes longer (0: no limit)")
    args = parser.parse_args()

    versions = w6_grad.peer_versions(args.peer)
    programs = PROGRAMS[args.peer]()
    meta = {
        "peer": args.peer, "versions": versions, "numpy": np.__version__,
        "python": sys.version.split()[0], "machine": platform.machine(),
        "cpus": sorted(os.sched_getaffinity(0)),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "env": {k: os.environ.get(k) for k in ("XLA_FLAGS", "OMP_NUM_THREADS",
                                               "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "options": {"reps": args.reps, "target": args.target, "steps": args.steps,
                    "max_call_seconds": args.max_call_seconds},
    }
    print(f"# {versions}; numpy {np.__version__}; python {meta['python']}; "
          f"cpus {meta['cpus']}; XLA_FLAGS={meta['env']['XLA_FLAGS']!r}",
          file=sys.stderr, flush=True)

    runner = Runner(args)
    runner.run_all(programs, args.peer)

    if args.json:
        with open(args.json, "w") as out:
            json.dump({"context": meta, "results": runner.rows}, out, indent=1)
    print(f"| workload | {args.peer} variant | time per call | rel. err. |")
    print("| --- | --- | ---: | ---: |")
    for row in runner.rows:
        if row["status"] == "ok":
            cell = f"{row['seconds']:.4g} s"
            if row["measured_steps"] != row["steps"]:
                cell += f" (from {row['measured_steps']} steps)"
            print(f"| {row['label']} | {row['column']} | {cell} | {row['rel_err']:.1e} |")
        else:
            print(f"| {row['label']} | {row['column']} | n/a: {row['reason']} | |")


if __name__ == "__main__":
    main()
