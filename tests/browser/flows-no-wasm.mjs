// A browser without WebAssembly (Chromium with --js-flags=--jitless): the page says so once in
// plain words, keeps shapes and counts, starts no worker (one that can never load must not be
// restarted over and over), and Play says why training cannot run.
import { assert, closeBrowser, eventually, launchChromium, newContext, shapesPainted, shot, total } from './harness.mjs';
import { loadMnist } from './flows.mjs';
import { SETUP_LIMIT_MS, withTimeout } from './limits.mjs';

const SAID = 'This browser has WebAssembly turned off: shapes and counts work; values and training need it.';

export const noWasmTests = [
  {
    name: 'No WebAssembly (jitless Chromium): said once, shapes and counts kept, no worker started or restarted',
    async run({ page: normal }) {
      const url = normal.url();
      const browser = await launchChromium(['--js-flags=--jitless']);
      try {
        const context = await newContext(browser);
        const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a jitless page');
        const errors = [];
        const workers = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('worker', (w) => workers.push(w.url()));
        await page.goto(url);
        await shapesPainted(page);
        assert((await page.evaluate(() => typeof WebAssembly)) === 'undefined', 'this Chromium has no WebAssembly (--jitless)');
        const notices = page.locator('.notice', { hasText: SAID });
        await notices.first().waitFor({ state: 'visible' });
        await loadMnist(page);
        assert((await total(page, 'parameters')) === '235,146', 'counts work without WebAssembly');
        // Values are asked for and refused with the reason (never a restart).
        await page.locator('[data-train="fit"]').click();
        await page.locator('[data-train="play"]').click();
        const message = page.locator('[data-train="message"]');
        await eventually(() => message.textContent(), (t) => (t ?? '').includes('WebAssembly turned off'), 'Play says why training cannot run');
        await page.waitForTimeout(2_000); // a restart loop would have shown by now
        const text = await page.locator('body').textContent();
        assert(!/restarted/i.test(text ?? ''), 'no worker restart is reported');
        assert((await notices.count()) === 1, `said once: ${await notices.count()}`);
        assert(workers.length === 0, `no worker started: ${workers.join(', ')}`);
        assert(errors.length === 0, `no page errors: ${errors.join('; ')}`);
        await shot(page, 'no-wasm', true);
      } finally {
        await closeBrowser(browser);
      }
    },
  },
];
