#!/usr/bin/env bash
#===- demo.sh - install, build and run a seed example end to end ---------===#
#
# The README's main command. Installs the dependencies, builds ScanJIT, then
# runs examples/cpp/power.cpp, the A**k example of PyTensor's scan tutorial
# written with the C++ frontend: first the scan.scan its graph becomes,
# parsed and verified by scan-opt, then the program itself, which compiles
# the graph through the CPU pipeline and prints what the seed prints.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh" >&2
build_dir="$("$root/scripts/build.sh")"
example="$build_dir/bin/example-power"

echo "== examples/cpp/power.cpp: its graph as tensor-level MLIR, verified by scan-opt"
"$example" --mlir | "$build_dir/bin/scan-opt"
echo
echo "== examples/cpp/power.cpp, compiled to native code and run:"
echo "   power(range(10), 2) and power(range(10), 4), as the seed prints them"
"$example"
