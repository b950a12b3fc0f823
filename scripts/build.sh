#!/usr/bin/env bash
#===- build.sh - configure and build ScanJIT -----------------------------===#
#
# Usage: scripts/build.sh [--sanitize | --tsan]
#   Builds into build/ (or build-sanitize/ with ASan+UBSan) with Ninja and
#   ccache. --tsan builds ScanJITThreadSafetyTests alone (and the libraries
#   it needs) with ThreadSanitizer into build-tsan/. Prints the build
#   directory on its last line.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_dir="$root/build"
extra=()
targets=()
case "${1:-}" in
  --sanitize)
    build_dir="$root/build-sanitize"
    extra+=(-DSCANJIT_ENABLE_SANITIZERS=ON) ;;
  --tsan)
    build_dir="$root/build-tsan"
    extra+=(-DSCANJIT_ENABLE_TSAN=ON)
    targets+=(ScanJITThreadSafetyTests) ;;
  "") ;;
  *) echo "build.sh: unknown option '$1'" >&2; exit 2 ;;
esac

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout, so that another clone (CI's) hits the
  # cache too.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
fi

cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSCANJIT_WERROR=ON "${launcher[@]}" "${extra[@]}" >/dev/null
# Two cores and large MLIR headers: two jobs at most.
ninja -C "$build_dir" -j 2 "${targets[@]}" >&2
echo "$build_dir"
