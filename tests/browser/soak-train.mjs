// The training half of the soak: seeded actions on the real page's controls (network edits,
// Play, Pause, Step, Reset, learning rate, optimizer, weight decay, mini-batch, data set, the
// one-click fit, refused values), each checked against the soak's own record of what it did,
// and the checks a checkpoint makes on the whole state (model, training settings, status,
// the link, the panel). Used by soak.mjs.
//
// The record is the soak's independent account of the page: the blocks it added, removed,
// moved and resized; the input and seed; the training settings; and the run: idle, paused
// (with the step count: 0 after a reset or restart, +1 per Step), running (step unknown until
// paused), error (the network does not fit the data set) or diverged. After every training
// action the soak waits, bounded, until the page's training status says what the record says.
import { assert, eventually } from './harness.mjs';
import { withTimeout } from './limits.mjs';

/** Input features and classes of each data set (web/src/model/training/fit.ts says the same). */
export const DATA_SHAPES = { digits: [64, 10], 'fashion-mnist': [784, 10], circle: [2, 2], xor: [2, 2], gauss: [2, 2], spiral: [2, 2], moons: [2, 2] };
export const DEFAULT_SETTINGS = { dataset: 'digits', optimizer: 'adam', lr: 0.001, batchSize: 32, weightDecay: 0 };
const MNIST_BLOCKS = [{ kind: 'linear', out: 256 }, { kind: 'relu' }, { kind: 'linear', out: 128 }, { kind: 'relu' }, { kind: 'linear', out: 10 }];

/** The record right after the MNIST MLP preset was loaded with training never started. */
export function initialRecord() {
  return { blocks: MNIST_BLOCKS.map((b) => ({ ...b })), features: [784], batch: 32, training: true, seed: 42, settings: { ...DEFAULT_SETTINGS }, refused: {}, run: 'idle', step: 0, replayable: true };
}

/** Back to the MNIST preset, then the digits defaults, fitted, reset and 3 steps: the state every worker heap figure is taken in. */
export const CANONICAL = ['preset', 'dataset:digits', 'optimizer:adam', 'lr:0.001', 'wd:0', 'bs:32', 'fit', 'reset', 'step', 'step', 'step'];

/**
 * Runs `count` seeded random actions (or the `script` of actions) in the page and returns the
 * PRNG state, the updated record and counters. Runs inside the page: everything it needs is
 * passed in or in window.__soakKit (soak.mjs's frameShim). Throws, naming the action, when the
 * page disagrees with the record.
 */
