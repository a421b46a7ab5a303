// npm run bench:browser: the real page in Debian's headless Chromium, served from a fresh
// production build (vite build into a temporary folder; LAYERLAB_DIST=dir reuses one) by
// scripts/serve-static.mjs with the strict CSP. Measures
//   (a) edit -> repaint for the MNIST MLP at batch 32,
//   (b) edit -> repaint for a 4-layer 1024-wide network at batch 256 (input 256 x 1024,
//       Linear(1024) x 4 with ReLUs): shapes first, values in a later task,
//   (c) the gaps between frames while the worker computes the values of 2 × Linear(4096) at batch
//       256 (the page must keep painting: the longest gap is reported against 50 ms),
//   (d) MNIST edits again after 1,000 of the soak's random edits (tests/browser/soak.mjs),
//       against 16 ms and against the same measure before them,
//   (e) navigation start -> first complete render (shapes and values painted), 5 fresh loads
//       on a warm server, of the MNIST MLP by link and of the default page,
//   (f) while the training worker trains digits and Fashion-MNIST (MNIST MLP 784/64-256-128-10,
//       Adam, batch 32): the main thread's longest task (PerformanceObserver 'longtask'), the
//       repaint rate (requestAnimationFrame callbacks per second) and edit -> repaint latency,
//       with the block cards refreshed from the worker's current weights,
// and writes bench/results/browser.json and bench/results/browser.md.
//
// An edit is a real input event on the Out features field of a Linear (alternating between two
// sizes), dispatched at a random point of the frame (seeded), as a keystroke would arrive.
// Per edit it records:
//   work    the page's own record of that frame: engine run + every view's repaint (the
//           store's lastFrameMs, read through the ?testhooks=1 hook);
//   update  dispatch -> the requestAnimationFrame callback queued right after the dispatch,
//           which runs just after the store's frame: the DOM is updated (includes the wait for
//           the frame to begin);
//   paint   dispatch -> a message posted from that callback, which runs after the frame's
//           style, layout and paint: what the learner sees.
//
// Timing targets live here, not in the tests (tests assert behaviour). Every wait has a time
// limit and a watchdog ends a run that overruns (tests/browser/limits.mjs).
//
//   (g) per engine (Chromium, Firefox ESR, WebKitGTK), side by side: training samples/s,
//       edit -> paint and the first render (bench/engines.mjs),
//
//   node bench/browser.mjs [--quick] [--edits N] [--only training|first-render|engines]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { removeBuiltSite, serveBuiltSite } from '../tests/browser/csp.mjs';
import { framesWhileComputing, recordFrames } from '../tests/browser/flows-more.mjs';
import { visibleSamples } from '../tests/browser/flows-pace.mjs';
import { closeBrowser, launchChromium, newContext, ready, valuesComputed, waitUntil } from '../tests/browser/harness.mjs';
import { SETUP_LIMIT_MS, activity, startWatchdog, withTimeout } from '../tests/browser/limits.mjs';
import { engineRows, engineSpeeds } from './engines.mjs';
import { editsInPage as randomEdits, frameShim, loadMnistPreset, setBatch, setFastFrames } from '../tests/browser/soak.mjs';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const editsArg = argv.indexOf('--edits');
const onlyArg = argv.indexOf('--only');
const ONLY = onlyArg >= 0 ? argv[onlyArg + 1] : null;
const EDITS = editsArg >= 0 ? Number(argv[editsArg + 1]) : quick ? 40 : 200;
const WARMUP = quick ? 5 : 20;
const LOADS = 5;
/** Random edits before the "after many edits" MNIST measure (the soak runs 5,000). */
const RANDOM_EDITS = quick ? 250 : 1000;
/** Passes of the worker computing values while frames are recorded. */
const WORKER_PASSES = quick ? 2 : 5;
/** An edit, its frames and its values on a loaded machine (a big-network edit takes 200 ms). */
const EDIT_LIMIT_MS = 2_000;
/** The whole benchmark: about 3 minutes on an idle 2-core machine (--quick: about 1). */
const BENCH_LIMIT_MS = 20 * 60_000;

