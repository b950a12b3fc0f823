#!/usr/bin/env bash
# ScanJIT's GPU checks, in two halves:
#
#   scripts/gpu-check.sh prepare [BUILD]   here (LLVM, MLIR, the CUDA toolkit):
#       builds, then writes BUILD/gpu-check/: every integration program
#       compiled ahead of time for CUDA (scripts/aot-check.py) with the CPU
#       JIT's results, scan-exec, the runtime and AOT test binaries, and the
#       non-system shared libraries they need.
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
  python3 "$(dirname "$0")/aot-check.py" prepare --build "$build" \
    --target cuda --cpu x86-64-v3 --out "$dir/aot"
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
  if bash "$dir/aot/run.sh" >"$dir/aot.log" 2>&1; then
    table+=$(printf '%-28s %s' "integration programs" "PASS: $(tail -1 "$dir/aot.log")")$'\n'
  else
    failed=1
    grep -A3 '^FAIL' "$dir/aot.log" | head -60
    table+=$(printf '%-28s %s' "integration programs" "FAIL: $(tail -1 "$dir/aot.log")")$'\n'
  fi
  echo
  echo "gpu-check results:"
  printf '%s' "$table"
  exit $failed
  ;;
*)
  echo "usage: $0 prepare|run [BUILD]" >&2
  exit 2
  ;;
esac
