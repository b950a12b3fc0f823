#!/usr/bin/env bash
# Runs bench/peers/w6_grad.py for each peer, one thread, pinned to one core.
# Usage: bash bench/peers/run.sh [jax|torch ...] [-- extra w6_grad.py flags]
# PYTHON defaults to /work/venv-peers/bin/python, CORE to 1.
# Not used by the ScanJIT build or tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-/work/venv-peers/bin/python}"
core="${CORE:-1}"
peers=()
while [[ $# -gt 0 && "$1" != "--" ]]; do peers+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
[[ ${#peers[@]} -eq 0 ]] && peers=(jax torch)
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for peer in "${peers[@]}"; do
  taskset -c "$core" "$python" "$here/w6_grad.py" --peer "$peer" "$@"
done