const TARGET_EDIT_P95_MS = 16;
/** While the worker trains: no main-thread task over 50 ms, at least 50 repaints a second. */
const TARGET_LONG_TASK_MS = 50;
const TARGET_TRAINING_FPS = 50;
/** Seconds of training watched without edits, and edits made while it trains. */
const TRAIN_WATCH_S = quick ? 4 : 10;
/** The confusion matrix is sampled every 100 ms for this long while training (the watch window). */
const CONFUSION_SAMPLE_MS = Math.min(8000, TRAIN_WATCH_S * 1000);
const TRAIN_EDITS = quick ? 10 : 30;
const TARGET_FIRST_RENDER_MS = 300;
/** The page keeps painting while the worker computes: no frame gap of 3 frames or more. */
const TARGET_WORKER_GAP_MS = 50;
/** After many edits an MNIST edit still fits a frame and is not much slower than before. */
const TARGET_AFTER_EDITS_P50_MS = 16;
const afterEditsLimit = (beforeMs) => beforeMs * 1.5 + 2;

const WORKER_HASH = '#in=256x4096&net=linear(4096),relu,linear(4096)';
const MNIST_EDIT = { blockIndex: 0, a: 256, b: 257, seed: 1 };

const BIG_HASH = '#in=256x1024&net=linear(1024),relu,linear(1024),relu,linear(1024),relu,linear(1024)';
const MNIST_SHAPES = '(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 10)';

function percentile(xs, p) {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

function summary(xs) {
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), max: percentile(xs, 100), n: xs.length };
}

/** Runs in the page: `n` edits of block `blockIndex`'s Out features, alternating a and b. */
async function editsInPage({ n, warmup, blockIndex, a, b, seed }) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hooks = window.__layerlab ?? null;
  const card = document.querySelectorAll('.block-card')[blockIndex];
  const label = [...card.querySelectorAll('label')].find((x) => x.textContent === 'Out features');
  const input = document.getElementById(label.htmlFor);
  const html = document.documentElement;
  const channel = new MessageChannel();
  let onMessage = null;
  channel.port1.onmessage = () => onMessage?.();
  /**
   * The next frame: when its rAF callbacks ran (after the store's; window.__frame resolves in
   * its callback, so this continues before the frame's style, layout and paint), and after
   * its paint (a message posted then runs after the frame).
   */
  const nextFrame = async (what) => {
    await window.__frame(what);
    const updated = performance.now();
    return new Promise((resolve) => {
      onMessage = () => resolve({ updated, painted: performance.now() });
      channel.port2.postMessage(0);
    });
  };
  /** A frame while values are computed, failing once they have taken `VALUES_LIMIT_MS`. */
  const VALUES_LIMIT_MS = 60_000;
  const computingFrame = (since, what) => {
    if (performance.now() - since > VALUES_LIMIT_MS) throw new Error(`waited ${VALUES_LIMIT_MS / 1000} s for ${what}`);
    return nextFrame(`a frame while ${what}`);
  };
  const out = [];
  for (let i = 0; i < warmup + n; i++) {
    // Settle: no pending work, then a random point within the next frame.
    await nextFrame(`a frame before edit ${i + 1}`);
    const settle = performance.now();
    while (html.dataset.computing === 'true') await computingFrame(settle, `the values before edit ${i + 1}`);
    await new Promise((r) => setTimeout(r, rand() * 16));
    const renders = hooks?.renders ?? 0;
    const lastBefore = hooks?.frameTimes().at(-1)?.at ?? 0;
    const t0 = performance.now();
    input.value = String(i % 2 === 0 ? b : a);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const first = await nextFrame(`the frame after edit ${i + 1}`);
    // The shapes repaint in that frame; the worker's values may come in a second render.
    const sameFrame = hooks ? hooks.renders > renders : null;
    let values = first;
    let frames = 1;
    while (html.dataset.computing === 'true') {
      values = await computingFrame(t0, `the values of edit ${i + 1}`);
      frames++;
    }
    if (i < warmup) continue;
    let workShapes = null;
    let workValues = null;
    if (hooks) {
      const fresh = hooks.frameTimes().filter((f) => f.at > lastBefore);
      workShapes = fresh[0]?.ms ?? null;
      workValues = fresh.length > 1 ? fresh[fresh.length - 1].ms : null;
    }
    out.push({
      update: first.updated - t0,
      paint: first.painted - t0,
      valuesPaint: values.painted - t0,
      twoPhase: frames > 1,
      sameFrame,
      workShapes,
      workValues,
    });
  }
  return out;
}

/** A fresh context and page on `url`, booted and done computing; `init` scripts run first. */
async function openApp(browser, url, init = []) {
  const context = await newContext(browser);
  const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a new page');
  page.setDefaultTimeout(30_000);
  for (const script of init) await withTimeout(page.addInitScript(script), SETUP_LIMIT_MS, 'an init script to install');
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await ready(page, 'the page to boot', 30_000);
  await valuesComputed(page, 'the first values', 60_000);
  return { context, page, errors };
}

