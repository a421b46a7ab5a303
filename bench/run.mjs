// npm run bench: layerlab's WASM forward pass side by side with TensorFlow.js's WASM backend
// (XNNPACK, SIMD, one thread), the naive product compiled to WASM, and a register-only f32x4
// probe of the machine's reachable ceiling, all in one Node process; then the backward
// kernels (gemm_tn, gemm_nt, from the side module) against their naive WASM loops. Contenders alternate
// within every round, so drifts in clock speed or load hit them alike; each figure is the
// median over rounds of a batch of calls, after warm-up. Results go to bench/results/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import createLayerlab from '../build/wasm/layerlab.mjs';
import createKernels from '../build/bench/kernels.mjs';
import { median, race, seededValues } from './timing.mjs';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const quick = process.argv.includes('--quick');

const LINEAR_SHAPES = [
  [32, 784, 256],
  [32, 256, 128],
  [32, 128, 10],
  [64, 2048, 1000],
  [256, 4096, 4096],
];
const MLP = [784, 256, 128, 10];
const MLP_BATCHES = [1, 32, 256];
const LARGE_FLOPS = 1e9; // "large shapes" for the ceiling target
// Linear shapes (x (M, K), W (K, N)) whose backward products are timed: the MLP's layers at
// batch 32, 1 and 256, then the two large Linear shapes (the last two above).
const BACKWARD_SHAPES = [
  ...[32, 1, 256].flatMap((B) => MLP.slice(0, -1).map((k, i) => [B, k, MLP[i + 1]])),
  ...LINEAR_SHAPES.slice(-2),
];

// ---- contenders -----------------------------------------------------------------------------

const ll = await createLayerlab({ wasmBinary: readFileSync(root('build/wasm/layerlab.wasm')) });
const kernels = await createKernels({ wasmBinary: readFileSync(root('build/bench/kernels.wasm')) });
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
await tf.setBackend('wasm');
await tf.ready();
if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('TF.js WASM backend without SIMD');

/** The naive product in WASM, on buffers allocated once in the side module's heap. */
function naiveContender(M, K, N) {
  const bytes = 4;
  const px = kernels._malloc(M * K * bytes);
  const pw = kernels._malloc(K * N * bytes);
  const pb = kernels._malloc(N * bytes);
  const py = kernels._malloc(M * N * bytes);
  kernels.HEAPF32.set(seededValues(M * K, 1), px / 4);
  kernels.HEAPF32.set(seededValues(K * N, 2), pw / 4);
  kernels.HEAPF32.set(seededValues(N, 3), pb / 4);
  return {
    run: () => kernels._ll_naive_gemm(px, pw, pb, py, M, K, N),
    free: () => [px, pw, pb, py].forEach((p) => kernels._free(p)),
  };
}

function linearContenders(M, K, N) {
  const x = ll.Tensor.fromArray(seededValues(M * K, 1), [M, K]);
  const lin = new ll.Linear(K, N);
  const w = ll.Tensor.fromArray(seededValues(K * N, 2), [K, N]);
  lin.setWeight(w);
  w.delete();
  const tx = tf.tensor2d(seededValues(M * K, 1), [M, K]);
  const tw = tf.tensor2d(seededValues(K * N, 2), [K, N]);
  const tb = tf.tensor1d(seededValues(N, 3));
  return {
    layerlab: () => lin.forward(x).delete(),
    tfjs: () => tf.fused.matMul({ a: tx, b: tw, bias: tb }).dispose(),
    free: () => {
      x.delete();
      lin.delete();
      tf.dispose([tx, tw, tb]);
    },
  };
}

function mlpContenders(B) {
  const net = new ll.Sequential();
  const tfWeights = [];
  for (let i = 0; i + 1 < MLP.length; i++) {
    const lin = new ll.Linear(MLP[i], MLP[i + 1]);
    const w = ll.Tensor.fromArray(seededValues(MLP[i] * MLP[i + 1], 10 + i), [MLP[i], MLP[i + 1]]);
    lin.setWeight(w);
    w.delete();
    net.add(lin);
    lin.delete();
    if (i + 2 < MLP.length) {
      const relu = new ll.ReLU();
      net.add(relu);
      relu.delete();
    }
    tfWeights.push([tf.tensor2d(seededValues(MLP[i] * MLP[i + 1], 10 + i), [MLP[i], MLP[i + 1]]), tf.zeros([MLP[i + 1]])]);
  }
  const x = ll.Tensor.fromArray(seededValues(B * MLP[0], 1), [B, MLP[0]]);
  const tx = tf.tensor2d(seededValues(B * MLP[0], 1), [B, MLP[0]]);
  return {
    layerlab: () => net.forward(x, false).delete(),
    tfjs: () => {
      let h = tx;
      tfWeights.forEach(([w, b], i) => {
        const next = tf.fused.matMul({ a: h, b: w, bias: b, activation: i + 1 < tfWeights.length ? 'relu' : 'linear' });
        if (h !== tx) h.dispose();
        h = next;
      });
      h.dispose();
    },
    free: () => {
      net.delete();
      x.delete();
      tf.dispose([tx, ...tfWeights.flat()]);
    },
  };
}

