#!/usr/bin/env bash
# Fuzz the core with libFuzzer for a while (default 60 s), then merge the inputs that found new
# coverage back into the committed seed corpus tests/fuzz/corpus.
#   scripts/fuzz.sh [seconds]
# Builds build/fuzz with clang-14 (-fsanitize=fuzzer,address,undefined). The run works on a
# copy of the corpus in build/fuzz/run, so an interrupted run never leaves half-written files
# in the repository. A crash leaves its input in build/fuzz/run/artifacts and exits non-zero
# without merging; fix the bug, then copy the input into tests/fuzz/corpus as a regression.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || (( seconds < 1 )); then
  echo "usage: scripts/fuzz.sh [seconds]   (a whole number of seconds, default 60)" >&2
  exit 2
fi

corpus=tests/fuzz/corpus
build=build/fuzz
run="$build/run"
fuzzer="$build/network_fuzzer"

echo "== configure and build $build (clang-14, libFuzzer + ASan + UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DLAYERLAB_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target network_fuzzer

rm -rf "$run"
mkdir -p "$run/corpus" "$run/artifacts" "$corpus"
if compgen -G "$corpus/*" >/dev/null; then cp "$corpus"/* "$run/corpus/"; fi
before=$(find "$corpus" -type f | wc -l)

echo "== fuzzing for ${seconds}s (log: $run/fuzz.log)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
start=$(date +%s)
status=0
# -max_len keeps the corpus commit-friendly; -timeout flags any input slower than 10 s as a hang.
"$fuzzer" "$run/corpus" -max_total_time="$seconds" -max_len=1024 -timeout=10 \
  -artifact_prefix="$run/artifacts/" -print_final_stats=1 >"$run/fuzz.log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/fuzz.log" | tail -1)

if (( status != 0 )); then
  echo "!! the fuzzer failed (exit $status) after ${elapsed}s; end of the log:" >&2
  grep -v -E '^#[0-9]+.*(NEW|REDUCE|pulse)' "$run/fuzz.log" | tail -40 >&2
  echo "!! crashing input(s):" >&2
  ls -1 "$run/artifacts"/* >&2 2>/dev/null || true
  echo "!! reproduce with: $fuzzer <input>" >&2
  exit 1
fi

echo "== merging new coverage into $corpus"
# -use_counters=0: merge by new edges only, not by new hit counts of known edges, which would add
# hundreds of near-duplicate files per run to a committed corpus.
"$fuzzer" -merge=1 -use_counters=0 -max_len=1024 "$corpus" "$run/corpus" >"$run/merge.log" 2>&1
after=$(find "$corpus" -type f | wc -l)
bytes=$(du -cb "$corpus"/* | tail -1 | cut -f1)

echo "executions: ${execs:-unknown} in ${elapsed}s"
echo "corpus: $before -> $after files ($bytes bytes) in $corpus"
