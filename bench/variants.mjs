// Compares build variants of the module in one process, alternating, medians of batches:
// per-call cost of bound functions and an MNIST-MLP forward pass. The default build
// (build/wasm) against any variant folders given as arguments, e.g.
//   emcmake cmake -S . -B build/wasm-dyn -DLAYERLAB_DYNAMIC_EXECUTION=1      (Embind with eval)
//   emcmake cmake -S . -B build/wasm-jsexc -DLAYERLAB_WASM_EXCEPTIONS=js     (-fexceptions)
//   emcmake cmake -S . -B build/wasm-os -DCMAKE_BUILD_TYPE=MinSizeRel         (-Os)
//   cmake --build <dir>; node bench/variants.mjs build/wasm-dyn build/wasm-jsexc build/wasm-os
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const dirs = ['build/wasm', ...process.argv.slice(2)];
async function load(dir) {
  const { default: create } = await import(root(`${dir}/layerlab.mjs`));
  return create({ wasmBinary: readFileSync(root(`${dir}/layerlab.wasm`)) });
}

function cases(ll) {
  const lin = new ll.Linear(4, 4);
  const x = ll.Tensor.fromArray(new Float32Array(4), [1, 4]);
  const net = new ll.Sequential();
  for (const layer of [new ll.Linear(784, 256), new ll.ReLU(), new ll.Linear(256, 128), new ll.ReLU(), new ll.Linear(128, 10)]) {
    net.add(layer);
    layer.delete();
  }
  const batch = ll.Tensor.fromArray(new Float32Array(32 * 784).fill(0.5), [32, 784]);
  return {
    'method call (parameterCount)': { n: 20000, fn: () => lin.parameterCount() },
    'tiny forward (1×4)·(4×4) + delete': { n: 20000, fn: () => lin.forward(x).delete() },
    'constructor + delete (ReLU)': { n: 20000, fn: () => new ll.ReLU().delete() },
    'MNIST MLP forward, batch 32': { n: 20, fn: () => net.forward(batch, false).delete() },
  };
}

const builds = [];
for (const dir of dirs) builds.push({ dir, cases: cases(await load(dir)) });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const names = Object.keys(builds[0].cases);
const header = `| | ${dirs.join(' | ')} |\n|---|${dirs.map(() => '---:').join('|')}|`;
const sizeRow = `| layerlab.wasm raw / gzip | ${dirs
  .map((d) => {
    const bytes = readFileSync(root(`${d}/layerlab.wasm`));
    return `${(statSync(root(`${d}/layerlab.wasm`)).size / 1024).toFixed(0)} / ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KiB`;
  })
  .join(' | ')} |`;
const rows = [sizeRow];
for (const name of names) {
  const samples = builds.map(() => []);
  for (let round = 0; round < 15; round++) {
    builds.forEach((b, i) => {
      const { n, fn } = b.cases[name];
      const t0 = performance.now();
      for (let k = 0; k < n; k++) fn();
      samples[i].push(((performance.now() - t0) * 1e6) / n);
    });
  }
  const base = median(samples[0]);
  const cell = (ns) => (ns > 1e5 ? `${(ns / 1e6).toFixed(3)} ms` : `${ns.toFixed(0)} ns`);
  rows.push(`| ${name} | ${samples.map((s, i) => cell(median(s)) + (i ? ` (${(median(s) / base).toFixed(2)}×)` : '')).join(' | ')} |`);
}
console.log(`${header}\n${rows.join('\n')}`);