/**
 * The fast backward kernels (dW += xᵀ·dy as a training step accumulates, dx = dy·Wᵀ) and their
 * naive loops, all in the side module's heap. The naive loops run on a slice of the batch when
 * the full product would take seconds (same strides, fewer rows).
 */
function backwardContenders(M, K, N) {
  const heap = (n, seed) => {
    const p = kernels._malloc(n * 4);
    if (seed !== null) kernels.HEAPF32.set(seededValues(n, seed), p / 4);
    return p;
  };
  const [px, pdy, pw, pdw, pdx] = [heap(M * K, 1), heap(M * N, 4), heap(K * N, 2), heap(K * N, null), heap(M * K, null)];
  kernels.HEAPF32.fill(0, pdw / 4, pdw / 4 + K * N);
  const slice = Math.max(1, Math.min(M, Math.floor(2e8 / (2 * K * N))));
  return {
    slice,
    tn: () => kernels._ll_gemm_tn(px, pdy, pdw, M, K, N, 1),
    nt: () => kernels._ll_gemm_nt(pdy, pw, pdx, M, N, K),
    naiveTn: () => kernels._ll_naive_gemm_tn(px, pdy, pdw, slice, K, N),
    naiveNt: () => kernels._ll_naive_gemm_nt(pdy, pw, pdx, slice, N, K),
    free: () => [px, pdy, pw, pdw, pdx].forEach((p) => kernels._free(p)),
  };
}

/** Leaves Liftoff: every backward entry point called often on small shapes before timing. */
function warmBackward() {
  for (const [M, K, N] of [[1, 64, 24], [7, 40, 13], [32, 128, 64]]) {
    const c = backwardContenders(M, K, N);
    for (let i = 0; i < 200; i++) {
      c.tn();
      c.nt();
    }
    for (let i = 0; i < 20; i++) {
      c.naiveTn();
      c.naiveNt();
    }
    c.free();
  }
}

function measureCeiling() {
  const iters = 2_000_000;
  for (let i = 0; i < 5; i++) kernels._ll_probe_ceiling(iters); // leave Liftoff
  const rates = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    const flops = kernels._ll_probe_ceiling(iters);
    rates.push(flops / ((performance.now() - t0) * 1e6));
  }
  return median(rates);
}

// ---- run --------------------------------------------------------------------------------------
const gflops = (flops, ms) => flops / (ms * 1e6);
const rows = [];
const ceiling = measureCeiling();
console.log(`SIMD ceiling (f32x4 mul+add, registers only): ${ceiling.toFixed(1)} GFLOP/s; kernel: ${ll.kernelName()}`);

for (const [M, K, N] of LINEAR_SHAPES) {
  const flops = 2 * M * K * N;
  const large = flops >= LARGE_FLOPS;
  const c = linearContenders(M, K, N);
  const naive = naiveContender(M, K, N);
  const opts = large
    ? { rounds: quick ? 3 : 7, warmup: 2, targetMs: 1 }
    : { rounds: quick ? 7 : 21, warmup: 20, targetMs: 25 };
  const t = race({ layerlab: c.layerlab, tfjs: c.tfjs }, opts);
  // The naive loop is 10-50x slower: fewer rounds of it, timed on its own.
  const naiveMs = race({ naive: naive.run }, { rounds: large ? 1 : 5, warmup: large ? 0 : 3, targetMs: large ? 1 : 25 }).naive;
  c.free();
  naive.free();
  rows.push({ case: `Linear (${M}×${K})·(${K}×${N})`, flops, large, layerlabMs: t.layerlab, tfjsMs: t.tfjs, naiveMs });
  console.log(rows.at(-1).case, t, `naive ${naiveMs.toFixed(2)} ms`);
}

for (const B of MLP_BATCHES) {
  let flops = 0;
  for (let i = 0; i + 1 < MLP.length; i++) flops += 2 * B * MLP[i] * MLP[i + 1];
  const c = mlpContenders(B);
  const t = race({ layerlab: c.layerlab, tfjs: c.tfjs }, { rounds: quick ? 7 : 21, warmup: 20, targetMs: 25 });
  c.free();
  rows.push({ case: `MLP 784→256→128→10, batch ${B}`, flops, large: false, layerlabMs: t.layerlab, tfjsMs: t.tfjs, naiveMs: null });
  console.log(rows.at(-1).case, t);
}