const closeContext = (context) => withTimeout(context.close(), SETUP_LIMIT_MS, 'a browser context to close');

/** Runs editsInPage (EDITS edits after WARMUP) and summarises them. */
async function measureEdits(page, name, { blockIndex, a, b, seed }) {
  const edits = page.evaluate(editsInPage, { n: EDITS, warmup: WARMUP, blockIndex, a, b, seed });
  const rows = await withTimeout(edits, (EDITS + WARMUP) * EDIT_LIMIT_MS, `${EDITS + WARMUP} edits of the ${name}`);
  const hooks = rows.length > 0 && rows[0].sameFrame !== null;
  const twoPhase = rows.filter((r) => r.twoPhase).length;
  return {
    name,
    edits: rows.length,
    hooks,
    twoPhase,
    sameFrame: hooks ? rows.filter((r) => r.sameFrame).length : null,
    work: hooks ? summary(rows.map((r) => r.workShapes)) : null,
    workValues: hooks && twoPhase > 0 ? summary(rows.map((r) => r.workValues)) : null,
    update: summary(rows.map((r) => r.update)),
    paint: summary(rows.map((r) => r.paint)),
    valuesPaint: twoPhase > 0 ? summary(rows.map((r) => r.valuesPaint)) : null,
  };
}

async function scenario(browser, site, { name, hash, preset, expectFirst, ...edit }) {
  activity.flow = `browser benchmark: ${name}`;
  const { context, page, errors } = await openApp(browser, `${site.url}?testhooks=1${hash ?? ''}`);
  try {
    if (preset) await page.getByRole('button', { name: preset, exact: true }).click();
    await waitUntil(
      page,
      (want) => {
        const shapes = [...document.querySelectorAll('.block-card [data-stat="output-shape"]')].map((n) => n.textContent);
        return shapes.join('|') === want && document.documentElement.dataset.computing === 'false';
      },
      `the shapes and values of the ${name}`,
      60_000,
      expectFirst,
    );
    const result = await measureEdits(page, name, edit);
    if (errors.length > 0) throw new Error(`${name}: errors on the page: ${errors.join('; ')}`);
    return result;
  } finally {
    await closeContext(context);
  }
}

/**
 * Frames while the worker computes the values of 2 × Linear(4096) at batch 256 (about a second per
 * pass, off the main thread): the gaps between two frames that both saw "computing values…".
 */
async function framesWhileWorking(browser, site, passes) {
  activity.flow = 'browser benchmark: frames while the worker computes';
  const { context, page, errors } = await openApp(browser, `${site.url}${WORKER_HASH}`);
  try {
    await page.evaluate(recordFrames);
    for (let i = 0; i < passes; i++) {
      const seen = await page.evaluate(() => window.__seen.length);
      await page.getByRole('button', { name: 'Resample' }).click();
      await waitUntil(
        page,
        (from) => {
          const mine = window.__seen.slice(from);
          return mine.includes('true') && mine.at(-1) === 'false';
        },
        `the values of pass ${i + 1} of ${passes}`,
        60_000,
        seen,
      );
    }
    const { gaps, computingMs } = await page.evaluate(framesWhileComputing);
    if (errors.length > 0) throw new Error(`frames while computing: errors on the page: ${errors.join('; ')}`);
    return { passes, frames: gaps.length, computingMs, gap: summary(gaps) };
  } finally {
    await closeContext(context);
  }
}

/**
 * MNIST edits before and after `count` of the soak's random edits (message-channel frames,
 * batch 8): a page that slows down as edits pile up (listeners, caches) shows here.
 */
async function afterRandomEdits(browser, site, count) {
  activity.flow = `browser benchmark: MNIST after ${count} random edits`;
  const { context, page, errors } = await openApp(browser, `${site.url}?testhooks=1`, [frameShim]);
  try {
    await loadMnistPreset(page);
    const before = await measureEdits(page, 'MNIST MLP before the random edits', MNIST_EDIT);
    await setFastFrames(page, true);
    await setBatch(page, 8);
    let state = 7;
    for (let done = 0; done < count; done += 250) {
      const batch = Math.min(250, count - done);
      const edits = page.evaluate(randomEdits, { count: batch, state, maxBlocks: 10 });
      ({ state } = await withTimeout(edits, 120_000, `random edits ${done + 1}–${done + batch}`));
    }
    await setFastFrames(page, false);
    await loadMnistPreset(page);
    const after = await measureEdits(page, 'MNIST MLP after the random edits', MNIST_EDIT);
    if (errors.length > 0) throw new Error(`after random edits: errors on the page: ${errors.join('; ')}`);
    return { randomEdits: count, before: before.work, after: after.work };
  } finally {
    await closeContext(context);
  }
}

