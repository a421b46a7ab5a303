// Pace, the stopping rule, readable curves, views that stay on show while training, and the
// two modes at inference seen at once. Every wait is bounded and says what it waited for;
// pages open with ?testhooks=1 for the training status. Screenshots: test-output/screenshots/pace-*.png.
import { assert, card, eventually, shot, SHOTS } from './harness.mjs';
import { axeOnPanel, DROPOUT_DIGITS, open } from './flows-learn-page.mjs';
import { pausedAt } from './flows-train.mjs';

const status = (page) => page.evaluate(() => window.__layerlabTrain.status());
const train = (page, name) => page.locator(`[data-train="${name}"]`);

/** Batches per epoch, from the counters ("… 3 of 45 batches into the next"). */
async function batchesPerEpoch(page) {
  const text = await eventually(() => train(page, 'counters').textContent(), (t) => /of \d+ batches/.test(t ?? ''), 'the counters to give the batches per epoch');
  return Number(text.match(/of (\d+) batches/)[1]);
}

/**
 * Samples whether a learning view is on screen every 100 ms for `ms`, in the page (no round
 * trips between samples): the count of samples in which it was visible, of all.
 */
export function visibleSamples(page, selector, ms) {
  return page.evaluate(
    ({ selector, ms }) =>
      new Promise((resolve) => {
        let seen = 0;
        let total = 0;
        const timer = setInterval(() => {
          const node = document.querySelector(selector);
          total++;
          if (node && node.checkVisibility() && node.querySelectorAll('td').length > 0) seen++;
          if (total * 100 >= ms) {
            clearInterval(timer);
            resolve({ seen, total });
          }
        }, 100);
      }),
    { selector, ms },
  );
}

