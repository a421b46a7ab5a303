// More page flows: URL state, export/import, big networks, live edits, dark mode, phone.
import { SHOTS, assert, card, eventually, outputShapes, ready, shot, total, valuesComputed } from './harness.mjs';
import { addDropoutAfterFirstRelu, loadMnist } from './flows.mjs';
import { withTimeout } from './limits.mjs';
import { axeViolations } from './flows-a11y.mjs';

/**
 * Runs in the page: records every change of data-computing (window.__seen) and every
 * animation frame with whether values were being computed then (window.__ticks).
 */
export function recordFrames() {
  const seen = [];
  new MutationObserver(() => seen.push(document.documentElement.dataset.computing)).observe(document.documentElement, { attributes: true });
  window.__seen = seen;
  const ticks = [];
  const tick = (t) => {
    ticks.push([t, document.documentElement.dataset.computing]);
    if (ticks.length < 5_000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__ticks = ticks;
}

/**
 * Runs in the page: the gaps between two frames that both saw "computing values…" (the
 * worker's forward pass; the shapes frame before and the values repaint after are main-thread
 * work by design), and how long computing lasted.
 */
export function framesWhileComputing() {
  const ticks = window.__ticks;
  const gaps = [];
  for (let i = 1; i < ticks.length; i++) {
    if (ticks[i - 1][1] === 'true' && ticks[i][1] === 'true') gaps.push(ticks[i][0] - ticks[i - 1][0]);
  }
  const during = ticks.filter((t) => t[1] === 'true');
  return { gaps, computingMs: during.length ? during[during.length - 1][0] - during[0][0] : 0 };
}

export const moreTests = [
  {
    name: 'URL state round trip and damaged links',
    async run({ page }) {
      await loadMnist(page);
      await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('300');
      await eventually(() => page.evaluate(() => location.hash), (h) => h.includes('linear(300)'), 'hash follows edits');
      await page.reload();
      await ready(page, 'the page to boot again after the reload');
      await eventually(() => total(page, 'parameters'), (t) => t === '275,318', 'reload restores the model');
      const bad = page.url().replace(/#.*/, '') + '#in=32x784&net=linear(10),bogus&seed=<b>x</b>';
      // A hand-edited hash in the open page (hashchange) ...
      await page.goto(bad);
      await page.locator('.notice').first().waitFor({ state: 'visible' });
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 10)', 'readable part of the link applied');
      // ... and a damaged link opened fresh.
      await page.goto('about:blank');
      await page.goto(bad);
      await ready(page, 'the page to boot from a damaged link');
      const notice = page.locator('.notice');
      await notice.waitFor({ state: 'visible' });
      assert(((await notice.textContent()) ?? '').includes('<b>'), 'problems shown as text');
      assert((await page.locator('.notice b').count()) === 0, 'no HTML injected');
      await eventually(() => page.evaluate(() => location.hash), (h) => !h.includes('bogus'), 'hash rewritten to the model');
      await notice.getByRole('button', { name: /^Dismiss/ }).click();
      await notice.waitFor({ state: 'detached' });
    },
  },
  {
    name: 'Export and import',
    async run({ page }) {
      await loadMnist(page);
      const code = page.locator('#panel-pytorch code');
      assert(((await code.textContent()) ?? '').includes('nn.Linear(784, 256)'), 'PyTorch export');
      await page.getByRole('tab', { name: 'torchinfo' }).click();
      assert(((await page.locator('#panel-torchinfo code').textContent()) ?? '').includes('Total params: 235,146'), 'torchinfo');
      await page.getByRole('tab', { name: 'torchinfo' }).press('ArrowRight');
      assert((await page.getByRole('tab', { name: 'Import' }).getAttribute('aria-selected')) === 'true', 'arrow keys move tabs');
      await page.getByRole('textbox', { name: /^Paste PyTorch code/ }).fill('model = nn.Sequential(\n  nn.Linear(3, 4),\n  nn.Conv2d(1, 2, 3),\n  nn.ReLU(),\n)');
      const before = await outputShapes(page);
      await page.getByRole('button', { name: 'Read code' }).click();
      await page.locator('.import-problems').waitFor({ state: 'visible' });
      const problems = (await page.locator('.import-problems').textContent()) ?? '';
      assert(/Line 3/.test(problems), `problems by line: ${problems}`);
      assert(((await page.locator('.import-layers').textContent()) ?? '').includes('Linear(3, 4)'), 'layers read are shown');
      assert(JSON.stringify(await outputShapes(page)) === JSON.stringify(before), 'the network is untouched until accepted');
      await page.getByRole('button', { name: 'Use this network' }).click();
      await eventually(() => outputShapes(page), (s) => s.length === 2 && s[0]?.endsWith(' 4)') === true, 'imported network');
      await page.getByRole('tab', { name: 'PyTorch' }).click();
      await page.getByRole('button', { name: 'Copy PyTorch text' }).click();
      await page.locator('#panel-pytorch .copy-status').filter({ hasText: /Cop/ }).waitFor();
    },
  },
  {
    name: 'Code tabs: exports predict in evaluation mode, course style tells Dropout the mode, import asks for missing sizes',
    async run({ page }) {
      await loadMnist(page);
      await addDropoutAfterFirstRelu(page);
      const torch = (await page.locator('#panel-pytorch code').textContent()) ?? '';
      assert(torch.trimEnd().endsWith('model.eval()') && torch.includes('model.train() before training'), `PyTorch code ends in evaluation mode: ${torch.slice(-200)}`);
      await page.locator('#panel-pytorch pre').evaluate((pre) => (pre.scrollTop = pre.scrollHeight));
      await page.locator('.panel-export').screenshot({ path: `${SHOTS}code-pytorch-eval.png` });
      await page.getByRole('tab', { name: 'Course style' }).click();
      const course = page.locator('#panel-course code');
      await eventually(() => course.textContent(), (t) => (t ?? '').includes('isinstance(layer, Dropout)'), 'course style runs the layers itself with Dropout');
      const text = (await course.textContent()) ?? '';
      assert(!/init=|model\.forward\(x, /.test(text) && /training = (True|False)  # the page's mode/.test(text), `course style uses only the course API: ${text}`);
      await page.locator('#panel-course pre').evaluate((pre) => (pre.scrollTop = pre.scrollHeight));
      await page.locator('.panel-export').screenshot({ path: `${SHOTS}code-course-style.png` });

      await page.getByRole('tab', { name: 'Import' }).click();
      const notebook = 'model = nn.Sequential(nn.Linear(input_size, hidden_sizes[0]),\n    nn.ReLU(),\n    nn.Linear(hidden_sizes[0], hidden_sizes[1]),\n    nn.ReLU(),\n    nn.Linear(hidden_sizes[1], output_size))';
      await page.getByRole('textbox', { name: /^Paste PyTorch code/ }).fill(notebook);
      await page.getByRole('button', { name: 'Read code' }).click();
      const group = page.getByRole('group', { name: /names it does not define/ });
      await group.waitFor({ state: 'visible' });
      assert((await page.getByRole('button', { name: 'Use this network' }).isDisabled()), 'a network without its Linear layers cannot be used');
      await page.locator('.panel-export').screenshot({ path: `${SHOTS}code-import-asks.png` });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `axe-core on the fields asking for values: ${JSON.stringify(violations)}`);
      await page.getByRole('textbox', { name: 'input_size =' }).fill('784');
      await page.getByRole('textbox', { name: 'hidden_sizes =' }).fill('[128, 64]');
      await page.getByRole('textbox', { name: 'output_size =' }).fill('10');
      await page.getByRole('textbox', { name: 'output_size =' }).press('Enter');
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('name')), (n) => n === 'output_size', 'Enter reads again and keeps the caret in the field');
      await page.getByRole('button', { name: 'Read with these values' }).click();
      await eventually(() => page.locator('.import-summary').textContent(), (t) => (t ?? '').includes('109,386 parameters'), 'the three Linear layers read with the given sizes');
      await page.locator('.panel-export').screenshot({ path: `${SHOTS}code-import-missing.png` });
      await page.getByRole('button', { name: 'Use this network' }).click();
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 128)|(32, 128)|(32, 64)|(32, 64)|(32, 10)', 'imported network');
    },
  },
  {
    name: 'Big network: shapes first, values from the worker while the page keeps painting',
    // A second of values per pass, several times over on a loaded machine.
    limitMs: 120_000,
    async run({ page }) {
      // 2 × Linear(4096) at batch 256: a forward pass of about a second, off the main thread.
      // A fresh load of the link (not a hash change and a reload, which would abort the worker
      // the hash change had already started loading). How long frames take meanwhile is
      // measured by bench/browser.mjs; this flow checks that frames keep coming.
      const base = page.url().replace(/#.*/, '');
      await page.goto('about:blank');
      await page.goto(`${base}#in=256x4096&net=linear(4096),relu,linear(4096)`);
      await ready(page, 'the page to boot with 2 × Linear(4096)');
      await valuesComputed(page, "the worker's first values of 2 × Linear(4096), batch 256");
      await page.evaluate(recordFrames);
      await page.getByRole('button', { name: 'Resample' }).click();
      await eventually(() => page.evaluate(() => window.__seen.join(',')), (s) => s.includes('true') && s.endsWith('false'), 'computing values… then done', 30_000);
      assert((await card(page, 1).locator('.heatmap').isVisible()), 'values painted');
      const { gaps, computingMs } = await page.evaluate(framesWhileComputing);
      assert(computingMs > 100 && gaps.length >= 5, `the page kept painting while values computed (${gaps.length} frames in ${computingMs} ms)`);
    },
  },
  {
    name: 'Live: an MNIST edit is painted in the next animation frame',
    async run({ page }) {
      await loadMnist(page);
      const edits = page.evaluate(async () => {
        const card = document.querySelector('.block-card');
        const label = [...card.querySelectorAll('label')].find((x) => x.textContent === 'Out features');
        const input = document.getElementById(label.htmlFor);
        const shape = card.querySelector('[data-stat="output-shape"]');
        const late = [];
        for (let i = 0; i < 30; i++) {
          const want = `(32, ${200 + i})`;
          input.value = String(200 + i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // The store asked for its frame during the input event, so it has run before this.
          await window.__frame(`the frame after edit ${i + 1} of 30`);
          if (shape.textContent !== want) late.push(`${want} showed ${shape.textContent}`);
        }
        return late;
      });
      const late = await withTimeout(edits, 30_000, '30 MNIST edits to be painted');
      assert(late.length === 0, `edits not painted in the next frame: ${late.join('; ')}`);
    },
  },
  {
    name: 'Dark mode screenshot',
    context: { colorScheme: 'dark' },
    async run({ page }) {
      await loadMnist(page);
      await addDropoutAfterFirstRelu(page);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert(bg === 'rgb(14, 17, 22)', `dark background: ${bg}`);
      await shot(page, 'dark-mode');
    },
  },
  {
    name: 'Phone width 360 px: no horizontal scroll',
    context: { viewport: { width: 360, height: 760 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    async run({ page }) {
      await loadMnist(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 360, `page width ${width}`);
      await shot(page, 'phone-360');
      await card(page, 1).evaluate((n) => n.scrollIntoView({ block: 'start' }));
      await shot(page, 'phone-360-blocks');
    },
  },
];