/** Records, from the first script on, when the first complete render happened and painted. */
function watchFirstRender() {
  // The init script runs before <html> exists: watch the document for the attributes.
  const observer = new MutationObserver(() => {
    const html = document.documentElement;
    if (!html || html.dataset.ready !== 'true' || html.dataset.computing !== 'false' || window.__firstRender) return;
    const rendered = performance.now();
    window.__firstRender = { rendered };
    observer.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        window.__firstRender.painted = performance.now();
      };
      ch.port2.postMessage(0);
    });
  });
  observer.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-computing'] });
}

/** The default page (the course network on digits, with its two Dropouts): no link. */
const DEFAULT_SHAPES = '(32, 256)|(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 128)|(32, 10)';
const MNIST_LINK = '#in=32x784&net=linear(256),relu,linear(128),relu,linear(10)';

async function firstRender(browser, site, hash = MNIST_LINK, shapes = MNIST_SHAPES) {
  activity.flow = `browser benchmark: first render ${hash || 'of the default page'}`;
  const runs = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const context = await newContext(browser);
    const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a new page');
    await withTimeout(page.addInitScript(watchFirstRender), SETUP_LIMIT_MS, 'an init script to install');
    await page.goto(`${site.url}${hash}`, { timeout: 30_000 });
    await waitUntil(page, () => window.__firstRender?.painted !== undefined, `the first complete render of load ${i + 1} to be painted`, 30_000);
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
      const shapes = [...document.querySelectorAll('.block-card [data-stat="output-shape"]')].map((n) => n.textContent).join('|');
      return {
        ...window.__firstRender,
        domContentLoaded: nav.domContentLoadedEventEnd,
        shellBuilt: mark('layerlab:shell-built'),
        firstValues: mark('layerlab:first-values'),
        shapes,
        heatmaps: document.querySelectorAll('.heatmap').length,
      };
    });
    await closeContext(context);
    if (r.shapes !== shapes) throw new Error(`first render: unexpected shapes ${r.shapes}`);
    if (i > 0) runs.push(r); // the first load warms the server and the browser process
  }
  return {
    loads: runs.length,
    painted: summary(runs.map((r) => r.painted)),
    rendered: summary(runs.map((r) => r.rendered)),
    domContentLoaded: summary(runs.map((r) => r.domContentLoaded)),
    shellBuilt: summary(runs.map((r) => r.shellBuilt)),
    firstValues: summary(runs.map((r) => r.firstValues)),
    runs: runs.map((r) => ({ rendered: r.rendered, painted: r.painted })),
  };
}

