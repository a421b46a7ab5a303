#!/usr/bin/env bash
# Installs everything layerlab needs on Debian 12, and nothing twice: Debian packages first
# (as root it installs them; otherwise it prints the exact line to run), then npm packages
# from package-lock.json. Safe to run before every start, test or build.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake libgtest-dev   # native build and ctest
  libxtensor-dev libxsimd-dev          # the tensor library (header-only) and its SIMD dependency
  emscripten wabt                      # WASM build and the disassembler used by the SIMD check
  clang-14 libclang-rt-14-dev          # libFuzzer target and ASan/UBSan runtimes
  chromium                             # headless browser tests
)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $EUID -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "setup: missing Debian packages. Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
bash scripts/fetch-data.sh  # data sets for the page (web/public/data), from two Debian packages

# npm ci only when the lock file changed since the last install (the stamp holds its hash).
stamp=node_modules/.layerlab-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi
