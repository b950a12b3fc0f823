#!/usr/bin/env bash
#===- demo.sh - install, build and run the main ScanJIT example ----------===#
#
# The README's demo command. Installs the dependencies, builds ScanJIT, shows
# the seed's RNN (sequence taps [-4, 0], output taps [-3, -1]) as a
# scan.scan, parsed, verified and printed by scan-opt, then compiles it to
# native code and runs it with scan-run.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh" >&2
build_dir="$("$root/scripts/build.sh")"
example="$root/examples/mlir/rnn_taps.mlir"

echo "== $example, parsed and verified by scan-opt"
"$build_dir/bin/scan-opt" "$example"

echo
echo "== $example, compiled and run by scan-run"
echo "   u = arange(18).reshape(9, 2) / 10, x[-3..-1] = rows of 0.1, 0.2, 0.3,"
echo "   y[-1] = 0.5, W = 0.5 I, W_in_1 = 0.1 I, W_in_2 = 0.2 I, W_feedback = 0.3 I,"
echo "   W_out = 2 I"
"$build_dir/bin/scan-run" "$example" \
  --arg '[[0,0.1],[0.2,0.3],[0.4,0.5],[0.6,0.7],[0.8,0.9],[1,1.1],[1.2,1.3],[1.4,1.5],[1.6,1.7]]:f64' \
  --arg '[[0.1,0.1],[0.2,0.2],[0.3,0.3]]:f64' --arg '[[0.5,0.5]]:f64' \
  --arg '[[0.5,0],[0,0.5]]:f64' --arg '[[0.1,0],[0,0.1]]:f64' \
  --arg '[[0.2,0],[0,0.2]]:f64' --arg '[[0.3,0],[0,0.3]]:f64' \
  --arg '[[2,0],[0,2]]:f64'
