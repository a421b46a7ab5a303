// Training in the page: a digits MLP learns, Play/Pause/Step/Reset, divergence, a link that
// replays to the same weights, hostile training links. Every wait is bounded and says what it
// waited for. Pages open with ?testhooks=1, which exposes the training copy's weights.
import { assert, eventually, shot, valuesComputed } from './harness.mjs';
import { frames } from './limits.mjs';

/** The stated target: digits MLP (64-256-128-10, Adam 0.001, batch 32) past 90 % test accuracy within this many steps. */
export const DIGITS_TARGET = { accuracy: 0.9, steps: 600 };

async function openWithHooks(page, hash = '') {
  const base = page.url().replace(/[#?].*$/, '');
  await page.goto(`${base}?testhooks=1${hash}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && window.__layerlabTrain !== undefined, null, { timeout: 20_000 });
}

const status = (page) => page.evaluate(() => window.__layerlabTrain.status());
const weights = (page) => page.evaluate(() => window.__layerlabTrain.weights());
const button = (page, name) => page.locator(`[data-train="${name}"]`);

/** A network that fits digits: the first visit's does; another is fixed with the one-click fit. */
async function fitDigits(page) {
  if (await button(page, 'fit-box').isVisible()) await button(page, 'fit').click();
  await button(page, 'fit-box').waitFor({ state: 'hidden' });
}

async function setNumber(page, name, value) {
  await button(page, name).fill(String(value));
  await button(page, name).press('Tab');
}

async function waitStatus(page, want, what, timeout = 20_000) {
  return eventually(() => status(page), (s) => want.includes(s.status), `training status ${want.join(' or ')} (${what})`, timeout);
}

/**
 * The status once a Pause has landed: the page says "paused" at the click, but the worker may
 * take a few more steps before it reads the message. Its `memory` answer comes after every
 * earlier message and says whether steps are still to come; then the page shows its step.
 */
export async function pausedAt(page, what) {
  await waitStatus(page, ['paused'], what);
  await eventually(
    () => page.evaluate(async () => ({ worker: await window.__layerlabTrain.workerMemory(), page: window.__layerlabTrain.status() })),
    (r) => !r.worker.working && r.page.step === r.worker.step,
    `the worker to stop stepping (${what})`,
    20_000,
  );
  return status(page);
}

/** What the cards' weight histograms say (count, range, mean, std), block by block. */
const weightLabels = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.block-card canvas.histogram')]
      .map((c) => c.getAttribute('aria-label') ?? '')
      .filter((label) => label.startsWith('Weight histogram'))
      .join(' | '),
  );

/** The step the cards' note says their weights are from: a number, 0 for the seed's, null when hidden. */
async function noteStep(page) {
  const note = page.locator('[data-values-source]');
  if (!(await note.isVisible())) return null;
  const text = (await note.textContent()) ?? '';
  if (/initial weights/.test(text)) return 0;
  const m = text.match(/trained · step ([\d,]+)/);
  return m ? Number(m[1].replace(/,/g, '')) : Number.NaN;
}

/** Test accuracy of the last finished epoch, from the curves' text summary, or null. */
export async function testAccuracy(page) {
  const text = (await page.locator('[data-curves="summary"]').textContent()) ?? '';
  const m = text.match(/test loss [\d.]+, accuracy ([\d.]+) %/);
  return m ? Number(m[1]) / 100 : null;
}

export const trainTests = [
  {
    name: 'Training: a digits MLP passes 90 % test accuracy within 600 steps',
    async run({ page }) {
      await openWithHooks(page);
      await fitDigits(page);
      const t0 = Date.now();
      await button(page, 'play').click();
      await eventually(() => testAccuracy(page), (a) => a !== null && a >= DIGITS_TARGET.accuracy, 'test accuracy ≥ 90 %', 60_000);
      const seconds = (Date.now() - t0) / 1000;
      await button(page, 'play').click(); // Pause
      const s = await pausedAt(page, 'after Pause');
      const summary = await page.locator('[data-curves="summary"]').textContent();
      const firstAt = Number((summary ?? '').match(/\(step (\d+)\)/)?.[1] ?? NaN);
      console.log(`    digits: ${summary} (${seconds.toFixed(1)} s to first pass 90 %; paused at step ${s.step})`);
      assert(firstAt <= DIGITS_TARGET.steps, `90 % reached by step ${DIGITS_TARGET.steps} (reached at ${firstAt})`);
      const counters = (await button(page, 'counters').textContent()) ?? '';
      assert(/Step [\d,]+/.test(counters) && /epochs done/.test(counters), `counters shown: ${counters}`);
      await shot(page, 'train-digits', true);
    },
  },
  {
    name: 'Training: Pause, Step (one batch) and Reset (weights from the seed again)',
    async run({ page }) {
      await openWithHooks(page);
      await fitDigits(page);
      await button(page, 'step').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 1, 'one step after Step');
      const initial = await weights(page);
      await button(page, 'step').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 2, 'two steps');
      await button(page, 'play').click();
      await eventually(() => status(page), (s) => s.step > 20, 'running past step 20');
      await button(page, 'play').click();
      const paused = await pausedAt(page, 'after Pause');
      await page.waitForTimeout(300);
      assert((await status(page)).step === paused.step, 'no steps while paused');
      await button(page, 'reset').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 0, 'step 0 after Reset');
      await button(page, 'step').click();
      await eventually(() => status(page), (s) => s.step === 1, 'one step after Reset');
      const again = await weights(page);
      assert(JSON.stringify(again.weights) === JSON.stringify(initial.weights), 'Reset + Step gives the same weights as the first Step');
      await shot(page, 'train-paused');
    },
  },
  {
    name: "Training: the block cards show the worker's current weights (trained · step N) and the seed's again after Reset",
    async run({ page }) {
      await openWithHooks(page);
      await fitDigits(page);
      await valuesComputed(page, 'the values of the fitted network');
      const initial = await weightLabels(page);
      assert(initial.includes('Weight histogram'), `weight histograms shown: ${initial}`);
      assert((await noteStep(page)) === null, 'no note before any training run');
      await button(page, 'step').click();
      await eventually(() => noteStep(page), (n) => n === 1, 'the note says trained · step 1');
      await button(page, 'play').click();
      // The training status rides along, so a failure says whether the run or the cards stopped.
      const cardsAndRun = async () => ({ note: await noteStep(page), run: await status(page), computing: await page.evaluate(() => document.documentElement.dataset.computing) });
      const early = (await eventually(cardsAndRun, (x) => x.note >= 20, 'the cards follow the run past step 20', 30_000)).note;
      await eventually(cardsAndRun, (x) => x.note > early + 20, `the cards refresh while it runs (past step ${early + 20})`, 30_000);
      await button(page, 'play').click();
      const paused = await pausedAt(page, 'after Pause');
      await eventually(() => noteStep(page), (n) => n === paused.step, `the note says step ${paused.step} once paused`);
      const trained = await weightLabels(page);
      assert(trained !== initial, `the weight histograms show the trained weights, not the seed's: ${trained}`);
      await shot(page, 'train-cards-trained');
      // Training mode off: the same weights, so the cards keep the trained ones.
      await page.getByRole('switch', { name: 'Training mode' }).click();
      await valuesComputed(page, 'the values in evaluation mode');
      assert((await weightLabels(page)) === trained && (await noteStep(page)) === paused.step, 'an edit that keeps the network keeps the trained weights');
      await button(page, 'reset').click();
      await eventually(() => noteStep(page), (n) => n === 0, 'the note says initial weights after Reset');
      await eventually(() => weightLabels(page), (w) => w === initial, "the cards show the seed's weights again after Reset");
    },
  },
  {
    name: 'Training: lr 10 on digits diverges, pauses with a message and keeps finite weights',
    async run({ page }) {
      await openWithHooks(page);
      await fitDigits(page);
      await page.locator('[data-train="optimizer"]').selectOption('sgd');
      await setNumber(page, 'lr', 10);
      await button(page, 'play').click();
      const s = await waitStatus(page, ['diverged'], 'divergence at lr 10');
      assert(/diverged/i.test(s.message ?? '') && /last good/.test(s.message ?? ''), `plain message: ${s.message}`);
      await button(page, 'message').waitFor({ state: 'visible' });
      const w = await weights(page);
      assert(w.weights.every((a) => a.every((v) => Number.isFinite(v))), 'weights finite after divergence');
      await shot(page, 'train-diverged');
    },
  },
  {
    name: 'Training: a link replays the steps and reproduces the trained network exactly',
    async run({ page, context }) {
      await openWithHooks(page);
      await fitDigits(page);
      await page.locator('[data-train="optimizer"]').selectOption('sgd');
      await setNumber(page, 'lr', 0.05);
      await button(page, 'play').click();
      await eventually(() => status(page), (s) => s.step >= 150, 'training past step 150', 30_000);
      await button(page, 'play').click();
      const done = await pausedAt(page, 'after Pause');
      const original = await weights(page);
      const hash = await eventually(() => page.evaluate(() => location.hash), (h) => h.includes(`steps=${done.step}`), 'the link holds the steps');
      assert(hash.includes('opt=sgd') && hash.includes('lr=0.05'), `link holds the settings: ${hash}`);
      const other = await context.newPage();
      await other.goto(page.url().replace(/#.*$/, '') + hash);
      await other.waitForFunction(() => document.documentElement.dataset.ready === 'true' && window.__layerlabTrain !== undefined, null, { timeout: 20_000 });
      await eventually(() => status(other), (s) => s.status === 'paused' && s.step === done.step, `replayed to step ${done.step}`, 30_000);
      const replayed = await weights(other);
      assert(replayed.step === original.step, 'same step');
      assert(JSON.stringify(replayed.weights) === JSON.stringify(original.weights), 'the replayed weights equal the original ones, bit for bit');
      await shot(other, 'train-link-replayed');
      await other.close();
    },
  },
  {
    name: 'Training: a crashed worker is restarted and the run replayed to the same weights',
    async run({ page }) {
      await openWithHooks(page);
      await fitDigits(page);
      await button(page, 'play').click();
      await eventually(() => status(page), (s) => s.step >= 50, 'training past step 50', 30_000);
      await button(page, 'play').click();
      const before = await pausedAt(page, 'after Pause');
      const original = await weights(page);
      await eventually(() => noteStep(page), (n) => n === before.step, `the cards show step ${before.step} before the crash`);
      const cards = await weightLabels(page);
      await page.evaluate(() => window.__layerlabTrain.crash());
      const after = await eventually(() => status(page), (s) => s.status === 'paused' && /stopped/.test(s.message ?? '') && s.step === before.step, 'restarted, replayed and paused at the same step', 30_000);
      assert(/restarted, replaying its \d+ steps/.test(after.message ?? ''), `says so: ${after.message}`);
      const again = await weights(page);
      assert(JSON.stringify(again.weights) === JSON.stringify(original.weights), 'same weights after the restart');
      // The cards' values come from the restarted worker: the same trained weights, never the seed's.
      await eventually(() => noteStep(page), (n) => n === before.step, `the cards say step ${before.step} again after the restart`, 30_000);
      assert((await weightLabels(page)) === cards, 'the cards show the same trained weights after the restart');
      await shot(page, 'train-worker-restarted');
    },
  },
  {
    name: "Worker crash before any training: the big network's values stay, the page says so, the next values come from a fresh worker",
    async run({ page }) {
      const workers = [];
      // Worker scripts only: Vite's dev server also serves the module that exports the worker's
      // URL (train-worker.ts?worker&url), which the page imports once and no worker loads.
      page.on('request', (r) => {
        if (/train-worker/.test(r.url()) && !/[?&]worker&url/.test(r.url())) workers.push(r.url());
      });
      await openWithHooks(page, '#in=256x1024&net=linear(1024),relu,linear(10)');
      await valuesComputed(page, "the worker's values of a 256 × 1024 network");
      assert(workers.length === 1, `one worker computed the values: ${workers.join(', ')}`);
      await page.evaluate(() => window.__layerlabTrain.crash());
      await button(page, 'message').waitFor({ state: 'visible' });
      const s = await status(page);
      assert(s.status === 'idle' && /stopped/.test(s.message ?? '') && /as they were/.test(s.message ?? ''), `says so and stays idle: ${JSON.stringify(s)}`);
      assert((await page.locator('.heatmap:visible').count()) === 3, 'the values are still shown');
      await page.getByRole('button', { name: 'Resample' }).click();
      await eventually(() => workers.length, (n) => n === 2, 'a fresh worker for the next values');
      await valuesComputed(page, "the fresh worker's values");
      assert((await page.locator('.heatmap:visible').count()) === 3, 'values painted again');
      await shot(page, 'worker-crash-idle');
    },
  },
  {
    name: 'Training: hostile link values are reported as text and the page stays usable',
    async run({ page }) {
      // Out of range, negative, NaN, infinite, unknown: every training field of the link.
      const first = '#in=32x64&net=linear(10)&lr=1e300&bs=0&dataset=nope&steps=1000000000000&wd=1e9&momentum=NaN&noise=-1&opt=rmsprop';
      const t0 = Date.now();
      await openWithHooks(page, first);
      const notice = page.locator('.notice');
      await notice.first().waitFor({ state: 'visible' });
      let text = (await notice.first().textContent()) ?? '';
      for (const key of ['lr:', 'bs:', 'dataset:', 'steps:', 'wd:', 'momentum:', 'noise:', 'opt:']) assert(text.includes(key), `problem for ${key} in: ${text}`);
      assert(/Steps must be from 0 to 200000 \(got 1000000000000\)/.test(text), `the replay cap is stated: ${text}`);
      // Not frozen: the page paints frames right after opening the link.
      await frames(page, 'two frames after opening the hostile link');
      const s = await status(page);
      assert(s.status === 'idle' && s.step === 0, `nothing replayed: ${JSON.stringify(s)}`);
      const settings = await page.evaluate(() => window.__layerlabTrain.settings());
      assert(settings.lr === 0.001 && settings.batchSize === 32 && settings.dataset === 'digits' && settings.weightDecay === 0 && settings.optimizer === 'adam', `defaults kept: ${JSON.stringify(settings)}`);
      console.log(`    hostile link: reported and painted ${Date.now() - t0} ms after the navigation began`);
      // A second link typed over the first (hashchange): negative and infinite values, a replay one over the cap.
      await page.evaluate(() => {
        location.hash = '#in=32x64&net=linear(10)&lr=-0.5&bs=-3&wd=Infinity&steps=200001&loss=hinge&split=NaN';
      });
      await eventually(() => notice.allTextContents(), (all) => all.length >= 2, 'a second notice for the second link');
      text = (await notice.nth(1).textContent()) ?? '';
      for (const key of ['lr:', 'bs:', 'wd:', 'steps:', 'loss:', 'split:']) assert(text.includes(key), `problem for ${key} in the second link: ${text}`);
      assert(/Steps must be from 0 to 200000 \(got 200001\)/.test(text), `the cap is stated for 200001: ${text}`);
      await frames(page, 'two frames after the second hostile link');
      await button(page, 'step').click();
      await eventually(() => status(page), (t) => t.step === 1, 'a step still works with the defaults');
      await shot(page, 'train-hostile-link');
    },
  },
  {
    name: 'Training: a link at the replay cap (200,000 steps) replays in the worker; the page paints and Pause stops it',
    limitMs: 90_000,
    async run({ page }) {
      await openWithHooks(page, '#in=32x2&net=linear(16),tanh,linear(2)&dataset=xor&steps=200000');
      await eventually(() => status(page), (s) => s.status === 'running' && s.step > 0, 'the replay under way', 30_000);
      const replayText = (await button(page, 'status').textContent()) ?? '';
      assert(/Replaying steps from the seed: [\d,]+ to go/.test(replayText), `the panel says it replays: ${replayText}`);
      // The page stays responsive during the replay: frames come and an edit repaints.
      const t0 = Date.now();
      await frames(page, 'two frames during the replay');
      const frameMs = Date.now() - t0;
      await button(page, 'play').click(); // Pause
      const paused = await pausedAt(page, 'Pause during the replay');
      await page.waitForTimeout(300);
      const later = await status(page);
      assert(later.status === 'paused' && later.step === paused.step && paused.step < 200_000, `stopped short of the cap and stays paused: ${JSON.stringify({ paused, later })}`);
      console.log(`    replay cap: paused at step ${paused.step} of 200,000; two frames during the replay took ${frameMs} ms`);
    },
  },
];
