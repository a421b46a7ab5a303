// Speed per engine, side by side (part of `npm run bench:browser`, or alone:
// node bench/browser.mjs --only engines): the production build in Chromium, Firefox ESR and
// WebKitGTK, driven through the engine-neutral session of the cross-engine flows
// (tests/browser/engines). Per engine:
//   edit -> paint   an input event on the first Linear's Out features of the MNIST MLP
//                   (alternating 256 and 257, dispatched at a random point of a frame) ->
//                   a message posted from the animation frame queued right after it, which
//                   runs after that frame's style, layout and paint; the page's own record
//                   (run + repaint, ?testhooks=1) beside it;
//   training        digits (the MNIST MLP made to fit: 64-256-128-10, Adam, batch 32): steps
//                   counted over a watched stretch of Play x 32 (everything included: progress
//                   messages, card refreshes), and the worker's own samples/s as its panel shows;
//   first render    navigation start -> the worker's first values reached the views (a frame
//                   before they are painted; see firstRenderInPage).
// Timer precision differs: Firefox rounds performance.now() to 1 ms (reduced precision) in some
// configurations, so its sub-millisecond figures are coarse.
import { median } from './timing.mjs';

/** Edits per engine (the first 10 are warm-up); a WebKitGTK edit took 1–3 s to paint under load. */
export const ENGINE_EDITS = 40;
const TRAIN_WATCH_MS = 8_000;

/** Runs in the page: `n` edits of block 1's Out features; returns [{ paint, work }]. */
async function editsInPage({ n, a, b }) {
  const card = document.querySelectorAll('.block-card')[0];
  const label = [...card.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Out features');
  const input = document.getElementById(label.htmlFor);
  let state = 0x2545f491;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
  const painted = () => new Promise((r) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  }));
  const out = [];
  for (let i = 0; i < n; i++) {
    await nextFrame();
    await new Promise((r) => setTimeout(r, random() * 12));
    const before = window.__layerlab.renders;
    const t0 = performance.now();
    input.value = String(i % 2 === 0 ? b : a);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = await painted();
    const frames = window.__layerlab.frameTimes();
    out.push({ paint: t1 - t0, work: window.__layerlab.renders > before ? frames.at(-1)?.ms ?? null : null });
  }
  return out;
}

/**
 * Runs in the page once it has booted: navigation start -> the worker's first values reached
 * the views (the page's own mark), the first complete render. Selenium has no script that runs
 * before the page's own, so the paint after it is not observed here (bench/browser.mjs does so
 * in Chromium): the figure is a frame short of "painted".
 */
function firstRenderInPage() {
  return performance.getEntriesByName('layerlab:first-values', 'mark')[0]?.startTime ?? null;
}

async function booted(s, url) {
  await s.goto(url);
  await s.waitFor(() => document.documentElement.dataset.ready === 'true' && document.documentElement.dataset.computing === 'false' && window.__layerlab, 30_000, 'the page to boot');
}

async function measure(s, siteUrl) {
  // First render: a fresh load of the MNIST link (the first one warms the server and caches).
  const firsts = [];
  for (let i = 0; i < 4; i++) {
    await s.goto('about:blank');
    await booted(s, `${siteUrl}?testhooks=1&v=${i}#in=32x784&net=linear(256),relu,linear(128),relu,linear(10)`);
    const r = await s.evaluate(firstRenderInPage);
    if (i > 0) firsts.push(r);
  }
  await booted(s, `${siteUrl}?testhooks=1#in=32x784&net=linear(256),relu,linear(128),relu,linear(10)`);
  // Animation frames a second on the idle page: what an edit's paint waits for.
  const idleFps = await s.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => (performance.now() - t0 < 2_000 ? (n++, requestAnimationFrame(tick)) : resolve((n * 1000) / (performance.now() - t0)));
    requestAnimationFrame(tick);
  }));
  // Two edits a script call, so each stays within the session's limit on a slow engine.
  const edits = [];
  for (let i = 0; i < ENGINE_EDITS; i += 2) edits.push(...(await s.evaluate(editsInPage, { n: 2, a: 256, b: 257 })));
  const warm = edits.slice(10);
  await booted(s, `${siteUrl}?testhooks=1`);
  await s.click('[data-preset="mnist-mlp"]');
  await s.waitFor(() => document.querySelector('[data-train="fit-box"]')?.getClientRects().length > 0, 20_000, 'the fit box for the MNIST MLP');
  await s.click('[data-train="fit"]');
  await s.waitFor(() => !document.querySelector('[data-train="fit-box"]')?.getClientRects().length, 20_000, 'the fit box to go');
  await s.waitFor(() => document.querySelector('[data-train="play"]')?.disabled === false, 20_000, 'Play to be enabled');
  await s.click('[data-train="play"]');
  await s.waitFor(() => window.__layerlabTrain.status().step > 20, 60_000, 'training past step 20');
  const start = await s.evaluate(() => ({ step: window.__layerlabTrain.status().step, at: performance.now() }));
  const rates = [];
  while (true) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await s.evaluate(() => ({ step: window.__layerlabTrain.status().step, at: performance.now(), rate: document.querySelector('[data-train="counters"]')?.textContent.match(/([\d,]+) samples\/s/)?.[1] ?? null }));
    if (now.rate) rates.push(Number(now.rate.replace(/,/g, '')));
    if (now.at - start.at >= TRAIN_WATCH_MS) {
      return {
        firstRenderMs: median(firsts),
        idleFps,
        editPaintMs: { p50: median(warm.map((e) => e.paint)), p95: [...warm.map((e) => e.paint)].sort((x, y) => x - y)[Math.floor(0.95 * (warm.length - 1))] },
        editWorkMs: median(warm.map((e) => e.work).filter((w) => w !== null)),
        samplesPerSecond: Math.round(((now.step - start.step) * 32 * 1000) / (now.at - start.at)),
        workerSamplesPerSecond: rates.length ? median(rates) : null,
      };
    }
  }
}

/** Measures every engine in turn on the served production build; returns rows by engine. */
export async function engineSpeeds(siteUrl, engines = ['chromium', 'firefox', 'webkit']) {
  const rows = [];
  for (const name of engines) {
    const { launch } = await import(`../tests/browser/engines/${name}.mjs`);
    const browser = await launch();
    try {
      const s = await browser.newSession();
      try {
        rows.push({ engine: name, ...(await measure(s, siteUrl)) });
      } finally {
        await s.close();
      }
    } finally {
      await browser.close();
    }
    console.log(`engine ${name}: ${JSON.stringify(rows.at(-1))}`);
  }
  return rows;
}

const f1 = (x) => (x === null || x === undefined ? '—' : x.toFixed(1));
const count = (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));

export function engineRows(rows) {
  return [
    '| engine | training samples/s (steps × 32 / wall) | worker samples/s (panel, median) | MNIST edit → paint p50 / p95 | run + repaint p50 | first complete render (median of 3) | idle page frames/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.engine} | ${count(r.samplesPerSecond)} | ${count(r.workerSamplesPerSecond)} | ${f1(r.editPaintMs.p50)} / ${f1(r.editPaintMs.p95)} ms | ${f1(r.editWorkMs)} ms | ${f1(r.firstRenderMs)} ms | ${f1(r.idleFps)} |`),
  ];
}