warmBackward();
const backwardRows = [];
for (const [M, K, N] of BACKWARD_SHAPES) {
  const flops = 2 * M * K * N;
  const large = flops >= LARGE_FLOPS;
  const c = backwardContenders(M, K, N);
  const opts = large
    ? { rounds: quick ? 3 : 7, warmup: 2, targetMs: 1 }
    : { rounds: quick ? 7 : 21, warmup: 20, targetMs: 25 };
  const t = race({ tn: c.tn, nt: c.nt }, opts);
  const sliceFlops = 2 * c.slice * K * N;
  const naiveOpts = { rounds: large ? 1 : 5, warmup: large ? 0 : 3, targetMs: large ? 1 : 25 };
  const naive = race({ tn: c.naiveTn, nt: c.naiveNt }, naiveOpts);
  c.free();
  for (const kind of ['tn', 'nt']) {
    const what = kind === 'tn' ? `dW += xᵀ·dy, (${K}×${M})·(${M}×${N})` : `dx = dy·Wᵀ, (${M}×${N})·(${N}×${K})`;
    backwardRows.push({
      case: what,
      kernel: kind === 'tn' ? 'gemm_tn' : 'gemm_nt',
      M,
      K,
      N,
      flops,
      large,
      ms: t[kind],
      gflops: gflops(flops, t[kind]),
      naiveGflops: gflops(sliceFlops, naive[kind]),
      naiveRows: c.slice,
      fractionOfCeiling: gflops(flops, t[kind]) / ceiling,
    });
    const r = backwardRows.at(-1);
    console.log(r.case, `${r.ms.toFixed(3)} ms, ${r.gflops.toFixed(1)} GFLOP/s (${(100 * r.fractionOfCeiling).toFixed(0)}% of ceiling), naive ${r.naiveGflops.toFixed(2)}`);
  }
}

// ---- report -----------------------------------------------------------------------------------
const results = rows.map((r) => ({
  ...r,
  layerlabGflops: gflops(r.flops, r.layerlabMs),
  tfjsGflops: gflops(r.flops, r.tfjsMs),
  naiveGflops: r.naiveMs === null ? null : gflops(r.flops, r.naiveMs),
  speedupVsTfjs: r.tfjsMs / r.layerlabMs,
  fractionOfCeiling: gflops(r.flops, r.layerlabMs) / ceiling,
}));
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
const report = {
  date: new Date().toISOString(),
  machine,
  kernel: ll.kernelName(),
  ceilingGflops: ceiling,
  tfjs: { version: tf.version_core, backend: tf.getBackend(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: 1 },
  results,
  backward: backwardRows,
};

const f = (x, d = 2) => (x === null ? '—' : x.toFixed(d));
const md = [
  `Machine: ${machine}. Kernel: ${ll.kernelName()}. Measured SIMD ceiling: ${ceiling.toFixed(1)} GFLOP/s.`,
  '',
  '| case | layerlab ms | layerlab GFLOP/s | TF.js WASM ms | TF.js GFLOP/s | naive GFLOP/s | vs TF.js | of ceiling |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.case} | ${f(r.layerlabMs, 3)} | ${f(r.layerlabGflops, 1)} | ${f(r.tfjsMs, 3)} | ${f(r.tfjsGflops, 1)} | ${f(r.naiveGflops, 1)} | ${f(r.speedupVsTfjs)}× | ${(100 * r.fractionOfCeiling).toFixed(0)}% |`,
  ),
  '',
  'Backward kernels (Linear x (M, K), W (K, N); naive WASM loop on the first rows of the batch where marked):',
  '',
  '| product | ms | GFLOP/s | of ceiling | naive WASM GFLOP/s | vs naive |',
  '|---|---:|---:|---:|---:|---:|',
  ...backwardRows.map(
    (r) =>
      `| ${r.case} | ${f(r.ms, 3)} | ${f(r.gflops, 1)} | ${(100 * r.fractionOfCeiling).toFixed(0)}% | ${f(r.naiveGflops, 2)}${r.naiveRows < r.M ? ` (${r.naiveRows} rows)` : ''} | ${f(r.gflops / r.naiveGflops, 0)}× |`,
  ),
  '',
].join('\n');

mkdirSync(root('bench/results'), { recursive: true });
writeFileSync(root('bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(root('bench/results/latest.md'), md);
console.log(`\n${md}`);
console.log('wrote bench/results/latest.json and bench/results/latest.md');
