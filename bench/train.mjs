// npm run bench (second part): one full training step — forward in training mode, softmax
// cross-entropy, backward, SGD update — raced in one Node process between layerlab's WASM
// module, TensorFlow.js 4.22's WASM backend (XNNPACK, SIMD, one thread; gradients from
// @tensorflow/tfjs, optimizer.minimize) and ConvNetJS 0.3 (pure JS), all starting from the same
// weights on the same batch. Before timing, the losses of two consecutive steps must agree
// across the three (so the same gradients were applied). Also layerlab's own forward pass, for
// the step/forward ratio. Results go to bench/results/train.{json,md}.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import createLayerlab from '../build/wasm/layerlab.mjs';
import { race, seededValues } from './timing.mjs';

const convnetjs = createRequire(import.meta.url)('convnetjs');
const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const quick = process.argv.includes('--quick');
const LR = 0.01;

const CASES = [
  { net: [784, 256, 128, 10], batch: 32 },
  { net: [784, 256, 128, 10], batch: 1 },
  { net: [784, 256, 128, 10], batch: 256 },
  { net: [64, 128, 10], batch: 32 },
  { net: [64, 128, 10], batch: 1 },
];

const ll = await createLayerlab({ wasmBinary: readFileSync(root('build/wasm/layerlab.wasm')) });
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
await tf.setBackend('wasm');
await tf.ready();
if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('TF.js WASM backend without SIMD');

/** Weights (in, out) and zero biases for every Linear of `sizes`, the same for all three. */
function weightsFor(sizes) {
  return sizes.slice(0, -1).map((n, i) => ({
    w: seededValues(n * sizes[i + 1], 10 + i).map((v) => v * Math.sqrt(3 / n)), // LeCun-uniform scale
    inF: n,
    outF: sizes[i + 1],
  }));
}

function batchFor(sizes, B) {
  const x = seededValues(B * sizes[0], 1).map((v) => (v + 1) / 2); // pixel-like [0, 1)
  const labels = Array.from({ length: B }, (_, i) => (i * 7 + 3) % sizes.at(-1));
  return { x, labels };
}

function layerlabContender(weights, { x, labels }, B) {
  const net = new ll.Sequential();
  weights.forEach(({ w, inF, outF }, i) => {
    const lin = new ll.Linear(inF, outF);
    const wt = ll.Tensor.fromArray(w, [inF, outF]);
    lin.setWeight(wt);
    wt.delete();
    net.add(lin);
    lin.delete();
    if (i + 1 < weights.length) {
      const relu = new ll.ReLU();
      net.add(relu);
      relu.delete();
    }
  });
  const loss = new ll.CrossEntropyLoss();
  const opt = new ll.SGD(net, { lr: LR });
  const xt = ll.Tensor.fromArray(x, [B, weights[0].inF]);
  const tt = ll.Tensor.fromArray(Float32Array.from(labels), [B]);
  return {
    step: () => ll.trainStep(net, loss, opt, xt, tt).loss,
    forward: () => net.forward(xt, false).delete(),
    free: () => [net, loss, opt, xt, tt].forEach((h) => h.delete()),
  };
}

function tfjsContender(weights, { x, labels }, B) {
  const vars = weights.flatMap(({ w, inF, outF }) => [
    tf.variable(tf.tensor2d(w, [inF, outF])),
    tf.variable(tf.zeros([outF])),
  ]);
  const tx = tf.tensor2d(x, [B, weights[0].inF]);
  const ty = tf.oneHot(tf.tensor1d(labels, 'int32'), weights.at(-1).outF);
  const opt = tf.train.sgd(LR);
  const logits = () => {
    let h = tx;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
      if (i + 2 < vars.length) h = tf.relu(h);
    }
    return h;
  };
  return {
    step: () => {
      const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(ty, logits()), true);
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    free: () => tf.dispose([...vars, tx, ty]),
  };
}