/** Runs in the page: from now on, records every animation frame and every long task. */
function watchMainThread() {
  window.__long = [];
  new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => ({ at: e.startTime, ms: e.duration })))).observe({ type: 'longtask' });
  window.__rafTicks = [];
  const tick = (t) => {
    window.__rafTicks.push(t);
    if (window.__rafTicks.length < 50_000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Runs in the page: frames per second, the longest gap and the long tasks between `from` and now. */
function mainThreadSince(from) {
  const ticks = window.__rafTicks.filter((t) => t >= from);
  const gaps = ticks.slice(1).map((t, i) => t - ticks[i]);
  const seconds = ticks.length > 1 ? (ticks.at(-1) - ticks[0]) / 1000 : 0;
  const long = window.__long.filter((e) => e.at >= from).map((e) => e.ms);
  return {
    seconds,
    fps: seconds > 0 ? (ticks.length - 1) / seconds : null,
    longestGapMs: gaps.length ? Math.max(...gaps) : null,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
  };
}

const trainStatus = (page) => page.evaluate(() => window.__layerlabTrain.status());

/**
 * The MNIST MLP trains on `dataset` in the page: TRAIN_WATCH_S seconds watched without
 * touching the page, then TRAIN_EDITS edits of the first Linear's Out features while it trains
 * (an edit changes the network, so training starts over from the seed and keeps running).
 */
async function whileTraining(browser, site, { name, dataset }) {
  activity.flow = `browser benchmark: while training ${name}`;
  const { context, page, errors } = await openApp(browser, `${site.url}?testhooks=1`);
  try {
    await page.getByRole('button', { name: 'MNIST MLP', exact: true }).click();
    await waitUntil(page, (want) => [...document.querySelectorAll('.block-card [data-stat="output-shape"]')].map((n) => n.textContent).join('|') === want, 'the MNIST MLP preset', 30_000, MNIST_SHAPES);
    await page.locator('[data-train="dataset"]').selectOption(dataset);
    // The training panel repaints at most every 100 ms: read the fit box once it has.
    await page.waitForTimeout(400);
    const fit = page.locator('[data-train="fit"]');
    if (await fit.isVisible()) await fit.click();
    await waitUntil(page, () => document.querySelector('[data-train="fit-box"]')?.hidden !== false, `${name}: the network fits the set`, 10_000);
    // Full speed and no stopping rule: the watch and the edits need training that keeps running.
    await page.locator('[data-train="pace"]').selectOption('full');
    await page.locator('[data-train="stop"]').fill('0');
    await page.locator('[data-train="stop"]').press('Tab');
    await page.evaluate(watchMainThread);
    await page.locator('[data-train="play"]').click();
    const t0 = Date.now();
    while (!((await trainStatus(page)).status === 'running' && (await trainStatus(page)).step > 0)) {
      if (Date.now() - t0 > 60_000) throw new Error(`${name}: waited 60 s for training to run`);
      await page.waitForTimeout(100);
    }
    // The learning views fill in with the first snapshots: the matrix is sampled once it is up.
    await waitUntil(page, () => document.querySelector('[data-learn="confusion"]')?.checkVisibility() === true, `${name}: the confusion matrix shown`, 20_000);
    const from = await page.evaluate(() => performance.now());
    const stepFrom = (await trainStatus(page)).step;
    const sampling = visibleSamples(page, '[data-learn="confusion"]', CONFUSION_SAMPLE_MS);
    await page.waitForTimeout(TRAIN_WATCH_S * 1000);
    const confusion = await withTimeout(sampling, CONFUSION_SAMPLE_MS + 5000, `${name}: the confusion matrix samples`);
    const watched = await page.evaluate(mainThreadSince, from);
    // The cards' repaints from the worker's values in that window (the store's frame record).
    const refreshes = await page.evaluate((t) => window.__layerlab.frameTimes().filter((f) => f.at >= t).map((f) => f.ms), from);
    const steps = (await trainStatus(page)).step - stepFrom;
    const note = await page.evaluate(() => document.querySelector('[data-values-source]')?.textContent ?? null);
    const editsFrom = await page.evaluate(() => performance.now());
    const edits = page.evaluate(editsInPage, { n: TRAIN_EDITS, warmup: 2, ...MNIST_EDIT });
    const rows = await withTimeout(edits, (TRAIN_EDITS + 2) * EDIT_LIMIT_MS * 5, `${TRAIN_EDITS} edits while training ${name}`);
    const editing = await page.evaluate(mainThreadSince, editsFrom);
    const status = await trainStatus(page);
    if (status.status !== 'running') throw new Error(`${name}: training stopped during the edits: ${JSON.stringify(status)}`);
    if (errors.length > 0) throw new Error(`${name}: errors on the page: ${errors.join('; ')}`);
    return {
      name,
      dataset,
      stepsWatched: steps,
      confusion,
      valuesNote: note,
      refresh: { perSecond: refreshes.length / TRAIN_WATCH_S, ...summary(refreshes) },
      watched,
      editing,
      edits: rows.length,
      update: summary(rows.map((r) => r.update)),
      paint: summary(rows.map((r) => r.paint)),
      valuesPaint: summary(rows.map((r) => r.valuesPaint)),
    };
  } finally {
    await closeContext(context);
  }
}

function machine(chromiumVersion) {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
    const m = /^Model name:\s*(.+)$/m.exec(lscpu);
    if (m && m[1].trim().length > model.length) model = m[1].trim();
  } catch {
    /* lscpu is optional */
  }
  return {
    cpu: model,
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

const ms = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(1)} ms`);

const ok = (x, target) => (x === null || x === undefined ? '—' : x < target ? 'met' : 'missed');

function editRows(result) {
  const [mnist, big] = result.edits;
  const { worker, afterEdits } = result;
  const after = afterEdits.after?.p50 ?? null;
  const before = afterEdits.before?.p50 ?? null;
  const slowdownLimit = before === null ? null : afterEditsLimit(before);
  const afterOk = after === null ? '—' : after < TARGET_AFTER_EDITS_P50_MS && after <= slowdownLimit ? 'met' : 'missed';
  return [
    `| MNIST MLP, batch 32: shapes run + repaint (the page's frame record) | ${ms(mnist.work?.p50)} | ${ms(mnist.work?.p95)} | ${ms(mnist.work?.max)} | p95 < ${TARGET_EDIT_P95_MS} ms: ${ok(mnist.work?.p95 ?? null, TARGET_EDIT_P95_MS)} |`,
    `| MNIST MLP, batch 32: edit -> DOM updated (incl. wait for the frame) | ${ms(mnist.update.p50)} | ${ms(mnist.update.p95)} | ${ms(mnist.update.max)} | |`,
    `| MNIST MLP, batch 32: edit -> painted | ${ms(mnist.paint.p50)} | ${ms(mnist.paint.p95)} | ${ms(mnist.paint.max)} | |`,
    `| MNIST MLP, batch 32: values repaint (the worker's answer; ${mnist.twoPhase} of ${mnist.edits} came after the first frame) | ${ms(mnist.workValues?.p50)} | ${ms(mnist.workValues?.p95)} | ${ms(mnist.workValues?.max)} | |`,
    `| MNIST MLP, batch 32: edit -> the worker's values painted | ${ms(mnist.valuesPaint?.p50)} | ${ms(mnist.valuesPaint?.p95)} | ${ms(mnist.valuesPaint?.max)} | |`,
    `| 4 × Linear(1024), batch 256: shapes run + repaint | ${ms(big.work?.p50)} | ${ms(big.work?.p95)} | ${ms(big.work?.max)} | |`,
    `| 4 × Linear(1024), batch 256: edit -> shapes painted | ${ms(big.paint.p50)} | ${ms(big.paint.p95)} | ${ms(big.paint.max)} | |`,
    `| 4 × Linear(1024), batch 256: values run + repaint (later task) | ${ms(big.workValues?.p50)} | ${ms(big.workValues?.p95)} | ${ms(big.workValues?.max)} | |`,
    `| 4 × Linear(1024), batch 256: edit -> values painted | ${ms(big.valuesPaint?.p50)} | ${ms(big.valuesPaint?.p95)} | ${ms(big.valuesPaint?.max)} | |`,
    `| 2 × Linear(4096), batch 256: gap between frames while the worker computes values (${worker.passes} passes, ${worker.frames} gaps) | ${ms(worker.gap.p50)} | ${ms(worker.gap.p95)} | ${ms(worker.gap.max)} | max < ${TARGET_WORKER_GAP_MS} ms: ${ok(worker.gap.max, TARGET_WORKER_GAP_MS)} |`,
    `| MNIST MLP, batch 32: run + repaint after ${afterEdits.randomEdits} random edits (before them: p50 ${ms(before)}) | ${ms(after)} | ${ms(afterEdits.after?.p95)} | ${ms(afterEdits.after?.max)} | p50 < ${TARGET_AFTER_EDITS_P50_MS} ms and ≤ 1.5 × before + 2 ms (${ms(slowdownLimit)}): ${afterOk} |`,
  ];
}

function firstRenderRows(result) {
  const rows = [];
  for (const [what, r] of [
    ['MNIST MLP by link', result.firstRender],
    ['the default page', result.firstRenderDefault],
  ]) {
    if (!r) continue;
    rows.push(`| Navigation start -> first complete render painted (${what}, ${r.loads} fresh loads, median) | ${ms(r.painted.p50)} | | ${ms(r.painted.max)} | < ${TARGET_FIRST_RENDER_MS} ms: ${ok(r.painted.p50, TARGET_FIRST_RENDER_MS)} |`);
  }
  return rows;
}

function trainingRows(result) {
  const fps = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(1)} fps`);
  const atLeast = (x, target) => (x === null || x === undefined ? '—' : x >= target ? 'met' : 'missed');
  const rows = [];
  for (const t of result.training) {
    rows.push(
      `| Training ${t.name}: longest main-thread task, ${t.watched.seconds.toFixed(0)} s untouched (${t.stepsWatched} steps) | | | ${ms(t.watched.longestTaskMs)} | < ${TARGET_LONG_TASK_MS} ms: ${ok(t.watched.longestTaskMs, TARGET_LONG_TASK_MS + 1e-9)} |`,
      `| Training ${t.name}: repaints per second, untouched (longest gap ${ms(t.watched.longestGapMs)}) | ${fps(t.watched.fps)} | | | ≥ ${TARGET_TRAINING_FPS} fps: ${atLeast(t.watched.fps, TARGET_TRAINING_FPS)} |`,
      `| Training ${t.name}: confusion matrix on screen, 100 ms samples | ${t.confusion.seen} of ${t.confusion.total} | | | every sample: ${t.confusion.seen === t.confusion.total ? 'met' : 'missed'} |`,
      `| Training ${t.name}: cards repainted from the worker's values (${t.refresh.perSecond.toFixed(1)} a second): repaint work | ${ms(t.refresh.p50)} | ${ms(t.refresh.p95)} | ${ms(t.refresh.max)} | |`,
      `| Training ${t.name}: during ${t.edits} edits, longest task · repaints per second (longest gap ${ms(t.editing.longestGapMs)}) | ${fps(t.editing.fps)} | | ${ms(t.editing.longestTaskMs)} | < ${TARGET_LONG_TASK_MS} ms: ${ok(t.editing.longestTaskMs, TARGET_LONG_TASK_MS + 1e-9)} · ≥ ${TARGET_TRAINING_FPS} fps: ${atLeast(t.editing.fps, TARGET_TRAINING_FPS)} |`,
      `| Training ${t.name}: edit -> DOM updated | ${ms(t.update.p50)} | ${ms(t.update.p95)} | ${ms(t.update.max)} | one frame (< 16.7 ms at p50): ${ok(t.update.p50, 16.7)} |`,
      `| Training ${t.name}: edit -> painted | ${ms(t.paint.p50)} | ${ms(t.paint.p95)} | ${ms(t.paint.max)} | |`,
      `| Training ${t.name}: edit -> values from the worker painted | ${ms(t.valuesPaint.p50)} | ${ms(t.valuesPaint.p95)} | ${ms(t.valuesPaint.max)} | |`,
    );
  }
  return rows;
}

