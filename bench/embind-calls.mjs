// What -sDYNAMIC_EXECUTION=0 (no new Function in Embind, needed for a strict CSP) costs per
// call: the same calls through the default build (build/wasm) and a DYNAMIC_EXECUTION=1 build
// (build/wasm-dyn), alternating, medians of batches. Build the second with:
//   emcmake cmake -S . -B build/wasm-dyn -DLAYERLAB_DYNAMIC_EXECUTION=1 && cmake --build build/wasm-dyn
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
async function load(dir) {
  const { default: create } = await import(root(`${dir}/layerlab.mjs`));
  return create({ wasmBinary: readFileSync(root(`${dir}/layerlab.wasm`)) });
}
const builds = { 'DYNAMIC_EXECUTION=0': await load('build/wasm'), 'DYNAMIC_EXECUTION=1': await load('build/wasm-dyn') };

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function setup(ll) {
  const lin = new ll.Linear(4, 4);
  const x = ll.Tensor.fromArray(new Float32Array(4), [1, 4]);
  return {
    'method (parameterCount)': () => lin.parameterCount(),
    'forward (1x4)·(4x4) + delete': () => lin.forward(x).delete(),
    'constructor + delete (ReLU)': () => new ll.ReLU().delete(),
  };
}
const cases = Object.fromEntries(Object.entries(builds).map(([k, ll]) => [k, setup(ll)]));
const names = Object.keys(Object.values(cases)[0]);
const rows = [];
for (const name of names) {
  const samples = Object.fromEntries(Object.keys(builds).map((b) => [b, []]));
  for (let round = 0; round < 15; round++) {
    for (const b of Object.keys(builds)) {
      const fn = cases[b][name];
      const n = 20000;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      samples[b].push(((performance.now() - t0) * 1e6) / n);
    }
  }
  const [a, b] = Object.keys(builds).map((k) => median(samples[k]));
  rows.push(`| ${name} | ${a.toFixed(0)} ns | ${b.toFixed(0)} ns | ${(a / b).toFixed(2)}× |`);
}
console.log('| call | DYNAMIC_EXECUTION=0 | DYNAMIC_EXECUTION=1 | ratio |\n|---|---:|---:|---:|\n' + rows.join('\n'));
