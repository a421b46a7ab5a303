// Timing for the Node benchmarks: contenders alternate within every round, so drifts in clock
// speed or load hit them alike; each figure is the median over rounds of a batch of calls,
// after warm-up (V8 runs a function's first calls in its baseline tier).
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Calls per timed batch so a batch lasts about targetMs (at least 1). */
function callsPerBatch(fn, targetMs) {
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 0.001);
  return Math.max(1, Math.round(targetMs / once));
}

function timeBatch(fn, calls) {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - t0) / calls;
}

/** Median ms per call of each contender over `rounds` interleaved rounds. */
export function race(contenders, { rounds, warmup, targetMs }) {
  const calls = new Map();
  for (const [name, fn] of Object.entries(contenders)) {
    for (let i = 0; i < warmup; i++) fn();
    calls.set(name, callsPerBatch(fn, targetMs));
  }
  const samples = Object.fromEntries(Object.keys(contenders).map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) samples[name].push(timeBatch(fn, calls.get(name)));
  }
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)]));
}

/** Deterministic values in [-1, 1), the same for every contender. */
export function seededValues(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
}
