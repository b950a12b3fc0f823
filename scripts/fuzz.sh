#!/usr/bin/env bash
#===- fuzz.sh - build the libFuzzer harnesses and run each ---------------===#
#
# Usage: scripts/fuzz.sh [seconds] [fuzzer...]
#   Installs clang-22 (install-deps.sh --fuzz), builds the harnesses of fuzz/
#   into build-fuzz/ (clang-22, ASan+UBSan, libFuzzer; only the libraries
#   they need), then runs each fuzzer (all four by default: mlir, npy,
#   array-literal, frontend) for `seconds` (default 60) on its corpus.
#
#   Corpora grow in build-fuzz/fuzz/corpus/<fuzzer>/, seeded from fuzz/corpus/
#   and, for mlir, from test/**/*.mlir split at `// -----`. A crash leaves
#   its input in build-fuzz/fuzz/artifacts/ and makes the script exit 1
#   after the other fuzzers ran. Extra libFuzzer flags: SCANJIT_FUZZ_FLAGS.
#   SCANJIT_FUZZ_BUILD=0 runs the harnesses already in build-fuzz/ without
#   installing or building anything.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

seconds="${1:-60}"
shift || true
fuzzers=("$@")
if [ ${#fuzzers[@]} -eq 0 ]; then
  fuzzers=(mlir npy array-literal frontend)
fi

build_dir="$root/build-fuzz"
if [ "${SCANJIT_FUZZ_BUILD:-1}" != "0" ]; then
  "$root/scripts/install-deps.sh" --fuzz >&2
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
  fi
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_C_COMPILER=clang-22 \
    -DSCANJIT_BUILD_FUZZERS=ON "${launcher[@]}" >/dev/null
  # Two cores and large MLIR headers: two jobs at most.
  ninja -C "$build_dir" -j 2 scanjit-fuzzers >&2
fi

work="$build_dir/fuzz"
mkdir -p "$work/artifacts"

# The mlir seeds: every lit test file, one seed per `// -----` chunk.
seeds_mlir="$work/seeds/mlir"
rm -rf "$seeds_mlir"
mkdir -p "$seeds_mlir"
find "$root/test" -name '*.mlir' | sort | while read -r file; do
  base="$(echo "${file#"$root/test/"}" | tr '/' '_')"
  awk -v out="$seeds_mlir/$base" '
    BEGIN { n = 0 }
    /^\/\/ -----/ { n++; next }
    { print > (out "." n ".mlir") }
  ' "$file"
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
for name in "${fuzzers[@]}"; do
  binary="$build_dir/bin/scanjit-fuzz-$name"
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -print_final_stats=1
        -artifact_prefix="$work/artifacts/$name-" -rss_limit_mb=4096)
  seeds=()
  case "$name" in
    mlir)
      args+=(-dict="$root/fuzz/dicts/mlir.dict" -timeout=60 -max_len=8192)
      seeds+=("$seeds_mlir") ;;
    frontend)
      # Each input compiles a function: seconds, not microseconds.
      args+=(-timeout=120 -max_len=512)
      seeds+=("$root/fuzz/corpus/$name") ;;
    *)
      args+=(-timeout=10)
      seeds+=("$root/fuzz/corpus/$name") ;;
  esac
  if [ "$name" = mlir ] &&
     ! "$binary" "$root"/fuzz/known-upstream-crashes/*.mlir >"$work/$name.log" 2>&1; then
    echo "fuzz $name: a known upstream crash is no longer skipped" >&2
    tail -n 40 "$work/$name.log" >&2
    status=1
    continue
  fi
  echo "== fuzz $name for ${seconds}s" >&2
  # shellcheck disable=SC2086
  if ! "$binary" "${args[@]}" ${SCANJIT_FUZZ_FLAGS:-} "$corpus" "${seeds[@]}" \
       >"$work/$name.log" 2>&1; then
    echo "fuzz $name: FAILED (input in $work/artifacts/, log $work/$name.log)" >&2
    tail -n 60 "$work/$name.log" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$work/$name.log" | sed "s/^/  $name /" >&2 || true
done
exit "$status"
