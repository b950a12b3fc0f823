#!/usr/bin/env bash
#===- test.sh - install, build and run every ScanJIT test ----------------===#
#
# The README's test command. Installs the dependencies, builds ScanJIT, runs
# the lit and unit tests with ctest, then does the same with the ASan+UBSan
# build. Pass --no-sanitize to skip the second build.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh"

run_suite() {
  local build_dir
  build_dir="$("$root/scripts/build.sh" "$@")"
  echo "== ctest in $build_dir"
  ctest --test-dir "$build_dir" --output-on-failure -j 2
}

run_suite
if [ "${1:-}" != "--no-sanitize" ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite --sanitize
fi
