#!/usr/bin/env bash
# ScanJIT's GPU checks, in two halves:
#
#   scripts/gpu-check.sh prepare [BUILD]   here (LLVM, MLIR, the CUDA toolkit):
#       builds, then writes BUILD/gpu-check/: every integration program
#       compiled ahead of time for CUDA in both schedules (host-loop,
#       persistent; scripts/aot-check.py) with the CPU JIT's results, the W9
#       benchmark programs (bench/gpu/w9.py) likewise, scan-exec, the runtime
#       and AOT test binaries, and the non-system shared libraries they need.
#   scripts/gpu-check.sh run [BUILD]       on a GPU machine (driver only; carry
#       BUILD/gpu-check): runs them all, prints one line per check and a
#       table, exits non-zero if any failed.
set -u
mode=${1:-run}
build=${2:-build}
dir="$build/gpu-check"
system='^(libc|libm|libstdc\+\+|libgcc_s|ld-linux|linux-vdso|libdl|libpthread|librt)\.'

case "$mode" in
prepare)
  set -e
  ninja -C "$build" scan-compile scan-run scan-exec CUDARuntimeDeviceTests \
    ScanJITAOTCUDATests >/dev/null
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$dir/lib"
  scripts=$(dirname "$0")
  for schedule in host-loop persistent; do
    python3 "$scripts/aot-check.py" prepare --build "$build" --target cuda \
      --cpu x86-64-v3 --pipeline-options "schedule=$schedule" \
      --out "$dir/aot-$schedule" --runner "$dir/runner" --rtol 1e-4
  done
  python3 "$scripts/../bench/gpu/w9.py" "$dir/w9.mlir"
  for schedule in host-loop persistent; do
    python3 "$scripts/aot-check.py" prepare --build "$build" --target cuda \
      --cpu x86-64-v3 --pipeline-options "schedule=$schedule" \
      --programs "$dir/w9.mlir" --out "$dir/w9-$schedule" \
      --runner "$dir/runner" --time 3 --rtol 1e-3
  done
  for binary in CUDARuntimeDeviceTests ScanJITAOTCUDATests; do
    cp "$build/bin/$binary" "$dir/bin/"
    strip --strip-debug "$dir/bin/$binary"
    ldd "$build/bin/$binary" | awk '$3 ~ /^\// {print $1, $3}' |
      while read -r name path; do
        [[ $name =~ $system ]] || cp -L "$path" "$dir/lib/$name"
      done
  done
  du -sh "$dir"
  ;;
run)
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null \
    || echo "gpu-check: nvidia-smi found no GPU"
  export LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  failed=0
  table=""
  for binary in CUDARuntimeDeviceTests ScanJITAOTCUDATests; do
    log=$(mktemp)
    if "$dir/bin/$binary" >"$log" 2>&1; then
      result="PASS ($(grep -c '^\[       OK \]' "$log") tests)"
    else
      result="FAIL"
      failed=1
      grep -E 'FAILED|Failure|error|Which is' "$log" | head -20 | sed 's/^/    /'
    fi
    table+=$(printf '%-28s %s' "$binary" "$result")$'\n'
    rm -f "$log"
  done
  for suite in aot-host-loop aot-persistent w9-host-loop w9-persistent; do
    if bash "$dir/$suite/run.sh" >"$dir/$suite.log" 2>&1; then
      result="PASS: $(tail -1 "$dir/$suite.log")"
    else
      failed=1
      grep -A3 '^FAIL' "$dir/$suite.log" | head -40
      result="FAIL: $(tail -1 "$dir/$suite.log")"
    fi
    table+=$(printf '%-28s %s' "$suite" "$result")$'\n'
  done
  # W9: microseconds per step (a call runs the whole scan: 10^4 steps for
  # W3, 200 for W4, inputs built on the device included).
  bench=$(printf '%-28s  %12s  %12s' "W9 (us per step)" host-loop persistent)$'\n'
  for case in w9_w3_h256:10000 w9_w3_h1024:10000 w9_w4_b32_h512:200; do
    name=${case%%:*}
    steps=${case#*:}
    row=$(printf '%-28s' "$name")
    for schedule in host-loop persistent; do
      us=$(grep "@$name " "$dir/w9-$schedule.log" | sed -n 's/.*time: \([0-9.]*\) us per call.*/\1/p')
      if [ -n "$us" ]; then
        row+=$(awk -v us="$us" -v n="$steps" 'BEGIN { printf "  %12.3f", us / n }')
      else
        row+=$(printf '  %12s' "-")
      fi
    done
    bench+="$row"$'\n'
  done
  # The peers, where the GPU machine has them (bench/peers/w9_gpu.py).
  peers=$(python3 "$(dirname "$0")/../bench/peers/w9_gpu.py" 2>&1 | tail -8)
  echo
  echo "gpu-check results:"
  printf '%s' "$table"
  echo
  printf '%s' "$bench"
  echo
  echo "W9 peers:"
  echo "$peers"
  exit $failed
  ;;
*)
  echo "usage: $0 prepare|run [BUILD]" >&2
  exit 2
  ;;
esac
