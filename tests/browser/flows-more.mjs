// More page flows: URL state, export/import, big networks, frame budget, dark mode, phone.
import { assert, card, eventually, outputShapes, shot, total } from './harness.mjs';
import { addDropoutAfterFirstRelu, loadMnist } from './flows.mjs';

export const moreTests = [
  {
    name: 'URL state round trip and damaged links',
    async run({ page }) {
      await loadMnist(page);
      await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('300');
      await eventually(() => page.evaluate(() => location.hash), (h) => h.includes('linear(300)'), 'hash follows edits');
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await eventually(() => total(page, 'parameters'), (t) => t === '275,318', 'reload restores the model');
      const bad = page.url().replace(/#.*/, '') + '#in=32x784&net=linear(10),bogus&seed=<b>x</b>';
      // A hand-edited hash in the open page (hashchange) ...
      await page.goto(bad);
      await page.locator('.notice').first().waitFor({ state: 'visible' });
      await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 10)', 'readable part of the link applied');
      // ... and a damaged link opened fresh.
      await page.goto('about:blank');
      await page.goto(bad);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
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
    name: 'Big network: shapes first, values from the worker while the page stays responsive',
    async run({ page }) {
      // 2 × Linear(4096) at batch 256: a forward pass of about a second, off the main thread.
      // A fresh load of the link (not a hash change and a reload, which would abort the worker
      // the hash change had already started loading).
      const base = page.url().replace(/#.*/, '');
      await page.goto('about:blank');
      await page.goto(`${base}#in=256x4096&net=linear(4096),relu,linear(4096)`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await page.waitForFunction(() => document.documentElement.dataset.computing === 'false', null, { timeout: 30_000 });
      await page.evaluate(() => {
        const seen = [];
        new MutationObserver(() => seen.push(document.documentElement.dataset.computing)).observe(document.documentElement, { attributes: true });
        window.__seen = seen;
        // Every animation frame: when it ran and whether values were still being computed.
        const ticks = [];
        const tick = (t) => {
          ticks.push([t, document.documentElement.dataset.computing]);
          if (ticks.length < 5_000) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        window.__ticks = ticks;
      });
      await page.getByRole('button', { name: 'Resample' }).click();
      await eventually(() => page.evaluate(() => window.__seen.join(',')), (s) => s.includes('true') && s.endsWith('false'), 'computing values… then done', 30_000);
      assert((await card(page, 1).locator('.heatmap').isVisible()), 'values painted');
      // Frames between two ticks that both saw "computing values…": the worker's forward pass.
      // (The shapes frame before and the values repaint after are main-thread work by design.)
      const { gaps, computingMs } = await page.evaluate(() => {
        const ticks = window.__ticks;
        const gaps = [];
        for (let i = 1; i < ticks.length; i++) {
          if (ticks[i - 1][1] === 'true' && ticks[i][1] === 'true') gaps.push(ticks[i][0] - ticks[i - 1][0]);
        }
        const during = ticks.filter((t) => t[1] === 'true');
        return { gaps, computingMs: during.length ? during[during.length - 1][0] - during[0][0] : 0 };
      });
      const worst = Math.max(0, ...gaps);
      console.log(`    computing values for ${computingMs.toFixed(0)} ms: ${gaps.length} frames, longest ${worst.toFixed(1)} ms`);
      assert(computingMs > 100 && gaps.length >= 5, `the page kept painting while values computed (${gaps.length} frames in ${computingMs} ms)`);
      assert(worst < 50, `longest frame gap while computing ${worst} ms`);
    },
  },
  {
    name: 'Live: MNIST edits repaint within one frame',
    async run({ page }) {
      await loadMnist(page);
      const times = await page.evaluate(async () => {
        const input = document.querySelector('.block-card .field-input');
        const out = [];
        for (let i = 0; i < 30; i++) {
          input.value = String(200 + i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          out.push(Number(document.documentElement.dataset.frameMs));
        }
        window.__runMs = document.querySelector('[data-total="forward-ms"] + .total-sub')?.textContent;
        return out.sort((a, b) => a - b);
      });
      const median = times[Math.floor(times.length / 2)];
      console.log(`    ${await page.evaluate(() => window.__runMs)}`);
      console.log(`    frame (run + repaint) median ${median.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
      assert(median < 16, `median frame ${median} ms`);
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
