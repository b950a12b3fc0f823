#!/usr/bin/env bash
#===- install-deps.sh - install ScanJIT's build and test dependencies ----===#
#
# Installs, from Debian's packages, everything the build, the tests and the
# benchmarks need. Does nothing when all of it is already installed. Needs
# root (or sudo) only when something is missing.
#
# Usage: scripts/install-deps.sh [--fuzz] [--tsan]
#   --fuzz  also clang-22 and its sanitizer/libFuzzer runtimes, for the
#           fuzz build (scripts/fuzz.sh)
#   --tsan  the same, for a ThreadSanitizer build with clang (gcc's TSan
#           runtime comes with g++)
#
#===----------------------------------------------------------------------===#
set -euo pipefail

packages=(
  cmake ninja-build ccache g++ python3
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libopenblas-dev libcli11-dev libgtest-dev libbenchmark-dev
  graphviz libdlpack-dev valgrind
  python3-dev pybind11-dev python3-numpy python3-pytest
)

for arg in "$@"; do
  case "$arg" in
    --fuzz | --tsan) packages+=(clang-22 libclang-rt-22-dev) ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all dependencies are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