export const paceTests = [
  {
    name: 'Pace: at 1 batch a second each step is seen; the stopping rule stops at the same step and Keep going goes on',
    limitMs: 90_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=2`);
      await train(page, 'pace').selectOption('1');
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.step >= 2, 'two steps at 1 batch a second', 15_000);
      const t0 = Date.now();
      const from = (await status(page)).step;
      await page.waitForTimeout(3000);
      const to = (await status(page)).step;
      const rate = (to - from) / ((Date.now() - t0) / 1000);
      assert(rate > 0.5 && rate < 1.6, `about one step a second (${from} → ${to}: ${rate.toFixed(2)} a second)`);
      const words = (await train(page, 'status').textContent()) ?? '';
      assert(/Training at 1 batch a second/.test(words), `the status says the pace: ${words}`);
      await shot(page, 'pace-slow-mid-epoch');
      // Full speed on: the stopping rule pauses at the end of epoch 2, a step fixed by the data set and batch size.
      await train(page, 'pace').selectOption('full');
      const bpe = await batchesPerEpoch(page);
      const stopped = await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 2 * bpe, `paused by the rule at step ${2 * bpe}`, 30_000);
      // The panel repaints up to 100 ms after the status changes.
      await eventually(() => train(page, 'play').textContent(), (t) => t === 'Keep going (+2 epochs)', 'Play to offer to keep going');
      await eventually(() => train(page, 'status').textContent(), (t) => /^Stopped after epoch 2 \(the stopping rule\)/.test(t ?? ''), 'the status to say why it stopped');
      await eventually(() => page.locator('[data-curves="summary"]').textContent(), (t) => (t ?? '').startsWith(`After 2 epochs (step ${stopped.step})`), 'two epochs on the curves');
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 4 * bpe, `Keep going: paused again at step ${4 * bpe}`, 30_000);
      const hash = await page.evaluate(() => location.hash);
      assert(hash.includes('stop=2') && hash.includes(`steps=${4 * bpe}`), `the link holds the rule and the steps: ${hash}`);
      // The curves on a log epoch axis, for the screenshot of the learning phase.
      await page.locator('[data-curves="log-x"]').check();
      await page.locator('[data-panel="curves"]').screenshot({ path: `${SHOTS}pace-curves-log.png` });
    },
  },
  {
    name: 'Pace: the confusion matrix stays on screen in every 100 ms sample over 8 s while digits trains at full speed',
    limitMs: 90_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=0`);
      await train(page, 'play').click();
      await page.locator('[data-learn="confusion"]').waitFor({ state: 'visible', timeout: 20_000 });
      const { seen, total } = await visibleSamples(page, '[data-learn="confusion"]', 8000);
      const s = await status(page);
      assert(s.status === 'running', `still training after 8 s (stop=0): ${JSON.stringify(s)}`);
      console.log(`    confusion matrix on screen in ${seen} of ${total} samples (step ${s.step})`);
      assert(seen === total, `visible in every sample: ${seen} of ${total}`);
      await train(page, 'play').click();
      await pausedAt(page, 'after Pause');
    },
  },
  {
    name: 'Dropout at inference: the switch measures both modes at once, side by side, and one test image predicted 8 times in each',
    limitMs: 90_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=3`);
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step > 0, 'paused by the stopping rule after 3 epochs', 30_000);
      // The curves repaint up to 100 ms after the status: their third epoch's test figure is the one to compare.
      const before = await eventually(() => page.locator('[data-curves="summary"]').textContent(), (t) => /^After 3 epochs/.test(t ?? ''), 'the curves of the 3 epochs');
      const t0 = Date.now();
      await train(page, 'eval-training').check();
      await train(page, 'modes').waitFor({ state: 'visible', timeout: 10_000 });
      await eventually(() => train(page, 'modes-training').textContent(), (t) => /test accuracy [\d.]+ %/.test(t ?? ''), 'the training-mode figure');
      console.log(`    both modes shown ${Date.now() - t0} ms after the switch, with training paused`);
      assert((await status(page)).status === 'paused', 'measured without training on');
      const acc = async (name) => Number(((await train(page, name).textContent()) ?? '').match(/test accuracy ([\d.]+) %/)[1]);
      const evalAcc = await acc('modes-eval');
      const trainAcc = await acc('modes-training');
      assert(trainAcc < evalAcc, `training mode scores worse: ${trainAcc} % against ${evalAcc} %`);
      const curveAcc = Number(before.match(/test loss [\d.]+, accuracy ([\d.]+) %/)[1]);
      assert(Math.abs(curveAcc - evalAcc) < 0.05, `evaluation mode is what the curves measured (${curveAcc} %, ${evalAcc} %)`);
      const classes = async (name) => ((await train(page, name).textContent()) ?? '').replace(/^[^:]*: /, '').split(' · ').map((p) => p.replace(/ \(.*$/, ''));
      const evalPasses = await classes('passes-eval');
      const trainPasses = await classes('passes-training');
      assert(evalPasses.length === 8 && new Set(evalPasses).size === 1, `evaluation mode: the same class every pass: ${evalPasses}`);
      assert(trainPasses.length === 8 && new Set(trainPasses).size > 1, `training mode: the answers change: ${trainPasses}`);
      await train(page, 'modes').scrollIntoViewIfNeeded();
      await page.locator('[data-panel="train"]').screenshot({ path: `${SHOTS}pace-inference-modes.png` });
      for (const panel of ['train', 'curves']) {
        const violations = await axeOnPanel(page, `[data-panel="${panel}"]`);
        assert(violations.length === 0, `accessibility of the ${panel} panel (axe-core): ${violations.join('; ')}`);
      }
      const sampleText = train(page, 'modes').locator('.modes-sample-text');
      const index = Number(((await sampleText.textContent()) ?? '').match(/^Test image (\d+)/)[1]);
      await train(page, 'modes-next').click();
      await eventually(() => sampleText.textContent(), (t) => (t ?? '').startsWith(`Test image ${index + 1},`), `test image ${index + 1} measured after Next`);
    },
  },
  {
    name: 'Runs that survive edits: the panel says what an edit does, the old run stays faded with none of its figures beside the new network, Undo replays it',
    limitMs: 90_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=2`);
      await train(page, 'play').click();
      const bpe = await batchesPerEpoch(page);
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 2 * bpe, 'paused by the rule after 2 epochs', 30_000);
      const original = await page.evaluate(() => window.__layerlabTrain.weights());
      await eventually(() => train(page, 'edit-note').textContent(), (t) => /starts a new run from the seed/.test(t ?? '') && /Undo brings it back/.test(t ?? ''), 'the panel to say what an edit does, before the edit');
      // Every counter text from the edit on: none may carry the old run's step or test figure.
      await page.evaluate(() => {
        window.__counters = [];
        const node = document.querySelector('[data-train="counters"]');
        new MutationObserver(() => window.__counters.push(node.textContent)).observe(node, { childList: true, characterData: true, subtree: true });
      });
      await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('200');
      await eventually(() => page.locator('[data-curves="kept"]').textContent(), (t) => /Previous run/.test(t ?? ''), 'the previous run listed on the curves');
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 0, 'a new run at step 0 for the new network', 20_000);
      await page.waitForTimeout(300);
      const counters = await page.evaluate(() => window.__counters);
      const stale = counters.filter((t) => !/^Step 0 /.test(t) || /test [\d.]+ %/.test(t));
      assert(stale.length === 0, `no figure of the old run beside the new network: ${stale.join(' | ')}`);
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step === 2 * bpe, `Undo replays the run to step ${2 * bpe}`, 30_000);
      const back = await page.evaluate(() => window.__layerlabTrain.weights());
      assert(JSON.stringify(back.weights) === JSON.stringify(original.weights), 'the same weights as before the edit');
      const summary = (await page.locator('[data-curves="summary"]').textContent()) ?? '';
      assert(summary.startsWith(`After 2 epochs (step ${2 * bpe})`), `its curves are back: ${summary}`);
      await shot(page, 'pace-undo-run-back');
    },
  },
  {
    name: 'Compare runs: pin a run, train again with another batch size, pin, train a third; all three on the curves',
    limitMs: 120_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=5`);
      const runTo = async (what) => {
        await train(page, 'play').click();
        // Read with the status: a new batch size reaches the counters with the new run's first
        // progress, so batches per epoch read at Play can still be the previous run's.
        const read = async () => ({ s: await status(page), bpe: await batchesPerEpoch(page) });
        await eventually(read, ({ s, bpe }) => s.status === 'paused' && s.step > 0 && s.step === 5 * bpe, `${what}: paused after 5 epochs`, 30_000);
      };
      await runTo('batch 32');
      await page.locator('[data-curves="pin"]').click();
      await train(page, 'batchSize').fill('256');
      await train(page, 'batchSize').press('Tab');
      await runTo('batch 256');
      await page.locator('[data-curves="pin"]').click();
      await page.locator('[data-train="optimizer"]').selectOption('sgd');
      await train(page, 'batchSize').fill('64');
      await train(page, 'batchSize').press('Tab');
      await runTo('SGD, batch 64');
      const kept = await page.locator('[data-curves="kept"] li').allTextContents();
      assert(kept.length === 3, `two pinned runs and the current one listed: ${kept.join(' | ')}`);
      assert(/Pinned 1 .*batch 32/.test(kept[0]) && /Pinned 2 .*batch 256/.test(kept[1]) && /Now — SGD lr 0.001, batch 64/.test(kept[2]), `labelled by what differs: ${kept.join(' | ')}`);
      await page.locator('[data-panel="curves"]').screenshot({ path: `${SHOTS}pace-two-pinned-runs.png` });
    },
  },
  {
    name: 'Weight pictures: the one-click lesson (a first Linear of 16 units) on Fashion-MNIST, tiles apart and each on its own scale, after 5 s of training',
    limitMs: 120_000,
    async run({ page }) {
      await open(page, '#dataset=fashion-mnist&stop=0');
      const first = await page.evaluate(() => window.__layerlabTrain.status());
      assert(first.status === 'idle', `nothing trained yet: ${JSON.stringify(first)}`);
      await page.locator('[data-learn="weights-lesson"]').click();
      await eventually(() => status(page), (s) => s.status === 'running' && s.step > 0, 'the lesson network training', 60_000);
      const t0 = Date.now();
      const start = await page.evaluate(() => window.__layerlabTrain.weights());
      await page.waitForTimeout(5000);
      await train(page, 'play').click();
      const s = await pausedAt(page, 'after 5 s of training');
      const atlas = page.locator('[data-learn="weights"] canvas.learn-atlas');
      const label = await eventually(() => atlas.getAttribute('aria-label'), (t) => /^16 output units, each drawn as a 28×28 image/.test(t ?? ''), 'the 16 pictures of the lesson');
      assert(/each on its own colour scale/.test(label), `each tile on its own scale: ${label}`);
      assert((await page.locator('[data-learn="weights-scale"]').inputValue()) === 'unit', 'the scale switched to per unit');
      const settings = await page.evaluate(() => window.__layerlabTrain.settings());
      assert(settings.optimizer === 'sgd' && settings.lr === 0.05, `the lesson's SGD at 0.05: ${JSON.stringify(settings)}`);
      await eventually(() => page.locator('[data-learn="status"]').textContent(), (t) => t === `Showing step ${s.step.toLocaleString('en')}.`, 'the pictures of the paused step');
      // The columns moved well away from their random start: more than their initial size.
      const end = await page.evaluate(() => window.__layerlabTrain.weights());
      const w0 = start.weights[0];
      const w1 = end.weights[0];
      let moved = 0;
      let size = 0;
      for (let i = 0; i < w0.length; i++) {
        moved += (w1[i] - w0[i]) ** 2;
        size += w0[i] ** 2;
      }
      const ratio = Math.sqrt(moved / size);
      console.log(`    lesson: step ${s.step} after ${((Date.now() - t0) / 1000).toFixed(1)} s; first Linear moved ${ratio.toFixed(2)} × its size at step ${start.step}`);
      assert(w0.length === 784 * 16, `a first Linear of 784 × 16: ${w0.length}`);
      await page.locator('[data-learn="weights"]').screenshot({ path: `${SHOTS}pace-weights-lesson-5s.png` });
    },
  },
  {
    name: 'Real inputs in the cards: real test digits as the input batch, the first shown with its label; Next moves on',
    limitMs: 90_000,
    async run({ page }) {
      await open(page, `${DROPOUT_DIGITS}&stop=1`);
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'paused' && s.step > 0, 'paused after one epoch', 30_000);
      const firstHeatmap = page.locator('.block-card canvas.heatmap').first();
      // The cards catch up with the paused step a moment after the status: wait until they hold still.
      const settledPicture = async () => {
        const a = await firstHeatmap.evaluate((c) => c.toDataURL());
        await page.waitForTimeout(400);
        return a === (await firstHeatmap.evaluate((c) => c.toDataURL())) ? a : null;
      };
      const before = await eventually(settledPicture, (d) => d !== null, 'the first card to settle on the paused step', 20_000);
      await train(page, 'real-input').check();
      const text = await eventually(() => train(page, 'real-input-text').textContent(), (t) => /^Input row 0: test sample 0, a \d\./.test(t ?? ''), 'the cards on test sample 0', 20_000);
      assert(/The batch's 32 rows are test samples 0 on/.test(text), `a batch of 32 real samples: ${text}`);
      await eventually(() => firstHeatmap.evaluate((c) => c.toDataURL()), (d) => d !== before, 'the first card to show the real batch', 20_000);
      await train(page, 'real-next').click();
      await eventually(() => train(page, 'real-input-text').textContent(), (t) => /^Input row 0: test sample 1, a \d\./.test(t ?? ''), 'the cards on test sample 1', 20_000);
      await train(page, 'real-input-box').scrollIntoViewIfNeeded();
      await shot(page, 'pace-real-input');
      await train(page, 'real-input').uncheck();
      await eventually(() => firstHeatmap.evaluate((c) => c.toDataURL()), (d) => d === before, "the input panel's data again when off", 20_000);
    },
  },
];