export async function trainActionsInPage({ count, state, rec, maxBlocks, fashionLeft, shapes, mnist, script = null, limitMs = 20_000 }) {
  const { random, fieldIn, type } = window.__soakKit;
  const rng = random(state);
  const rand = rng.next;
  const pick = rng.pick;
  const train = window.__layerlabTrain;
  const frame = () => window.__frame('the frame after a soak action');
  const $ = (selector) => document.querySelector(selector);
  const control = (name) => $(`[data-train="${name}"]`);
  const cards = () => [...document.querySelectorAll('.block-card')];
  const commit = (input, text) => {
    type(input, text);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const visible = (node) => node !== null && !node.hidden && node.closest('[hidden]') === null;
  const status = () => train.status();
  const counts = {};
  const notPossible = {};
  let diverged = 0;
  let skipped = 0;
  let where = '';
  /** The last actions and the status after each, for a failure's message. */
  const trail = [];
  const fail = (what) => {
    throw new Error(`${where}: ${what}; record ${JSON.stringify({ ...rec, blocks: rec.blocks.length })}, page ${JSON.stringify(status())}; before: ${trail.join(', ')}`);
  };
  const until = async (check, what) => {
    const end = performance.now() + limitMs;
    while (!check()) {
      if (performance.now() > end) fail(`waited ${limitMs / 1000} s for ${what}`);
      await new Promise((r) => setTimeout(r, 3));
    }
  };
  /**
   * A paused run's final step: the worker has handled everything sent so far and has no step
   * left to take, and the page shows its step. Asked again (bounded) while steps are pending.
   */
  const sync = async () => {
    const end = performance.now() + limitMs;
    for (;;) {
      const m = await train.workerMemory();
      if (!m.working && status().step === m.step) return m;
      if (performance.now() > end) fail(`waited ${limitMs / 1000} s for the worker to stop stepping and the page to show its step (worker: step ${m.step}, ${m.working ? 'still stepping' : 'idle'})`);
      await new Promise((r) => setTimeout(r, 3));
    }
  };

  const shape = () => shapes[rec.settings.dataset];
  const linears = () => rec.blocks.filter((b) => b.kind === 'linear');
  const fits = () => {
    const [features, classes] = shape();
    const lin = linears();
    return rec.features.reduce((a, b) => a * b, 1) === features && lin.length > 0 && lin[lin.length - 1].out === classes;
  };
  const networkKey = () => JSON.stringify([rec.blocks, rec.features, rec.seed]);

  /** A new network or a data-changing setting: the run starts over from the seed (web/src/train/page/state.ts). */
  const restart = () => {
    if (rec.run === 'idle') return;
    rec.replayable = true;
    if (!fits()) {
      rec.run = 'error';
      rec.step = 0;
    } else if (rec.run === 'running') {
      rec.step = null;
    } else {
      rec.run = 'paused';
      rec.step = 0;
    }
  };
  /** Waits until the page's training status is the record's; a divergence is taken in and counted. */
  const settle = async (what) => {
    await until(() => {
      const st = status();
      if (st.status === 'loading') return false;
      if (st.status === 'diverged') return true;
      return st.status === rec.run && (rec.step === null || st.step === rec.step);
    }, what);
    if (status().status === 'diverged' && rec.run !== 'diverged') await absorbDivergence();
  };
  async function absorbDivergence() {
    diverged++;
    rec.run = 'diverged';
    rec.replayable = false;
    rec.step = (await sync()).step;
  }
  /** An edit went through the store: one frame, then the training side's reaction. */
  const edited = async (before) => {
    await frame();
    if (networkKey() !== before) {
      restart();
      await settle('the run to start over after a network edit');
    }
  };
  const readySettingChange = () => {
    // lr, optimizer and weight decay keep the weights; the link keeps its steps only at step 0.
    if (['paused', 'running', 'diverged'].includes(rec.run)) rec.replayable = rec.replayable && status().step === 0;
  };

  const perform = async (op, args) => {
    const arg = args[0];
    const all = cards();
    switch (op) {
      case 'add': {
        if (all.length >= maxBlocks) return false;
        const kind = arg ?? pick(['Linear', 'Linear', 'ReLU', 'Dropout', 'Tanh', 'Sigmoid']);
        const words = $('#palette-where').textContent ?? '';
        const after = words.match(/after block (\d+)/);
        const at = after ? Number(after[1]) : rec.blocks.length;
        const before = networkKey();
        $(`.palette button[aria-label="Add ${kind}"]`).click();
        const block = kind === 'Linear' ? { kind: 'linear', out: 64 } : kind === 'Dropout' ? { kind: 'dropout', p: 0.5 } : { kind: kind.toLowerCase() };
        rec.blocks.splice(at, 0, block);
        await edited(before);
        return true;
      }
      case 'remove': {
        if (all.length <= 2) return false;
        const i = Math.floor(rand() * all.length);
        const before = networkKey();
        all[i].querySelector('button[aria-label^="Remove"]').click();
        rec.blocks.splice(i, 1);
        await edited(before);
        return true;
      }
      case 'move': {
        const buttons = all.flatMap((c, i) => [
          { i, up: true, b: c.querySelector('button[aria-label^="Move up"]') },
          { i, up: false, b: c.querySelector('button[aria-label^="Move down"]') },
        ]).filter((x) => x.b && !x.b.disabled);
        if (buttons.length === 0) return false;
        const m = pick(buttons);
        const j = m.up ? m.i - 1 : m.i + 1;
        const before = networkKey();
        m.b.click();
        [rec.blocks[m.i], rec.blocks[j]] = [rec.blocks[j], rec.blocks[m.i]];
        await edited(before);
        return true;
      }
      case 'resize': {
        const idx = all.map((c, i) => (c.dataset.kind === 'linear' ? i : -1)).filter((i) => i >= 0);
        if (idx.length === 0) return false;
        const [i, out] = args.length === 2 ? args : [pick(idx), 1 + Math.floor(rand() * 512)];
        const before = networkKey();
        type(fieldIn(all[i], 'Out features'), String(out));
        rec.blocks[i].out = out;
        await edited(before);
        return true;
      }
      case 'dropoutP': {
        const idx = all.map((c, i) => (c.dataset.kind === 'dropout' ? i : -1)).filter((i) => i >= 0);
        if (idx.length === 0) return false;
        const i = pick(idx);
        const text = (Math.floor(rand() * 96) / 100).toFixed(2);
        const before = networkKey();
        type(all[i].querySelector('input[type="range"]'), text);
        rec.blocks[i].p = Number(text);
        await edited(before);
        return true;
      }
      case 'mode': {
        $('[role="switch"]').click();
        rec.training = !rec.training;
        await frame();
        return true;
      }
      case 'seed': {
        const seed = Math.floor(rand() * 4294967296);
        const before = networkKey();
        type(fieldIn(document, 'Seed'), String(seed));
        rec.seed = seed;
        await edited(before);
        return true;
      }
      case 'preset': {
        const before = networkKey();
        $('button[data-preset="mnist-mlp"]').click();
        Object.assign(rec, { blocks: mnist.map((b) => ({ ...b })), features: [784], batch: 32, training: true, seed: 42 });
        await edited(before);
        return true;
      }
      case 'fit': {
        const box = control('fit-box');
        const button = control('fit');
        const canFix = linears().length > 0;
        // The panel repaints at most ~10 times a second: what it shows may be one repaint behind.
        await until(
          () => visible(box) !== fits() && (fits() || visible(button) === canFix),
          `the fit box to be ${fits() ? 'hidden' : `shown, its button ${canFix ? 'shown' : 'hidden'}`} (the network ${fits() ? 'fits' : 'does not fit'} ${rec.settings.dataset})`,
        );
        if (fits() || !canFix) return false;
        const [features, classes] = shape();
        const before = networkKey();
        button.click();
        rec.features = [features];
        linears()[linears().length - 1].out = classes;
        await edited(before);
        return true;
      }
      case 'play': {
        if (rec.run === 'running') return false;
        const button = control('play');
        await until(() => button.disabled === !fits() && button.textContent === 'Play', `the panel to offer Play, ${fits() ? 'enabled (the network fits)' : 'disabled (the network does not fit)'}`);
        if (!fits()) return false;
        button.click();
        if (rec.run === 'idle' || rec.run === 'error') rec.replayable = true;
        rec.run = 'running';
        rec.step = null;
        await settle('Play to run');
        return true;
      }
      case 'pause': {
        if (rec.run !== 'running') return false;
        await until(() => control('play').textContent === 'Pause' || status().status === 'diverged', 'the panel to offer Pause');
        if (status().status === 'diverged') {
          await absorbDivergence();
          return false;
        }
        control('play').click();
        rec.run = 'paused';
        await settle('Pause to pause');
        rec.step = (await sync()).step;
        return true;
      }
      case 'step':
      case 'step2': {
        const button = control('step');
        await until(() => button.disabled === !fits(), `Step to be ${fits() ? 'enabled (the network fits)' : 'disabled (the network does not fit)'}`);
        if (!fits()) return false;
        // step2: two clicks in one task, as a quick double click; each is one more batch.
        const clicks = op === 'step2' && (rec.run === 'paused' || rec.run === 'diverged') ? 2 : 1;
        for (let k = 0; k < clicks; k++) button.click();
        if (rec.run === 'idle' || rec.run === 'error') {
          rec.replayable = true;
          rec.step = 1;
        } else if (rec.step !== null) {
          rec.step += clicks;
        }
        rec.run = 'paused';
        await settle(`${clicks} Step${clicks > 1 ? 's' : ''} to be taken`);
        if (rec.step === null) rec.step = (await sync()).step;
        return true;
      }
      case 'reset': {
        control('reset').click();
        rec.replayable = true;
        rec.run = fits() ? 'paused' : 'error';
        rec.step = 0;
        await settle('Reset to go back to step 0');
        return true;
      }
      case 'lr':
      case 'wd': {
        const key = op === 'lr' ? 'lr' : 'weightDecay';
        const value = arg ?? (op === 'lr' ? pick([0.0003, 0.001, 0.003, 0.01, 0.03]) : pick([0, 0.0001, 0.001, 0.01]));
        if (value !== rec.settings[key]) readySettingChange();
        commit(control(key), String(value));
        rec.settings[key] = value;
        delete rec.refused[key];
        return true;
      }
      case 'optimizer': {
        const value = arg ?? pick(['sgd', 'adam', 'adamw']);
        if (value !== rec.settings.optimizer) readySettingChange();
        const select = control('optimizer');
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        rec.settings.optimizer = value;
        return true;
      }
      case 'bs': {
        // Not 1: one sample's loss as the yardstick trips the page's divergence check by chance
        // (a first loss of 0.0085, then 1.24 "over 100 ×"), which a soak cannot foresee.
        const value = arg ?? pick([1, 8, 16, 32, 64, 128, 512]);
        const changed = value !== rec.settings.batchSize;
        commit(control('batchSize'), String(value));
        rec.settings.batchSize = value;
        delete rec.refused.batchSize;
        if (changed) {
          restart();
          await settle('the run to start over with a new mini-batch');
        }
        return true;
      }
      case 'dataset': {
        const sets = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'digits', 'digits'];
        if (fashionLeft > 0) sets.push('fashion-mnist');
        const value = arg ?? pick(sets);
        if (value === 'fashion-mnist' && !arg) fashionLeft--;
        const changed = value !== rec.settings.dataset;
        const select = control('dataset');
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        rec.settings.dataset = value;
        if (changed) {
          restart();
          await settle(`the run to start over on ${value}`);
        }
        return true;
      }
      case 'refuse': {
        // A hostile value typed into a field: refused in words under it, nothing else changes.
        // Only values out of range (a valid one such as lr 2.5 would make runs diverge at random).
        const key = pick(['lr', 'batchSize', 'weightDecay']);
        const text = pick(
          {
            lr: ['1e300', '0', '-1', 'NaN', 'abc', '', '1e-400', 'Infinity', '101'],
            batchSize: ['0', '-1', '2.5', '1e300', 'NaN', 'abc', '', '4097'],
            weightDecay: ['1e9', '-0.1', 'NaN', 'abc', '', 'Infinity', '1.5'],
          }[key],
        );
        commit(control(key), text);
        const error = document.querySelector(`[data-train-error="${key}"]`);
        if (!(error.textContent ?? '').trim()) fail(`${key} "${text}" was not refused`);
        rec.refused[key] = text;
        return true;
      }
      default:
        throw new Error(`unknown soak action ${op}`);
    }
  };

  const weights = [
    ['add', 8], ['remove', 6], ['move', 7], ['resize', 10], ['dropoutP', 5], ['mode', 4], ['seed', 3], ['fit', 9],
    ['play', 9], ['pause', 7], ['step', 9], ['step2', 2], ['reset', 4], ['lr', 4], ['optimizer', 3], ['wd', 2], ['bs', 3], ['dataset', 3], ['refuse', 2],
  ];
  const total = weights.reduce((n, [, w]) => n + w, 0);
  const steps = script ?? Array.from({ length: count }, () => null);
  for (let i = 0; i < steps.length; i++) {
    let op;
    let args = [];
    if (steps[i] === null) {
      let r = rand() * total;
      for (const [name, w] of weights) {
        op = name;
        if ((r -= w) < 0) break;
      }
    } else {
      const [name, ...rest] = steps[i].split(':');
      op = name;
      args = rest.map((x) => (Number.isNaN(Number(x)) ? x : Number(x)));
    }
    where = `action ${i + 1} (${op})`;
    // A running run may have diverged since the last action (a large learning rate on a
    // small mini-batch can): take it in before acting.
    if (rec.run === 'running' && status().status === 'diverged') await absorbDivergence();
    const done = await perform(op, args);
    counts[op] = (counts[op] ?? 0) + (done ? 1 : 0);
    if (!done) notPossible[op] = (notPossible[op] ?? 0) + 1;
    trail.push(`${op}${args.length ? `:${args.join(':')}` : ''}${done ? '' : ' (not possible)'} -> ${status().status}@${status().step}`);
    if (trail.length > 8) trail.shift();
    if (!done) skipped++;
    // The blocks on the page are the record's, kind for kind, every 25 actions.
    if (i % 25 === 24) {
      const kinds = cards().map((c) => c.dataset.kind);
      if (kinds.join() !== rec.blocks.map((b) => b.kind).join()) fail(`blocks on the page ${kinds.join()} differ from the record ${rec.blocks.map((b) => b.kind).join()}`);
    }
  }
  return { state: rng.state, rec, counts, notPossible, skipped, diverged, fashionLeft };
}

