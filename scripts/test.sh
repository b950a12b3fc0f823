#!/usr/bin/env bash
#===- test.sh - install, build and run every ScanJIT test ----------------===#
#
# The README's test command. Installs the dependencies, builds ScanJIT, runs
# the lit and unit tests with ctest, then does the same with the ASan+UBSan
# build, then runs the thread-safety test under ThreadSanitizer (a build of
# that test and the libraries only), and last, where clang-22 with libFuzzer
# can be installed, builds the libFuzzer harnesses (the libraries and fuzz/
# only) and runs each fuzzer for 20 seconds on its corpus
# (SCANJIT_CI_FUZZ_SECONDS). --no-sanitize skips all but the first build;
# SCANJIT_CI_FUZZ=0 skips the fuzzers.
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
if [ "${1:-}" = "--no-sanitize" ]; then
  exit 0
fi
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite --sanitize

# ThreadSanitizer: one compiled function called from 8 threads, four graphs
# compiled at once (the build's ctest entries carry the TSan options: see
# cmake/AddScanJIT.cmake and the README's "ThreadSanitizer").
tsan_dir="$("$root/scripts/build.sh" --tsan)"
echo "== ctest in $tsan_dir (ThreadSafetyTest only)"
ctest --test-dir "$tsan_dir" --output-on-failure --no-tests=error -R '^ThreadSafetyTest[.]'

# The fuzzers, briefly: a crash outside the upstream skip list
# (fuzz/known-upstream-crashes/) fails the run.
if [ "${SCANJIT_CI_FUZZ:-1}" != "0" ]; then
  if "$root/scripts/install-deps.sh" --fuzz &&
     command -v clang++-22 >/dev/null 2>&1 &&
     [ -f "$(clang++-22 -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; then
    bash "$root/scripts/fuzz.sh" "${SCANJIT_CI_FUZZ_SECONDS:-20}"
  else
    echo "== fuzz: skipped (clang-22 with libFuzzer cannot be installed)"
  fi
fi
