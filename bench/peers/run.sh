#!/usr/bin/env bash
#===- run.sh - run the peers' workloads, one thread, pinned ---------------===#
#
# Runs bench/peers/peers.py for each peer (jax, torch, pytensor), each on one
# thread pinned to one core, writing PEERS_OUT/<peer>.json when PEERS_OUT is
# set. Usage: bash bench/peers/run.sh [jax|torch|pytensor ...] [-- peers.py
# flags]; no peer named: all three.
#   PYTHON           Python for jax and torch (default /work/venv-peers/bin/python)
#   PYTENSOR_PYTHON  Python for pytensor (default /work/venv-pytensor/bin/python)
#   CORE             the core (default 1)
# scripts/bench.sh --peers calls this. Not used by the ScanJIT build or tests.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-/work/venv-peers/bin/python}"
pytensor_python="${PYTENSOR_PYTHON:-/work/venv-pytensor/bin/python}"
core="${CORE:-1}"
peers=()
while [[ $# -gt 0 && "$1" != "--" ]]; do peers+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
[[ ${#peers[@]} -eq 0 ]] && peers=(jax torch pytensor)
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for peer in "${peers[@]}"; do
  interpreter="$python"
  [[ "$peer" == pytensor ]] && interpreter="$pytensor_python"
  json=()
  [[ -n "${PEERS_OUT:-}" ]] && json=(--json "$PEERS_OUT/$peer.json")
  echo "run.sh: $peer on core $core" >&2
  taskset -c "$core" "$interpreter" "$here/peers.py" --peer "$peer" \
    "${json[@]}" "$@"
done
