#!/usr/bin/env bash
#===- callgrind-w3.sh - W3's instructions per step, under callgrind ------===#
#
# Counts the instructions that ScanJIT's W3 RNN and the hand-written loop
# (OpenBLAS sgemv + a vectorised tanh) execute per step, with callgrind
# (build/bin/scanjit-count-w3 turns collection on only for the counted calls,
# after a first call that compiles and warms up). Instruction counts repeat
# from run to run where times on a shared machine do not. Under valgrind
# 3.19 the CPU has no AVX-512: the JIT, OpenBLAS and the loop all run
# AVX2 code.
#
# Usage: scripts/callgrind-w3.sh [HIDDEN ...]   (default: 64 256)
# Environment: STEPS (default 1000), CALLS (default 3), BUILD (default build)
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/${BUILD:-build}/bin/scanjit-count-w3"
steps="${STEPS:-1000}"
calls="${CALLS:-3}"
if [[ ! -x "$tool" ]]; then
  echo "callgrind-w3: $tool is missing (build the project with valgrind's headers installed)" >&2
  exit 1
fi
command -v valgrind >/dev/null || { echo "callgrind-w3: valgrind is not installed" >&2; exit 1; }

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(64 256)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "| W3 RNN | ScanJIT (instructions per step) | hand-written loop | ratio |"
echo "| --- | ---: | ---: | ---: |"
for hidden in "${sizes[@]}"; do
  rm -f "$out"/cg.*
  valgrind --tool=callgrind --collect-atstart=no \
    --callgrind-out-file="$out/cg.%p" "$tool" "$hidden" "$steps" "$calls" \
    > "$out/log" 2>&1 || { cat "$out/log" >&2; exit 1; }
  # Each dump names what it counted (desc: Trigger: Client Request: NAME).
  total() {
    local file
    file="$(grep -l "^desc: Trigger: Client Request: $1\$" "$out"/cg.*)"
    awk '/^totals:/ { print $2 }' "$file"
  }
  scanjit="$(total scanjit)"
  loop="$(total loop)"
  awk -v h="$hidden" -v s="$scanjit" -v l="$loop" -v n="$((steps * calls))" \
    'BEGIN { printf "| H = %d | %.0f | %.0f | %.2fx |\n", h, s / n, l / n, s / l }'
done
