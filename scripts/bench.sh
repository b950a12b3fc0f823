#!/usr/bin/env bash
#===- bench.sh - install, build and run the ScanJIT benchmarks -----------===#
#
# Installs the dependencies, builds ScanJIT (build/), and runs scanjit-bench:
# every workload beside its hand-written baselines, then the table of ratios
# that the README reports. Extra arguments go to Google Benchmark, e.g.
#   scripts/bench.sh --benchmark_filter=W3
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh" >&2
build_dir="$("$root/scripts/build.sh")"
"$build_dir/bin/scanjit-bench" "$@"
