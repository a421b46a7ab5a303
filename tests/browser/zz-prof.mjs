import { launchBrowser, openPage, startServer } from './harness.mjs';
const { url, close } = await startServer();
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, `${url}?testhooks=1${process.env.Q ?? ""}`);
  await page.locator('[data-train="dataset"]').selectOption('fashion-mnist');
  await page.locator('[data-train="fit-box"]').waitFor({ state: 'hidden', timeout: 10_000 });
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
  await page.locator('[data-train="play"]').click();
  await page.waitForTimeout(20000);
  const r = await page.evaluate(() => ({ long: window.__longTasks, lt: window.__lt }));
  console.log('long', JSON.stringify(r.long.map(([s, d]) => [Math.round(s), Math.round(d)])));
  const lt = r.lt ?? [];
  const w = lt.map((x) => x[0]).sort((a, b) => a - b), c = lt.map((x) => x[1]).sort((a, b) => a - b);
  console.log('first3', lt.slice(0,3).map(x=>x[0].toFixed(1)).join(','), 'over20', lt.map((x,i)=>[i,x[0]]).filter(x=>x[1]>20).map(x=>x[0]+':'+x[1].toFixed(0)).join(' '));
  console.log('n', lt.length, 'weights median', w[w.length >> 1]?.toFixed(1), 'max', w.at(-1)?.toFixed(1), 'confusion median', c[c.length >> 1]?.toFixed(1), 'max', c.at(-1)?.toFixed(1));
} finally { await browser.close(); await close(); }