function convnetContender(weights, { x, labels }, B) {
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: weights[0].inF }];
  weights.forEach(({ outF }, i) => {
    defs.push(i + 1 < weights.length ? { type: 'fc', num_neurons: outF, activation: 'relu' } : { type: 'softmax', num_classes: outF });
  });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  // Copy the weights: filter o of a fc layer holds column o of W (in, out); biases start at 0.
  const fcs = net.layers.filter((l) => l.layer_type === 'fc');
  fcs.forEach((layer, i) => {
    const { w, inF, outF } = weights[i];
    for (let o = 0; o < outF; o++) {
      for (let k = 0; k < inF; k++) layer.filters[o].w[k] = w[k * outF + o];
      layer.biases.w[o] = 0;
    }
  });
  const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: LR, momentum: 0, batch_size: B, l2_decay: 0 });
  const samples = Array.from({ length: B }, (_, b) => {
    const v = new convnetjs.Vol(1, 1, weights[0].inF, 0);
    v.w.set(x.subarray(b * weights[0].inF, (b + 1) * weights[0].inF));
    return v;
  });
  return {
    step: () => {
      let loss = 0;
      for (let b = 0; b < B; b++) loss += trainer.train(samples[b], labels[b]).cost_loss;
      return loss / B; // ConvNetJS updates once every batch_size samples: one step
    },
    free: () => {},
  };
}

const rows = [];
for (const { net, batch: B } of CASES) {
  const weights = weightsFor(net);
  const batch = batchFor(net, B);
  const a = layerlabContender(weights, batch, B);
  const b = tfjsContender(weights, batch, B);
  const c = convnetContender(weights, batch, B);
  // Same weights, same batch: the losses of two consecutive steps must agree.
  const losses = [0, 1].map(() => [a.step(), b.step(), c.step()]);
  for (const [la, lt, lc] of losses) {
    const worst = Math.max(Math.abs(la - lt), Math.abs(la - lc)) / Math.max(1, Math.abs(la));
    if (!(worst < 1e-4)) throw new Error(`losses disagree for ${net.join('-')} at batch ${B}: ${la} ${lt} ${lc}`);
  }
  const opts = { rounds: quick ? 5 : 15, warmup: 10, targetMs: 40 };
  const t = race({ step: a.step, forward: a.forward, tfjs: b.step }, opts);
  const cj = race({ convnetjs: c.step }, { rounds: quick ? 2 : 5, warmup: 2, targetMs: 40 }).convnetjs;
  [a, b, c].forEach((x) => x.free());
  const row = {
    case: `MLP ${net.join('→')}, batch ${B}`,
    stepMs: t.step,
    forwardMs: t.forward,
    tfjsMs: t.tfjs,
    convnetjsMs: cj,
    stepOverForward: t.step / t.forward,
    vsTfjs: t.tfjs / t.step,
    vsConvnetjs: cj / t.step,
    samplesPerSecond: (1000 * B) / t.step,
    tfjsSamplesPerSecond: (1000 * B) / t.tfjs,
    firstLosses: losses[0],
  };
  rows.push(row);
  console.log(row.case, `step ${t.step.toFixed(3)} ms (${row.stepOverForward.toFixed(2)}× forward ${t.forward.toFixed(3)} ms)`,
    `TF.js ${t.tfjs.toFixed(3)} ms (${row.vsTfjs.toFixed(1)}×)`, `ConvNetJS ${cj.toFixed(2)} ms (${row.vsConvnetjs.toFixed(0)}×)`);
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
const f = (x, d = 2) => x.toFixed(d);
const md = [
  `Machine: ${machine}. One SGD training step (forward in training mode, softmax cross-entropy, backward, update), median ms; TF.js ${tf.version_core} WASM (SIMD, 1 thread), ConvNetJS 0.3.`,
  '',
  '| case | layerlab step ms | step ÷ own forward | samples/s | TF.js WASM ms | layerlab vs TF.js | ConvNetJS ms | vs ConvNetJS |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.case} | ${f(r.stepMs, 3)} | ${f(r.stepOverForward)}× | ${Math.round(r.samplesPerSecond).toLocaleString('en')} | ${f(r.tfjsMs, 3)} | ${f(r.vsTfjs, 1)}× | ${f(r.convnetjsMs)} | ${f(r.vsConvnetjs, 0)}× |`),
  '',
].join('\n');
mkdirSync(root('bench/results'), { recursive: true });
writeFileSync(root('bench/results/train.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, lr: LR, rows }, null, 2)}\n`);
writeFileSync(root('bench/results/train.md'), md);
console.log(`\n${md}`);
console.log('wrote bench/results/train.json and bench/results/train.md');
