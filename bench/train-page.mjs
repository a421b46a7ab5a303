// Training speed and accuracy in the page (the training worker, headless Chromium):
//   node bench/train-page.mjs [digits|fashion-mnist] [seconds]
// Opens the page with the MNIST MLP preset, makes it fit the set with the one-click fix
// (64 or 784 inputs, 256-128-10, Adam lr 0.001, batch 32), presses Play and prints the test
// accuracy of every finished epoch with the wall time since Play, then the main thread's long
// tasks (over 50 ms) seen while it trained.
import { launchBrowser, openPage, startServer } from '../tests/browser/harness.mjs';

const dataset = process.argv[2] ?? 'digits';
const seconds = Number(process.argv[3] ?? 30);
const { server, url } = await startServer();
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, `${url}?testhooks=1`);
  await page.locator('[data-train="dataset"]').selectOption(dataset);
  // The preset already fits Fashion-MNIST (784 inputs, 10 classes); digits needs the fix.
  if (await page.locator('[data-train="fit"]').isVisible()) await page.locator('[data-train="fit"]').click({ timeout: 10_000 });
  await page.locator('[data-train="fit-box"]').waitFor({ state: 'hidden', timeout: 10_000 });
  // Main-thread tasks over 50 ms while training (the worker should keep them away).
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.locator('[data-train="play"]').click();
  let seen = '';
  while (Date.now() - t0 < seconds * 1000) {
    await page.waitForTimeout(250);
    const summary = (await page.locator('[data-curves="summary"]').textContent()) ?? '';
    const counters = (await page.locator('[data-train="counters"]').textContent()) ?? '';
    if (summary !== seen && summary.startsWith('After')) {
      seen = summary;
      const rate = counters.match(/([\d,]+) samples\/s/)?.[1] ?? '?';
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s · ${rate} samples/s · ${summary}`);
    }
  }
  const long = await page.evaluate(() => window.__longTasks);
  console.log(`main-thread tasks over 50 ms while training: ${long.length}${long.length ? ` (longest ${Math.max(...long).toFixed(0)} ms)` : ''}`);
} finally {
  await browser.close();
  await server.close();
}
