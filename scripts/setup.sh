#!/usr/bin/env bash
# Installs everything layerlab needs on Debian 12, and nothing twice: Debian packages first
# (as root it installs them; otherwise it prints the exact line to run), then the data sets,
# then npm packages from package-lock.json. Safe to run before every start, test or build.
#   scripts/setup.sh          what `npm start` and `npm run build` need
#   scripts/setup.sh --test   also what the test suites need (`npm test`, benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

# Vite 8 and Vitest 4 need Node 20.19 or later; Debian 12's own nodejs package is 18.
node_version=$(node --version 2>/dev/null || echo none)
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup: layerlab needs Node.js 20.19 or later on the PATH (found: $node_version)." >&2
  echo "  Debian 12's nodejs package is 18; install Node 20 LTS first." >&2
  exit 1
fi

apt_packages=(
  build-essential cmake                # native build
  libxtensor-dev libxsimd-dev          # the tensor library (header-only) and its SIMD dependency
  emscripten                           # WASM build
)
if [[ ${1:-} == --test ]]; then
  apt_packages+=(
    libgtest-dev                       # ctest
    wabt                               # the disassembler used by the SIMD check
    clang-14 libclang-rt-14-dev        # libFuzzer target and ASan/UBSan runtimes
    clang-tidy-14                      # static checks (scripts/tidy.sh)
    chromium                           # headless browser tests
    firefox-esr                        # the core flows in Firefox (WebDriver BiDi, puppeteer-core)
    webkit2gtk-driver xvfb             # and in WebKitGTK, Safari's engine (WebKitWebDriver + MiniBrowser, under Xvfb)
  )
fi
# PyTorch as an oracle for imported code (tests/torch): large, so without recommends. NumPy
# (which PyTorch pulls in anyway) runs course-style code against tests/python/course_layers.py.
lean_packages=()
[[ ${1:-} == --test ]] && lean_packages=(python3-torch python3-numpy)

missing_of() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}
mapfile -t missing < <(missing_of "${apt_packages[@]}")
mapfile -t missing_lean < <(missing_of "${lean_packages[@]}")
if ((${#missing[@]} + ${#missing_lean[@]})); then
  if [[ $EUID -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]} ${missing_lean[*]}"
    apt-get update -q
    export DEBIAN_FRONTEND=noninteractive
    ((${#missing[@]})) && apt-get install -y -q "${missing[@]}"
    ((${#missing_lean[@]})) && apt-get install -y -q --no-install-recommends "${missing_lean[@]}"
  else
    echo "setup: missing Debian packages. Run:" >&2
    ((${#missing[@]})) && echo "  sudo apt-get install -y ${missing[*]}" >&2
    ((${#missing_lean[@]})) && echo "  sudo apt-get install -y --no-install-recommends ${missing_lean[*]}" >&2
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