function markdown(result) {
  const m = result.machine;
  const lines = [
    '# Browser benchmark',
    '',
    `${result.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Chromium ${m.chromium} (headless, --disable-gpu) · Node ${m.node} · load average at start ${m.loadAverage.join(' / ')}${result.only ? ` · only: ${result.only}` : ''}`,
    '',
    `Production build served by scripts/serve-static.mjs with the strict CSP. ${result.editsPerScenario} edits per network after ${result.warmup} warm-up edits; each edit is an input event on a Linear's Out features field at a random point of the frame.`,
    '',
    '| Measure | p50 | p95 | max | Target |',
    '|---|---:|---:|---:|---|',
    ...(result.edits ? editRows(result) : []),
    ...trainingRows(result),
    ...firstRenderRows(result),
    '',
  ];
  if (result.edits) {
    const [mnist, big] = result.edits;
    lines.push(`MNIST: ${mnist.sameFrame ?? '—'}/${mnist.edits} edits repainted in the first frame after the edit. Big network: ${big.twoPhase}/${big.edits} edits painted shapes first and values in a later task.`, '');
    if (!mnist.hooks) lines.push('The page was built without the ?testhooks=1 hook, so run + repaint figures are missing.', '');
  }
  if (result.engines) lines.push('## Per engine (the same build, same machine, one run)', '', ...engineRows(result.engines), '');
  for (const t of result.training) lines.push(`While training ${t.dataset}, the block cards said: “${t.valuesNote ?? '(no values note on the page)'}”`, '');
  if (result.firstRender) {
    const f = result.firstRender;
    lines.push(`First render breakdown (MNIST link, median): DOMContentLoaded ${ms(f.domContentLoaded.p50)}, views built ${ms(f.shellBuilt.p50)}, the worker's first values shown ${ms(f.firstValues.p50)}, complete render ${ms(f.rendered.p50)}, painted ${ms(f.painted.p50)}.`, '');
  }
  return lines.join('\n');
}

