#!/usr/bin/env bash
#===- demo.sh - install, build and run the main ScanJIT example ----------===#
#
# The README's demo command. Installs the dependencies, builds ScanJIT, and
# shows the seed's RNN (sequence taps [-4, 0], output taps [-3, -1]) as a
# scan.scan, parsed, verified and printed by scan-opt.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh" >&2
build_dir="$("$root/scripts/build.sh")"
example="$root/examples/mlir/rnn_taps.mlir"

echo "== $example, parsed and verified by scan-opt"
"$build_dir/bin/scan-opt" "$example"
