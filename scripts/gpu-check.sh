#!/usr/bin/env bash
# Runs ScanJIT's GPU checks on a machine with an NVIDIA GPU and its driver,
# but no LLVM or MLIR: everything it runs was built ahead of time here
# (scan-compile --target cuda) and travels in build/bin (carry "build/bin").
#
#   scripts/gpu-check.sh [BUILD_DIR]      (default: build)
#
# Each program checks its results against plain loops (the same tests the
# CPU runs); the script prints one line per program and a pass/fail table,
# and exits non-zero if any failed.
set -u
build=${1:-build}
bin="$build/bin"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null \
  || echo "gpu-check: nvidia-smi found no GPU"

programs=(
  "runtime:CUDARuntimeDeviceTests"
  "aot-cuda:ScanJITAOTCUDATests"
)
failed=0
printf '%-12s %-28s %s\n' check binary result
for entry in "${programs[@]}"; do
  name=${entry%%:*}
  binary=${entry#*:}
  if [ ! -x "$bin/$binary" ]; then
    printf '%-12s %-28s %s\n' "$name" "$binary" "MISSING"
    failed=1
    continue
  fi
  log=$(mktemp)
  if "$bin/$binary" >"$log" 2>&1; then
    result="PASS ($(grep -c '^\[       OK \]' "$log") tests)"
  else
    result="FAIL"
    failed=1
    grep -E 'FAILED|Failure|error|Which is' "$log" | head -20 | sed 's/^/    /'
  fi
  printf '%-12s %-28s %s\n' "$name" "$binary" "$result"
  rm -f "$log"
done
exit $failed