const started = Date.now();
let site = null;
let browser = null;
let closing = null;
const cleanup = () => (closing ??= Promise.allSettled([browser && closeBrowser(browser), site?.close(), removeBuiltSite()]));
startWatchdog('browser benchmark', BENCH_LIMIT_MS, cleanup);
let result;
try {
  site = await serveBuiltSite();
  browser = await launchChromium();
  const chromiumVersion = browser.version();
  const all = ONLY === null;
  let mnist = null;
  let big = null;
  let worker = null;
  let afterEdits = null;
  if (all) {
    mnist = await scenario(browser, site, {
      name: 'MNIST MLP, batch 32',
      preset: 'MNIST MLP',
      expectFirst: MNIST_SHAPES,
      ...MNIST_EDIT,
    });
    console.log(`MNIST b32: run+repaint p50 ${ms(mnist.work?.p50)} p95 ${ms(mnist.work?.p95)}; edit->painted p50 ${ms(mnist.paint.p50)} p95 ${ms(mnist.paint.p95)}`);
    big = await scenario(browser, site, {
      name: '4 x Linear(1024), batch 256',
      hash: BIG_HASH,
      expectFirst: '(256, 1024)|(256, 1024)|(256, 1024)|(256, 1024)|(256, 1024)|(256, 1024)|(256, 1024)',
      blockIndex: 6,
      a: 1024,
      b: 1000,
      seed: 2,
    });
    console.log(`big b256: shapes run+repaint p50 ${ms(big.work?.p50)}; values painted p50 ${ms(big.valuesPaint?.p50)} p95 ${ms(big.valuesPaint?.p95)}`);
    worker = await framesWhileWorking(browser, site, WORKER_PASSES);
    console.log(`frames while the worker computes: ${worker.frames} gaps, longest ${ms(worker.gap.max)}`);
    afterEdits = await afterRandomEdits(browser, site, RANDOM_EDITS);
    console.log(`MNIST run+repaint p50 ${ms(afterEdits.before?.p50)} before, ${ms(afterEdits.after?.p50)} after ${RANDOM_EDITS} random edits`);
  }
  const training = [];
  if (all || ONLY === 'training') {
    for (const set of [
      { name: 'digits (MNIST MLP made to fit: 64-256-128-10)', dataset: 'digits' },
      { name: 'Fashion-MNIST (MNIST MLP 784-256-128-10)', dataset: 'fashion-mnist' },
    ]) {
      const t = await whileTraining(browser, site, set);
      training.push(t);
      console.log(`training ${set.dataset}: confusion matrix on screen in ${t.confusion.seen} of ${t.confusion.total} samples; ${t.watched.fps?.toFixed(1)} fps, longest task ${ms(t.watched.longestTaskMs)} (${t.stepsWatched} steps in ${t.watched.seconds.toFixed(1)} s), ${t.refresh.perSecond.toFixed(1)} card repaints/s of p50 ${ms(t.refresh.p50)} max ${ms(t.refresh.max)}; while editing ${t.editing.fps?.toFixed(1)} fps, longest task ${ms(t.editing.longestTaskMs)}, edit->painted p50 ${ms(t.paint.p50)} p95 ${ms(t.paint.p95)}`);
    }
  }
  let first = null;
  let firstDefault = null;
  if (all || ONLY === 'first-render') {
    first = await firstRender(browser, site);
    console.log(`first complete render painted (MNIST link): median ${ms(first.painted.p50)} over ${first.loads} loads`);
    firstDefault = await firstRender(browser, site, '', DEFAULT_SHAPES);
    console.log(`first complete render painted (default page): median ${ms(firstDefault.painted.p50)} over ${firstDefault.loads} loads`);
  }
  let engines = null;
  if (all || ONLY === 'engines') {
    engines = await engineSpeeds(site.url, process.env.LAYERLAB_ENGINES?.split(',') ?? undefined);
    for (const line of engineRows(engines)) console.log(line);
  }
  result = {
    date: new Date().toISOString().slice(0, 10),
    only: ONLY,
    machine: machine(chromiumVersion),
    editsPerScenario: EDITS,
    warmup: WARMUP,
    targets: {
      mnistEditP95Ms: TARGET_EDIT_P95_MS,
      firstRenderMs: TARGET_FIRST_RENDER_MS,
      workerFrameGapMs: TARGET_WORKER_GAP_MS,
      mnistEditP50AfterRandomEditsMs: TARGET_AFTER_EDITS_P50_MS,
      longTaskMs: TARGET_LONG_TASK_MS,
      trainingFps: TARGET_TRAINING_FPS,
    },
    edits: all ? [mnist, big] : null,
    worker,
    afterEdits,
    training,
    firstRender: first,
    firstRenderDefault: firstDefault,
    engines,
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
} finally {
  const failures = (await cleanup()).filter((r) => r.status === 'rejected');
  if (failures.length > 0) throw failures[0].reason;
}
mkdirSync(root('bench/results'), { recursive: true });
// A partial run (--only) writes beside the full results, never over them.
const stem = ONLY === null ? 'browser' : `browser-${ONLY}`;
writeFileSync(root(`bench/results/${stem}.json`), `${JSON.stringify(result, null, 2)}\n`);
const md = markdown(result);
writeFileSync(root(`bench/results/${stem}.md`), md);
console.log(`\n${md}`);
process.exit(0);
