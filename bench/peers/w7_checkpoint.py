#!/usr/bin/env python3
"""W7 (the W6 gradient at scale, stored or checkpointed) with peer frameworks.

The program of W7 in bench/ScanBench.cpp, f32, one thread: the batched RNN
H_t = tanh(H_{t-1} W + X_t U + b), H_t of shape [16, 256], T = 100,000, the
loss sum_t sum(H_t) accumulated by the loop, and its gradient with respect
to W, U, b and H_0, computed from the inputs (forward included):

  store-all     every step's residuals kept for the backward pass
  checkpointed  states kept every 250 steps (ScanJIT's save_every_N = 250);
                the backward pass recomputes each chunk of 250 steps

Peers and their checkpointing:
  jax       jax.jit(jax.value_and_grad(loss)) over lax.scan; checkpointed:
            a lax.scan over the 400 chunks whose body is jax.checkpoint of a
            lax.scan over the chunk's 250 steps.
  torch     torch.nn.RNN (weights as in w6_grad.py; PyTorch's fastest W6
            gradient), autograd; checkpointed: torch.utils.checkpoint.checkpoint
            (use_reentrant=False) of nn.RNN over each chunk. (The Python loop
            of w6_grad.py is left out: at T = 10,000 its checkpointed
            gradient took 14.5 s, 4x its stored one.)
  pytensor  pytensor.scan and pytensor.grad, mode "CVM" (the C backend);
            checkpointed: pytensor.scan.checkpoints.scan_checkpoints
            (save_every_N = 250), the function the Aesara guide describes.

Each variant runs in a process of its own: inputs, a warm-up call (which
compiles), then the heap's free pages are given back (malloc_trim), Linux's
peak resident set size is reset (/proc/self/clear_refs) and one call is timed; "peak" is the resident set's peak during that call
minus the resident set before it: what the call added, its result included.
(ScanJIT's W7 counts the bytes its compiled code allocates, a comparable
measure that leaves out the allocator's own overhead.)

Before the timed call at T = 100,000, every variant's gradients are checked
at T = --check-steps against the float64 NumPy BPTT of w6_grad.py, and at
full length the checkpointed gradients against the same peer's store-all
ones (both printed as max relative error).

Run pinned to one core with one thread (see README.md):
  taskset -c 1 python bench/peers/w7_checkpoint.py --peer jax
Nothing in the ScanJIT build or tests uses this script.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from w6_grad import make_inputs, reference_grads, rel_err  # noqa: E402

STEPS, BATCH, HIDDEN, CHUNK = 100_000, 16, 256, 250

# peer -> variant names, in table order.
VARIANTS = {
    "jax": ["JAX store-all", "JAX jax.checkpoint"],
    "torch": ["PyTorch nn.RNN store-all", "PyTorch nn.RNN torch.utils.checkpoint"],
    "pytensor": ["PyTensor C store-all", "PyTensor C scan_checkpoints"],
}


def memory_kib(field):
    status = open("/proc/self/status").read()
    return int(re.search(field + r":\s+(\d+)", status).group(1))


# --------------------------------------------------------------------------
# The programs: gradient(inp) -> a function of no arguments returning
# [dW, dU, db, dh0] as NumPy arrays.
# --------------------------------------------------------------------------

def jax_gradient(inp, checkpointed):
    import jax
    import jax.numpy as jnp
    from jax import lax

    def run_steps(w, u, b, carry, xs):
        def cell(c, xt):
            h, total = c
            h = jnp.tanh(h @ w + xt @ u + b)
            return (h, total + jnp.sum(h)), None
        return lax.scan(cell, carry, xs)[0]

    def loss(w, u, b, h0, x):
        carry = (h0, jnp.zeros((), x.dtype))
        if not checkpointed:
            return run_steps(w, u, b, carry, x)[1]
        chunk = jax.checkpoint(lambda c, xs: run_steps(w, u, b, c, xs))
        chunks = x.reshape((x.shape[0] // CHUNK, CHUNK) + x.shape[1:])
        return lax.scan(lambda c, xs: (chunk(c, xs), None), carry, chunks)[0][1]

    grad = jax.jit(jax.grad(loss, argnums=(0, 1, 2, 3)))
    args = [jax.device_put(inp[k]) for k in ("w", "u", "b", "h0", "x")]
    return lambda: [np.asarray(g) for g in jax.block_until_ready(grad(*args))]


def torch_gradient(inp, checkpointed):
    import torch
    from torch.utils.checkpoint import checkpoint
    from w6_grad import torch_rnn_module

    torch.set_num_threads(1)
    w = torch.from_numpy(inp["w"]).requires_grad_()
    u = torch.from_numpy(inp["u"]).requires_grad_()
    b = torch.from_numpy(inp["b"]).requires_grad_()
    h0 = torch.from_numpy(inp["h0"]).requires_grad_()
    x = torch.from_numpy(inp["x"])
    rnn = torch_rnn_module(w, u, b, batched=True)

    def run_steps(h, xs):
        """(sum of the states, last state) of the steps over xs from h."""
        out, last = rnn(xs, h.unsqueeze(0))
        return out.sum(), last[0]

    def gradient():
        if checkpointed:
            h, loss = h0, 0
            for start in range(0, x.shape[0], CHUNK):
                part, h = checkpoint(run_steps, h, x[start:start + CHUNK],
                                     use_reentrant=False)
                loss = loss + part
        else:
            loss, _ = run_steps(h0, x)
        dw, du, db, dh0 = torch.autograd.grad(
            loss, (rnn.weight_hh_l0, rnn.weight_ih_l0, rnn.bias_ih_l0, h0))
        return [dw.T.numpy(), du.T.numpy(), db.numpy(), dh0.numpy()]
    return gradient


def pytensor_gradient(inp, checkpointed):
    import pytensor
    import pytensor.tensor as pt
    from pytensor.scan.checkpoints import scan_checkpoints

    X = pt.tensor3("X", dtype="float32")
    h0 = pt.matrix("h0", dtype="float32")
    W = pt.matrix("W", dtype="float32")
    U = pt.matrix("U", dtype="float32")
    b = pt.vector("b", dtype="float32")
    zero = pt.constant(np.float32(0))

    def cell(x, h, total, w, u, bias):
        h = pt.tanh(h.dot(w) + x.dot(u) + bias)
        return h, total + h.sum()

    if checkpointed:
        outputs, _ = scan_checkpoints(cell, sequences=[X], outputs_info=[h0, zero],
                                      non_sequences=[W, U, b], save_every_N=CHUNK)
    else:
        outputs = pytensor.scan(cell, sequences=[X], outputs_info=[h0, zero],
                                non_sequences=[W, U, b], return_updates=False)
    grads = pytensor.grad(outputs[1][-1], [W, U, b, h0])
    function = pytensor.function([X, h0, W, U, b], grads, mode="CVM")
    args = [inp[k] for k in ("x", "h0", "w", "u", "b")]
    return lambda: [np.asarray(g) for g in function(*args)]


def make_gradient(variant, inp):
    checkpointed = "store-all" not in variant
    if variant.startswith("JAX"):
        return jax_gradient(inp, checkpointed)
    if variant.startswith("PyTorch"):
        return torch_gradient(inp, checkpointed)
    return pytensor_gradient(inp, checkpointed)


# --------------------------------------------------------------------------
# One variant in this process; the driver runs each in a child process.
# --------------------------------------------------------------------------

def run_one(variant, steps, check_steps, grads_file):
    """Checks `variant` at check_steps, times one call at `steps`, writes its
    gradients to grads_file (.npz); prints one JSON line."""
    short = make_inputs(check_steps, BATCH, HIDDEN)
    check = max(rel_err(g, r) for g, r in
                zip(make_gradient(variant, short)(), reference_grads(short, True)))
    inp = make_inputs(steps, BATCH, HIDDEN)
    gradient = make_gradient(variant, inp)
    gradient()  # compiles
    import ctypes
    import gc
    gc.collect()
    # Gives the heap's free pages back, so that the resident set before the
    # call holds no memory the call can reuse without growing it.
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = memory_kib("VmRSS")
    start = time.perf_counter()
    grads = gradient()
    seconds = time.perf_counter() - start
    peak = (memory_kib("VmHWM") - before) * 1024
    np.savez(grads_file, *grads)
    print(json.dumps({"variant": variant, "seconds": seconds, "peak_bytes": peak,
                      "check_rel_err": check}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer", choices=list(VARIANTS), required=True)
    parser.add_argument("--steps", type=int, default=STEPS,
                        help="T (a multiple of 250; smaller only for quick checks)")
    parser.add_argument("--check-steps", type=int, default=1000)
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--grads-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps % CHUNK or args.check_steps % CHUNK:
        parser.error(f"--steps and --check-steps must be multiples of {CHUNK}")
    if args.variant:
        run_one(args.variant, args.steps, args.check_steps, args.grads_file)
        return

    rows = []
    stored = None
    for variant in VARIANTS[args.peer]:
        grads_file = f"/tmp/w7-{os.getpid()}-{len(rows)}.npz"
        child = subprocess.run(
            [sys.executable, __file__, "--peer", args.peer, "--variant", variant,
             "--steps", str(args.steps), "--check-steps", str(args.check_steps),
             "--grads-file", grads_file], capture_output=True, text=True)
        if child.returncode != 0:
            lines = child.stderr.strip().splitlines() or ["(no output)"]
            print(f"# {variant}: failed: {lines[-1]}", file=sys.stderr, flush=True)
            continue
        row = json.loads(child.stdout.strip().splitlines()[-1])
        with np.load(grads_file) as data:
            grads = [data[k] for k in sorted(data.files, key=lambda k: int(k[4:]))]
        os.remove(grads_file)
        if "store-all" in variant:
            stored = grads
            row["vs_store_all"] = 0.0
        else:
            row["vs_store_all"] = (max(rel_err(g, s) for g, s in zip(grads, stored))
                                   if stored is not None else float("nan"))
        rows.append(row)
        print(f"# {variant}: {row['seconds']:.2f} s, peak {row['peak_bytes'] / 1e6:.1f} MB, "
              f"rel err {row['check_rel_err']:.1e} (T = {args.check_steps}), "
              f"{row['vs_store_all']:.1e} vs store-all", file=sys.stderr, flush=True)

    print(f"| peer (T = {args.steps}) | time | peak memory | rel. err. vs f64 BPTT "
          f"(T = {args.check_steps}) | vs its store-all |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['variant']} | {row['seconds']:.2f} s | {row['peak_bytes'] / 1e6:.1f} MB "
              f"| {row['check_rel_err']:.1e} | {row['vs_store_all']:.1e} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
