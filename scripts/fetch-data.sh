#!/usr/bin/env bash
# Builds the page's data sets (web/public/data/) from two Debian packages, offline after the
# download: `apt-get download` fetches the .deb files (no installation, no dependencies),
# `dpkg-deb -x` unpacks them into a temporary folder, every .deb and every file taken from it
# is checked against the SHA-256 below, and scripts/make-data.mjs converts them. The checked
# source files are kept in build/data-src/ so a re-run needs no download. Fast when nothing
# changed: a stamp (outside the served folder) holds the hash of the scripts that made
# web/public/data/ and of what they made.
set -euo pipefail
cd "$(dirname "$0")/.."

src_dir=build/data-src
out_dir=web/public/data
stamp=build/data-src/web-data.stamp
outputs=(manifest.json digits.llds.gz fashion-mnist.llds.gz digits.COPYRIGHT.txt fashion-mnist.COPYRIGHT.txt)

# Pinned packages (Debian 12 "bookworm") and the hash of each .deb (as apt-cache show lists it).
fashion_pkg=dataset-fashion-mnist
fashion_ver=0.0~git20200523.55506a9-1
fashion_deb_sha=39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0
sklearn_pkg=python3-sklearn
sklearn_ver=1.2.1+dfsg-1
sklearn_deb_sha=ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58

# What make-data.mjs reads: package | path inside the package | name in build/data-src | SHA-256
sources=(
  "$fashion_pkg|usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz|fashion-mnist/train-images-idx3-ubyte.gz|b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"
  "$fashion_pkg|usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz|fashion-mnist/train-labels-idx1-ubyte.gz|0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"
  "$fashion_pkg|usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz|fashion-mnist/t10k-images-idx3-ubyte.gz|cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"
  "$fashion_pkg|usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz|fashion-mnist/t10k-labels-idx1-ubyte.gz|8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"
  "$fashion_pkg|usr/share/doc/dataset-fashion-mnist/copyright|fashion-mnist/copyright|193c9c47fa3dc7e614dcd5f4ea5315d69c0a542b698b64dc34ac5bc4b09d5c3a"
  "$sklearn_pkg|usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz|digits/digits.csv.gz|46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"
  "$sklearn_pkg|usr/share/doc/python3-sklearn/copyright|digits/copyright|776ecbd53228fd873c0c14ef657b5a89fa20dba286b7e0187bf65a630f88614c"
)

sha() { sha256sum "$1" | cut -d' ' -f1; }

# Fails naming the file and both hashes.
check_sha() {
  local file=$1 want=$2 got
  got=$(sha "$file")
  if [[ $got != "$want" ]]; then
    echo "fetch-data: SHA-256 mismatch for $file" >&2
    echo "  expected $want" >&2
    echo "  got      $got" >&2
    exit 1
  fi
}

# The makers' hash, then each output's (a missing output gives an empty line).
current_stamp() {
  cat scripts/fetch-data.sh scripts/make-data.mjs web/src/data/llds-format.mjs | sha256sum | cut -d' ' -f1
  for f in "${outputs[@]}"; do
    if [[ -f $out_dir/$f ]]; then sha "$out_dir/$f"; else echo; fi
  done
}
if [[ -f $stamp && $(cat "$stamp") == "$(current_stamp)" ]]; then
  exit 0
fi

# Which packages are needed: those with a source file missing or changed in build/data-src.
needed=()
for entry in "${sources[@]}"; do
  IFS='|' read -r pkg _ name want <<<"$entry"
  if [[ ! -f $src_dir/$name || $(sha "$src_dir/$name") != "$want" ]]; then
    [[ " ${needed[*]-} " == *" $pkg "* ]] || needed+=("$pkg")
  fi
done

if ((${#needed[@]})); then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  specs=()
  for pkg in "${needed[@]}"; do
    case $pkg in
      "$fashion_pkg") specs+=("$pkg=$fashion_ver") ;;
      "$sklearn_pkg") specs+=("$pkg=$sklearn_ver") ;;
    esac
  done
  # As root apt downloads as the unprivileged _apt user, which cannot write into a private
  # temporary folder; root may keep the download as root instead.
  apt_opts=(-q)
  [[ $EUID -eq 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)
  echo "setup: downloading data packages: ${specs[*]}"
  if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download "${specs[@]}" >"$tmp/apt.log" 2>&1); then
    if [[ $EUID -eq 0 ]]; then
      # A fresh machine may have no package lists yet.
      apt-get update -q >"$tmp/update.log" 2>&1 || {
        cat "$tmp/update.log" >&2
        echo "fetch-data: apt-get update failed (see above); the data sets need the Debian archive" >&2
        exit 1
      }
      if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download "${specs[@]}" >"$tmp/apt.log" 2>&1); then
        cat "$tmp/apt.log" >&2
        echo "fetch-data: apt-get download ${specs[*]} failed (see above); if Debian published a newer version, update the versions and hashes in scripts/fetch-data.sh" >&2
        exit 1
      fi
    else
      cat "$tmp/apt.log" >&2
      echo "fetch-data: apt-get download ${specs[*]} failed; run 'sudo apt-get update' and try again" >&2
      exit 1
    fi
  fi
  for pkg in "${needed[@]}"; do
    case $pkg in
      "$fashion_pkg") ver=$fashion_ver want=$fashion_deb_sha ;;
      "$sklearn_pkg") ver=$sklearn_ver want=$sklearn_deb_sha ;;
    esac
    # apt-get download names the file with the version's ':' escaped as %3a (none here).
    deb=$(ls "$tmp/${pkg}_${ver//:/%3a}"_*.deb)
    check_sha "$deb" "$want"
    mkdir -p "$tmp/$pkg"
    dpkg-deb -x "$deb" "$tmp/$pkg"
  done
  for entry in "${sources[@]}"; do
    IFS='|' read -r pkg path name want <<<"$entry"
    [[ " ${needed[*]} " == *" $pkg "* ]] || continue
    check_sha "$tmp/$pkg/$path" "$want"
    mkdir -p "$(dirname "$src_dir/$name")"
    cp "$tmp/$pkg/$path" "$src_dir/$name"
  done
fi

rm -rf "$out_dir"  # wholly generated: no file of an older layout stays behind
echo "setup: converting data sets into $out_dir"
node scripts/make-data.mjs "$src_dir" "$out_dir" \
  "$fashion_pkg=$fashion_ver" "$sklearn_pkg=$sklearn_ver"
current_stamp >"$stamp"
