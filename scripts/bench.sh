#!/usr/bin/env bash
#===- bench.sh - install, build and run the ScanJIT benchmarks -----------===#
#
# Installs the dependencies, builds ScanJIT (build/), and runs scanjit-bench:
# every workload beside its hand-written baselines, then the table of ratios
# that the README reports. Extra arguments go to Google Benchmark, e.g.
#   scripts/bench.sh --benchmark_filter=W3
#
# Usage: scripts/bench.sh [--peers | --w7] [--no-build] [Google Benchmark flags]
#   --no-build  run build/bin/scanjit-bench as it is (no install, no build)
#   --peers     also run the workloads W1-W6 and W8 with the peers
#               (bench/peers/: JAX, PyTorch, PyTensor), everything on one
#               thread pinned to one core, and print ONE markdown table of
#               ScanJIT, the hand-written C++ and every peer, from JSON
#               (bench/peers/report.py); also writes a bar chart. scanjit-bench
#               runs W1-W6 and W8 with 5 repetitions (the medians count)
#               unless the flags given say otherwise. Creates the peers'
#               virtual environments (pip) where they are missing.
#   --w7        W7 alone (the gradient at T = 1e5, stored and checkpointed;
#               about 20 minutes): scanjit-bench's W7, then each peer's
#               (bench/peers/w7_checkpoint.py), pinned to the same core, one
#               table each, also written to PEERS_OUT/w7.md.
#
# Environment for --peers and --w7:
#   CORE           the core everything is pinned to (taskset; default 1)
#   PEERS_VENV     venv with JAX, PyTorch and matplotlib (default /work/venv-peers)
#   PYTENSOR_VENV  venv with PyTensor and numba (default /work/venv-pytensor)
#   VENV_PYTHON    the Python that creates them (default python3)
#   PEERS          the peers to run (default "jax torch pytensor")
#   PEERS_FLAGS    extra flags for bench/peers/peers.py, e.g. "--steps 1000"
#   PEERS_OUT      the folder of the JSON files and table.md (default
#                  build/peers)
#   PEERS_CHART    the chart (default docs/bench-peers.png)
# The ScanJIT build, its tests and CI never need any of this.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

peers=0
w7=0
build=1
bench_args=()
for arg in "$@"; do
  case "$arg" in
    --peers) peers=1 ;;
    --w7) peers=1 w7=1 ;;
    --no-build) build=0 ;;
    *) bench_args+=("$arg") ;;
  esac
done

if [[ $build -eq 1 ]]; then
  "$root/scripts/install-deps.sh" >&2
  build_dir="$("$root/scripts/build.sh")"
else
  build_dir="$root/build"
fi

if [[ $peers -eq 0 ]]; then
  "$build_dir/bin/scanjit-bench" "${bench_args[@]}"
  exit 0
fi

core="${CORE:-1}"
peers_venv="${PEERS_VENV:-/work/venv-peers}"
pytensor_venv="${PYTENSOR_VENV:-/work/venv-pytensor}"
venv_python="${VENV_PYTHON:-python3}"
out="${PEERS_OUT:-$root/build/peers}"
chart="${PEERS_CHART:-$root/docs/bench-peers.png}"
start=$SECONDS

# ensure_venv DIR MODULE:REQUIREMENT...: creates the virtual environment DIR
# if it is missing, and pip-installs each REQUIREMENT whose MODULE does not
# import there.
ensure_venv() {
  local dir=$1 spec missing=()
  shift
  if [[ ! -x "$dir/bin/python" ]]; then
    echo "bench.sh: creating the virtual environment $dir" >&2
    "$venv_python" -m venv "$dir"
    "$dir/bin/pip" install --quiet --upgrade pip >&2
  fi
  for spec in "$@"; do
    "$dir/bin/python" -c "import ${spec%%:*}" 2>/dev/null || missing+=("${spec#*:}")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "bench.sh: installing ${missing[*]} into $dir" >&2
    "$dir/bin/pip" install "${missing[@]}" >&2
  fi
}

ensure_venv "$peers_venv" numpy:numpy==2.4.6 jax:jax==0.10.2 \
  jaxlib:jaxlib==0.10.2 matplotlib:matplotlib==3.11.2
if ! "$peers_venv/bin/python" -c "import torch" 2>/dev/null; then
  # The CPU-only wheel where its index can be reached; PyPI's wheel (with
  # the CUDA libraries, ~5 GB) runs the same CPU code otherwise.
  echo "bench.sh: installing torch==2.15.0 into $peers_venv" >&2
  "$peers_venv/bin/pip" install --retries 1 --timeout 30 torch==2.15.0 \
    --index-url https://download.pytorch.org/whl/cpu >&2 ||
    "$peers_venv/bin/pip" install torch==2.15.0 >&2
fi
ensure_venv "$pytensor_venv" numpy:numpy==2.4.6 pytensor:pytensor==3.0.7 \
  numba:numba==0.65.1

mkdir -p "$out" "$(dirname "$chart")"
read -r -a peer_list <<<"${PEERS:-jax torch pytensor}"

if [[ $w7 -eq 1 ]]; then
  {
    echo "bench.sh: scanjit-bench W7 on core $core" >&2
    taskset -c "$core" "$build_dir/bin/scanjit-bench" \
      --benchmark_filter='^W7_' "${bench_args[@]}" | grep '^|'
    for peer in "${peer_list[@]}"; do
      interpreter="$peers_venv/bin/python"
      [[ "$peer" == pytensor ]] && interpreter="$pytensor_venv/bin/python"
      echo "bench.sh: W7 with $peer on core $core" >&2
      echo
      taskset -c "$core" "$interpreter" "$root/bench/peers/w7_checkpoint.py" \
        --peer "$peer" --json "$out/w7-$peer.json"
    done
  } | tee "$out/w7.md"
  echo "bench.sh: the tables are in $out/w7.md ($((SECONDS - start)) s)" >&2
  exit 0
fi

rm -f "$out"/*.json

echo "bench.sh: scanjit-bench on core $core" >&2
taskset -c "$core" "$build_dir/bin/scanjit-bench" \
  --benchmark_filter='^(W[1-6]|W8)_' --benchmark_repetitions=5 \
  --benchmark_out="$out/scanjit.json" --benchmark_out_format=json \
  "${bench_args[@]}" >&2

read -r -a peer_flags <<<"${PEERS_FLAGS:-}"
PYTHON="$peers_venv/bin/python" PYTENSOR_PYTHON="$pytensor_venv/bin/python" \
  CORE="$core" PEERS_OUT="$out" \
  bash "$root/bench/peers/run.sh" "${peer_list[@]}" -- "${peer_flags[@]}" >&2

peer_json=()
for peer in "${peer_list[@]}"; do
  peer_json+=("$out/$peer.json")
done
"$peers_venv/bin/python" "$root/bench/peers/report.py" \
  --scanjit "$out/scanjit.json" --peers "${peer_json[@]}" --chart "$chart" |
  tee "$out/table.md"
echo "bench.sh: the table is in $out/table.md, the chart in $chart" \
  "($((SECONDS - start)) s)" >&2