/** Runs random actions (count) or a script in the page, bounded; updates ctx (PRNG state, record, counters). */
export async function runActions(page, ctx, { count = 0, script = null, limitMs = 120_000, what }) {
  const r = await withTimeout(
    page.evaluate(trainActionsInPage, { count, state: ctx.state, rec: ctx.rec, maxBlocks: 10, fashionLeft: ctx.fashionLeft, shapes: DATA_SHAPES, mnist: MNIST_BLOCKS, script }),
    limitMs,
    what,
  );
  ctx.state = r.state;
  ctx.rec = r.rec;
  ctx.fashionLeft = r.fashionLeft;
  ctx.skipped += r.skipped;
  ctx.diverged += r.diverged;
  for (const [k, v] of Object.entries(r.counts)) ctx.counts[k] = (ctx.counts[k] ?? 0) + v;
  for (const [k, v] of Object.entries(r.notPossible)) ctx.notPossible[k] = (ctx.notPossible[k] ?? 0) + v;
  if (script) ctx.scripted += script.length;
  else ctx.actions += count;
}

const blockText = (b) => (b.kind === 'linear' ? `linear(${b.out})` : b.kind === 'dropout' ? `dropout(${String(b.p)})` : b.kind);

/** What the link must say for the record: every field the soak touches, defaults left out. */
export function expectedHash(rec) {
  const want = { in: [rec.batch, ...rec.features].join('x'), net: rec.blocks.map(blockText).join(',') };
  if (!rec.training) want.train = '0';
  if (rec.seed !== 42) want.seed = String(rec.seed);
  const names = { dataset: 'dataset', optimizer: 'opt', lr: 'lr', batchSize: 'bs', weightDecay: 'wd' };
  for (const [key, name] of Object.entries(names)) if (rec.settings[key] !== DEFAULT_SETTINGS[key]) want[name] = String(rec.settings[key]);
  const steps = rec.replayable ? rec.step : 0;
  if (steps > 0) want.steps = String(steps);
  return want;
}

