#!/usr/bin/env python3
"""W9's peers on the GPU, beside scripts/gpu-check.sh's ScanJIT numbers:
torch.nn.RNN (cuDNN) and jax.lax.scan, for the W3 RNN (batch 1, T = 10,000,
f32) at H = 256 and H = 1024 and the W4 RNN (batch 32, H = 512, T = 200).
Prints microseconds per step (median of 5 repetitions after 2 warm-ups,
synchronized), one line per framework and workload; a framework that is not
installed, or sees no GPU, is reported as skipped. The forward pass only,
inputs on the device, as W9 times ScanJIT.

  python3 bench/peers/w9_gpu.py

Nothing in the ScanJIT build or tests uses this script.
"""
import statistics
import time

WORKLOADS = [("w3_h256", 1, 256, 10000), ("w3_h1024", 1, 1024, 10000),
             ("w4_b32_h512", 32, 512, 200)]


def median_seconds(run, synchronize, repetitions=5):
    for _ in range(2):
        run()
    synchronize()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        run()
        synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torch_rnn():
    try:
        import torch
    except ImportError:
        print("torch: skipped (not installed)")
        return
    if not torch.cuda.is_available():
        print("torch: skipped (no CUDA device)")
        return
    device = torch.device("cuda")
    for name, batch, hidden, steps in WORKLOADS:
        rnn = torch.nn.RNN(hidden, hidden, nonlinearity="tanh").to(device)
        x = torch.randn(steps, batch, hidden, device=device) * 0.5
        h0 = torch.zeros(1, batch, hidden, device=device)
        with torch.no_grad():
            seconds = median_seconds(lambda: rnn(x, h0), torch.cuda.synchronize)
        print(f"torch.nn.RNN (cuDNN) {name}: {seconds / steps * 1e6:.3f} us per step")


def jax_scan():
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        print("jax: skipped (not installed)")
        return
    if not any(d.platform == "gpu" for d in jax.devices()):
        print("jax: skipped (no GPU device)")
        return
    for name, batch, hidden, steps in WORKLOADS:
        key = jax.random.PRNGKey(0)
        w = jax.random.normal(key, (hidden, hidden)) / hidden ** 0.5
        u = jax.random.normal(key, (hidden, hidden)) / hidden ** 0.5
        b = jnp.zeros((hidden,))
        x = jax.random.normal(key, (steps, batch, hidden)) * 0.5
        h0 = jnp.zeros((batch, hidden))

        @jax.jit
        def forward(x, h0):
            def cell(h, xt):
                h = jnp.tanh(h @ w + xt @ u + b)
                return h, h
            return jax.lax.scan(cell, h0, x)[1]

        result = [None]

        def run():
            result[0] = forward(x, h0)

        seconds = median_seconds(run, lambda: result[0].block_until_ready())
        print(f"jax.lax.scan {name}: {seconds / steps * 1e6:.3f} us per step")


if __name__ == "__main__":
    torch_rnn()
    jax_scan()
