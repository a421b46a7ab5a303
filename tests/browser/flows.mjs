// The page flows. Each test gets a fresh page (and context) and must leave no console or
// page errors behind.
import { assert, card, eventually, kinds, outputShapes, settled, shot, total } from './harness.mjs';

export async function loadMnist(page) {
  await page.getByRole('button', { name: 'MNIST MLP', exact: true }).click();
  await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 10)', 'MNIST shapes');
}

/** Adds a Dropout and moves it (by keyboard) to just after the first ReLU. */
export async function addDropoutAfterFirstRelu(page) {
  await page.getByRole('button', { name: 'Add Dropout', exact: true }).click();
  await eventually(() => kinds(page), (k) => k.length === 6 && k[5] === 'dropout', 'dropout added at the end');
  const up = card(page, 6).getByRole('button', { name: /^Move up/ });
  await up.focus();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Enter');
    await settled(page);
  }
  await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,dropout,linear,relu,linear', 'dropout moved to position 3');
}

export const coreTests = [
  {
    name: 'MNIST preset: shapes, counts, formula, totals',
    async run({ page }) {
      await loadMnist(page);
      assert((await total(page, 'parameters')) === '235,146', `total parameters: ${await total(page, 'parameters')}`);
      const first = card(page, 1);
      assert((await first.locator('[data-stat="parameters"]').textContent()) === '200,960', 'first Linear has 200,960 parameters');
      assert((await first.locator('[data-stat="formula"]').textContent()) === '= 784 × 256 + 256', 'first Linear formula');
      assert((await first.locator('[data-stat="parameter-bytes"]').textContent()) === '785.0 KiB', 'first Linear parameter memory');
      assert((await first.locator('[data-stat="multiply-adds"]').textContent()) === '6,422,528', 'first Linear multiply-adds');
      assert((await total(page, 'multiply-adds')) === '7,512,064', `total multiply-adds: ${await total(page, 'multiply-adds')}`);
      const forward = await total(page, 'forward-ms');
      assert(/ms$/.test(forward ?? ''), `forward time shown: ${forward}`);
      assert(/in use of/.test((await total(page, 'wasm-memory')) ?? ''), 'WASM memory panel');
      assert((await page.locator('.heatmap:visible').count()) === 5, 'a heatmap per block');
      assert((await page.locator('.histogram:visible').count()) === 8, '3 weight + 5 output histograms');
    },
  },
  {
    name: 'Dropout: training mode shows the mask, evaluation hides it',
    context: { viewport: { width: 1440, height: 1400 } },
    async run({ page }) {
      await loadMnist(page);
      await addDropoutAfterFirstRelu(page);
      const dropout = card(page, 3);
      const sw = page.getByRole('switch', { name: 'Training mode' });
      assert((await sw.getAttribute('aria-checked')) === 'true', 'training starts on');
      await dropout.locator('.mask-grid').waitFor({ state: 'visible' });
      const summary = await dropout.locator('.mask-summary').textContent();
      assert(/Kept \d+\.\d% .*1 − p = 50\.0%.*×2\.00/.test(summary ?? ''), `mask summary: ${summary}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'mnist-training-on');
      await shot(page, 'mnist-training-on-full', true);
      await sw.click();
      await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'false', 'switch turns off');
      await dropout.locator('.mask-grid').waitFor({ state: 'hidden' });
      await dropout.locator('.passthrough').waitFor({ state: 'visible' });
      await sw.press('Space');
      await dropout.locator('.mask-grid').waitFor({ state: 'visible' });
      assert((await dropout.locator('.passthrough').isHidden()), 'pass-through note hidden in training');
    },
  },
  {
    name: 'Every preset loads and runs',
    async run({ page }) {
      const expected = {
        'MNIST MLP': '(32, 10)',
        'Course 3-layer with dropout': '(32, 10)',
        'Course network on digits': '(32, 10)',
        'Tiny 3→4→2': '(1, 2)',
        'CNN-free image MLP': '(32, 10)',
        Empty: '(32, 784)',
      };
      for (const [name, output] of Object.entries(expected)) {
        await page.getByRole('button', { name, exact: true }).click();
        await eventually(() => page.locator('.flow-output [data-stat="output-shape"]').textContent(), (t) => t === output, `${name} output`);
      }
      await page.locator('.empty-state').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'CNN-free image MLP', exact: true }).click();
      await eventually(() => outputShapes(page), (s) => s[0] === '(32, 784)', 'Flatten turns (32, 28, 28) into (32, 784)');
      await page.getByRole('button', { name: 'Tiny 3→4→2', exact: true }).click();
      await eventually(() => total(page, 'parameters'), (t) => t === '26', 'tiny network has 3×4+4 + 4×2+2 = 26 parameters');
    },
  },
  {
    name: 'Shape mismatch: message names both shapes, later blocks show —, one-click fix',
    async run({ page }) {
      await loadMnist(page);
      const second = card(page, 3);
      const inField = second.getByRole('textbox', { name: 'In features' });
      await inField.fill('100');
      const error = second.locator('.block-error');
      await error.waitFor({ state: 'visible' });
      const text = (await error.textContent()) ?? '';
      assert(text.includes('100') && text.includes('(32, 256)'), `message names both shapes: ${text}`);
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 256)|(32, 256)|—|—|—', 'blocks after the error show —');
      assert(await second.evaluate((n) => n.classList.contains('is-error')), 'offending block marked');
      assert((await card(page, 5).locator('.heatmap').isHidden()), 'no stale heatmap after the error');
      await card(page, 2).evaluate((n) => n.scrollIntoView({ block: 'start' }));
      await shot(page, 'mismatch');
      await second.getByRole('button', { name: 'Set in features to 256' }).click();
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 10)', 'fixed');
      assert((await inField.inputValue()) === '256', 'in features set to 256');
      assert((await total(page, 'parameters')) === '235,146', 'totals back');
    },
  },
  {
    name: 'Bad input: field errors, network kept',
    async run({ page }) {
      await loadMnist(page);
      const out = card(page, 1).getByRole('textbox', { name: 'Out features' });
      for (const bad of ['', 'abc', '0', '-5', '1.5', '99999999']) {
        await out.fill(bad);
        await eventually(() => out.getAttribute('aria-invalid'), (v) => v === 'true', `"${bad}" is refused`);
        const describedBy = await out.getAttribute('aria-describedby');
        const message = await page.locator(`[id="${describedBy}"]`).textContent();
        assert(/Out features/.test(message ?? ''), `message for "${bad}": ${message}`);
        await settled(page);
        assert((await total(page, 'parameters')) === '235,146', `network kept after "${bad}"`);
      }
      await out.fill('300');
      await eventually(() => total(page, 'parameters'), (t) => t === '275,318', 'valid value applies');
      assert((await out.getAttribute('aria-invalid')) === null, 'error cleared');
      const batch = page.getByRole('textbox', { name: 'Batch size' });
      await batch.fill('0');
      await eventually(() => batch.getAttribute('aria-invalid'), (v) => v === 'true', 'batch 0 refused');
      assert((await card(page, 1).locator('[data-stat="output-shape"]').textContent()) === '(32, 300)', 'shape kept');
      await page.getByRole('button', { name: 'Add Dropout', exact: true }).click();
      const p = card(page, 2).getByRole('textbox', { name: 'p' }); // added after the selected (edited) block 1
      await p.fill('1.5');
      await eventually(() => p.getAttribute('aria-invalid'), (v) => v === 'true', 'p = 1.5 refused');
      await p.fill('0.2');
      const slider = card(page, 2).getByRole('slider', { name: 'Drop probability p' });
      await eventually(() => slider.inputValue(), (v) => v === '0.2', 'slider follows p');
    },
  },
  {
    name: 'Edge values: p = 0 and p = 1, sample data, no bias, zeros init',
    async run({ page }) {
      await page.getByRole('button', { name: 'Course 3-layer with dropout', exact: true }).click();
      await eventually(() => kinds(page), (k) => k.length === 7, 'course network');
      const p = card(page, 3).getByRole('textbox', { name: 'p' });
      await p.fill('1');
      await eventually(() => card(page, 3).locator('.mask-summary').textContent(), (t) => /Kept 0\.0%/.test(t ?? ''), 'p = 1 drops everything');
      await p.fill('0');
      await eventually(() => card(page, 3).locator('.mask-summary').textContent(), (t) => /Kept 100\.0%.*×1\.00/.test(t ?? ''), 'p = 0 keeps everything');
      await page.getByRole('combobox', { name: 'Data' }).selectOption('sample');
      const first = card(page, 1);
      await first.getByRole('checkbox', { name: 'Bias' }).uncheck();
      await eventually(() => first.locator('[data-stat="formula"]').textContent(), (t) => t === '= 784 × 256', 'formula without bias');
      await first.getByRole('combobox', { name: 'Init' }).selectOption('zeros');
      await eventually(() => first.locator('.figure-histogram .figure-note').first().textContent(), (t) => /mean 0 · std 0/.test(t ?? ''), 'zeros init');
      await page.getByRole('button', { name: 'CNN-free image MLP', exact: true }).click();
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 784)|(32, 128)|(32, 128)|(32, 10)', 'image MLP');
    },
  },
  {
    name: 'Keyboard: move buttons reorder and keep focus',
    async run({ page }) {
      await loadMnist(page);
      await addDropoutAfterFirstRelu(page);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      assert(focused === 'Move up: block 3, Dropout', `focus stays on the moved block's button: ${focused}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,linear,dropout,relu,linear', 'moved down');
      await card(page, 4).getByRole('button', { name: /^Remove/ }).click();
      await card(page, 1).getByRole('button', { name: /^Duplicate/ }).click();
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,linear,relu,linear,relu,linear', 'duplicated');
    },
  },
  {
    name: 'Drag and drop reorders blocks',
    // Tall enough that source and target are both on screen: a drag does not scroll.
    context: { viewport: { width: 1360, height: 2600 } },
    async run({ page }) {
      await loadMnist(page);
      await card(page, 5).locator('.drag-handle').dragTo(card(page, 1), { targetPosition: { x: 40, y: 5 } });
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,linear,relu,linear,relu', 'last Linear dragged to the top');
    },
  },
];