/** Everything the page says about the state the record describes, read at once. */
function readState() {
  const train = window.__layerlabTrain;
  const { fieldIn } = window.__soakKit;
  const control = (name) => document.querySelector(`[data-train="${name}"]`);
  const hash = Object.fromEntries(
    location.hash
      .replace(/^#/, '')
      .split('&')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), decodeURIComponent(kv.slice(kv.indexOf('=') + 1))]),
  );
  return {
    status: train.status(),
    settings: train.settings(),
    hash,
    blocks: [...document.querySelectorAll('.block-card')].map((c) => ({
      kind: c.dataset.kind,
      out: c.dataset.kind === 'linear' ? fieldIn(c, 'Out features').value : null,
      p: c.dataset.kind === 'dropout' ? c.querySelector('input[type="range"]').value : null,
    })),
    inputShape: document.querySelector('[data-stat="input-shape"]').textContent,
    mode: document.querySelector('[role="switch"]').getAttribute('aria-checked'),
    seed: fieldIn(document, 'Seed').value,
    fields: Object.fromEntries(['lr', 'batchSize', 'weightDecay', 'dataset', 'optimizer'].map((k) => [k, control(k).value])),
    refused: Object.fromEntries(['lr', 'batchSize', 'weightDecay'].map((k) => [k, (document.querySelector(`[data-train-error="${k}"]`).textContent ?? '') !== ''])),
  };
}

function mismatches(rec, page) {
  const out = [];
  const same = (what, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${what}: page ${JSON.stringify(got)}, record ${JSON.stringify(want)}`);
  };
  same('training status', page.status.status, rec.run);
  if (rec.step !== null) same('step', page.status.step, rec.step);
  same('training settings', Object.fromEntries(Object.keys(DEFAULT_SETTINGS).map((k) => [k, page.settings[k]])), rec.settings);
  same('other settings', [page.settings.loss, page.settings.momentum, page.settings.nesterov, page.settings.noise, page.settings.trainFraction], ['cross-entropy', 0.9, false, 0, 0.5]);
  same('the link', page.hash, expectedHash(rec));
  same('blocks', page.blocks, rec.blocks.map((b) => ({ kind: b.kind, out: b.kind === 'linear' ? String(b.out) : null, p: b.kind === 'dropout' ? b.p : null })).map((b) => ({ ...b, p: b.p === null ? null : String(b.p) })));
  same('input shape', page.inputShape, `(${[rec.batch, ...rec.features].join(', ')})`);
  same('training mode switch', page.mode, String(rec.training));
  same('seed field', page.seed, String(rec.seed));
  for (const key of ['lr', 'batchSize', 'weightDecay']) {
    const refused = key in rec.refused;
    same(`${key} field`, [page.fields[key], page.refused[key]], [refused ? rec.refused[key] : String(rec.settings[key]), refused]);
  }
  same('data set and optimizer menus', [page.fields.dataset, page.fields.optimizer], [rec.settings.dataset, rec.settings.optimizer]);
  return out;
}

/**
 * The checkpoint's state check: a running run is paused first (and must stay paused, its step
 * equal to the worker's), then the model, the settings, the status, the link and the panel
 * must all say what the record says. The panel repaints up to ~10 times a second, so this
 * polls for up to 5 s before failing with every difference.
 */
export async function checkState(page, ctx, what) {
  if (ctx.rec.run === 'running') await runActions(page, ctx, { script: ['pause'], what: `${what}: pause before the check` });
  if (ctx.rec.run === 'paused') {
    await new Promise((r) => setTimeout(r, 300));
    const m = await withTimeout(page.evaluate(() => window.__layerlabTrain.workerMemory()), 20_000, `${what}: the worker's answer`);
    assert(m.step === ctx.rec.step, `${what}: a paused run moved on: the worker is at step ${m.step}, paused at ${ctx.rec.step}`);
  }
  let last = [];
  await eventually(
    () => withTimeout(page.evaluate(readState), 20_000, `${what}: the page's state`),
    (state) => (last = mismatches(ctx.rec, state)).length === 0,
    `${what}: the page agrees with the soak's record`,
    5_000,
  ).catch(() => {
    throw new Error(`${what}: the page disagrees with the soak's record:\n      ${last.join('\n      ')}`);
  });
}
