// Embeds that train (issue #23): a course page on another origin with two elements and one
// iframe, each set to one of the module's lessons (share/lessons.ts, written out here as the
// Embed tab writes them). Each trains to its lesson's accuracy when played, only visible ones
// autoplay, the host hears layerlab-train events and layerlab:train messages with plausible
// figures, lock=structure refuses a new block but takes a new Dropout p, and the heights.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, eventually, shot } from './harness.mjs';
import { embedFixture } from './flows-embed.mjs';

/** The three lessons this page embeds (the Embed tab's snippets, settings as in share/lessons.ts). */
const DROPOUT = 'net="linear(256),relu,dropout(0.5),linear(256),relu,dropout(0.5),linear(2)" input="32x2" dataset="moons" noise="0.3" split="0.1" lr="0.01"';
const COLUMNS = 'net="linear(10)" input="32x64" dataset="digits" lr="0.01"';
const DEPTH_HASH = '#in=32x2&net=linear(32),tanh,linear(32),tanh,linear(32),tanh,linear(32),tanh,linear(2)&dataset=circle&lr=0.01';
const MEMORY_HASH = '#in=32x784&net=linear(256),relu,dropout(0.5),linear(128),relu,dropout(0.5),linear(10)';
const SIX_BLOCKS = '#in=32x2&net=linear(32),tanh,linear(32),tanh,linear(32),linear(2)&dataset=circle&lr=0.01';

function coursePage(corsUrl, siteUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lecture 3: layers</title>
<link rel="icon" href="data:,">
<script type="module" src="${corsUrl}element/layerlab-playground.js"></script></head>
<body style="max-width: 900px; margin: 0 auto; font: 17px Georgia, serif">
<h1>Lecture 3: layers</h1>
<layerlab-playground id="dropout" ${DROPOUT} locked="structure" show="train,curves,compare" hide="code,heatmaps,histograms,masks,input" autoplay>
  Press Play and compare the two gaps.
  <p slot="fallback">The playground could not load.</p>
</layerlab-playground>
<div style="height: 2400px">Read on below.</div>
<layerlab-playground id="columns" ${COLUMNS} locked="structure" show="train,curves,weights" hide="code,heatmaps,histograms,masks,input" autoplay>
  Watch W's columns turn into digit templates.
</layerlab-playground>
<iframe id="depth" src="${siteUrl}?embed=1&amp;lock=structure&amp;show=train,curves&amp;hide=code,heatmaps,histograms,masks,input&amp;caption=A+deep+tanh+stack${DEPTH_HASH.replaceAll('&', '&amp;')}" width="640" height="900" style="border:0"></iframe>
<iframe id="memory" src="${siteUrl}?embed=1&amp;lock=1&amp;hide=heatmaps,histograms,masks,code&amp;show=memory&amp;caption=The+course+MLP${MEMORY_HASH.replaceAll('&', '&amp;')}" width="640" height="900" style="border:0"></iframe>
<script>
  window.__events = [];
  window.__messages = [];
  document.addEventListener('layerlab-train', (e) => window.__events.push({ id: e.target.id, ...e.detail }));
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'layerlab:height') for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.height = String(Math.ceil(e.data.height));
    if (e.data && e.data.type === 'layerlab:train') window.__messages.push({ id: [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source)?.id, ...e.data });
  });
</script>
</body></html>`;
}

/** The last report the host heard from `id` (an element's event or a frame's message). */
function lastReport(page, id) {
  return page.evaluate((id) => [...window.__events, ...window.__messages].filter((r) => r.id === id).at(-1) ?? null, id);
}

function plausible(r) {
  const unit = (x) => x === null || (x >= 0 && x <= 1);
  const loss = (x) => x === null || (Number.isFinite(x) && x >= 0);
  return Number.isInteger(r.step) && r.step >= 0 && Number.isInteger(r.epoch) && unit(r.trainAccuracy) && unit(r.testAccuracy) && loss(r.trainLoss) && loss(r.testLoss);
}

export const embedTrainTests = [
  {
    name: 'Embeds train: lessons on a course page from another origin (autoplay, events, lock=structure, heights)',
    limitMs: 240_000,
    context: { viewport: { width: 1000, height: 900 } },
    async run({ page }) {
      const { host, corsSite, site, hostDir } = await embedFixture();
      await writeFile(join(hostDir, 'lessons.html'), coursePage(corsSite.url, site.url));
      await page.goto(`${host.url}lessons.html`);
      const dropout = page.locator('#dropout');
      const columns = page.locator('#columns');
      await dropout.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
      await columns.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
      // The caption is the element's child text, above it; the fallback notice stays hidden.
      assert((await dropout.locator('.ll-caption').isVisible()) === true, 'caption box shown');
      assert((await page.getByText('The playground could not load.').isVisible()) === false, 'fallback notice hidden once started');

      // Autoplay: the visible element trains, the one below the fold does not.
      await eventually(() => lastReport(page, 'dropout'), (r) => r?.status === 'running' && r.step > 0, 'the visible element plays by itself', 60_000);
      const below = await lastReport(page, 'columns');
      assert(below === null || below.step === 0, `the element out of view does not train: ${JSON.stringify(below)}`);

      // lock=structure: no palette, no move/remove; Dropout's p takes a new value.
      assert((await dropout.getByRole('button', { name: /^Add / }).count()) === 0, 'no Add buttons under lock=structure');
      assert((await dropout.getByRole('button', { name: /^(Move up|Move down|Duplicate|Remove)/ }).count()) === 0, 'no move/remove buttons');
      assert(await dropout.locator('.block-card').first().getByRole('combobox', { name: 'Init' }).isEnabled(), 'init stays editable');
      assert(!(await dropout.locator('.block-card').first().getByRole('textbox', { name: 'Out features' }).isEnabled()), 'sizes are fixed');
      await page.evaluate(() => {
        window.__changes = [];
        document.getElementById('dropout').addEventListener('layerlab-change', (e) => window.__changes.push(e.detail.hash));
      });
      const p = dropout.locator('.block-card').nth(2).getByRole('textbox', { name: 'p' });
      await p.fill('0.3');
      await eventually(() => page.evaluate(() => window.__changes.at(-1) ?? ''), (h) => h.includes('dropout(0.3)'), 'a new Dropout p is taken');
      // Back to the lesson's p: the run starts over from the seed, as the lesson's link would.
      await p.fill('0.5');
      await eventually(() => page.evaluate(() => window.__changes.at(-1) ?? ''), (h) => h.includes('dropout(0.5),linear(256),relu,dropout(0.5)'), 'p back to 0.5');
      const blocks = await dropout.locator('.block-card').count();
      assert(blocks === 7, `still 7 blocks: ${blocks}`);

      // It trains to the lesson's accuracy, and the events carry plausible figures.
      const d = await eventually(() => lastReport(page, 'dropout'), (r) => r?.step > 0 && r.testAccuracy !== null && r.testAccuracy >= 0.8, 'the dropout lesson reaches 80 % test accuracy', 90_000);
      const events = await page.evaluate(() => window.__events.filter((e) => e.id === 'dropout'));
      assert(events.every(plausible), `plausible figures: ${JSON.stringify(events.find((e) => !plausible(e)))}`);
      console.log(`    dropout lesson: step ${d.step}, train ${d.trainAccuracy}, test ${d.testAccuracy}; ${events.length} events`);
      await shot(page, 'embed-lesson-dropout');

      // Scrolled to the second: it starts, the first pauses.
      await columns.scrollIntoViewIfNeeded();
      await eventually(() => lastReport(page, 'columns'), (r) => r?.status === 'running' || (r?.step ?? 0) > 0, 'the element scrolled into view plays', 60_000);
      await eventually(() => lastReport(page, 'dropout'), (r) => r?.status === 'paused', 'the element scrolled out of view pauses', 20_000);
      const c = await eventually(() => lastReport(page, 'columns'), (r) => r?.step > 0 && r.testAccuracy !== null && r.testAccuracy >= 0.9, 'the W-columns lesson reaches 90 % test accuracy', 90_000);
      console.log(`    W-columns lesson: step ${c.step}, test ${c.testAccuracy}`);
      const pictures = columns.locator('[data-learn="weights"]');
      await pictures.waitFor({ state: 'visible', timeout: 20_000 });
      await pictures.scrollIntoViewIfNeeded();
      await shot(page, 'embed-lesson-columns');
      await pictures.screenshot({ path: join(process.cwd(), 'test-output/screenshots/embed-lesson-columns-weights.png') });

      // The iframe: its hash's training settings are kept (not dropped) and it trains on Play.
      const frame = page.frameLocator('#depth');
      await frame.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.locator('#depth').scrollIntoViewIfNeeded();
      const dataset = await frame.locator('[data-train="dataset"], select').first().inputValue().catch(() => '');
      assert(dataset === 'circle', `dataset=circle read from the hash: ${dataset}`);
      // ... and kept: the frame's link (and its "Open in layerlab") still says so.
      const openHref = await frame.getByRole('link', { name: /Open in layerlab/ }).getAttribute('href');
      assert(openHref?.includes('&dataset=circle') && openHref.includes('&lr=0.01'), `the open link keeps the training settings: ${openHref}`);
      await frame.locator('[data-train="play"]').click();
      const f = await eventually(() => lastReport(page, 'depth'), (r) => r?.step > 0 && r.testAccuracy !== null && r.testAccuracy >= 0.9, 'the deep tanh lesson reaches 90 % test accuracy (messages from the frame)', 90_000);
      console.log(`    depth lesson (iframe): step ${f.step}, test ${f.testAccuracy}`);
      const messages = await page.evaluate(() => window.__messages.filter((m) => m.id === 'depth'));
      assert(messages.every(plausible), 'plausible figures from the frame');
      await page.locator('#depth').screenshot({ path: join(process.cwd(), 'test-output/screenshots/embed-lesson-depth.png') });

      // The memory lesson: locked, parameters and memory of the course MLP, no training.
      const memory = page.frameLocator('#memory');
      await memory.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
      const params = await memory.locator('[data-total="parameters"]').textContent();
      assert(params === '235,146', `the course MLP's parameters: ${params}`);
      await page.locator('#memory').scrollIntoViewIfNeeded();
      await page.locator('#memory').screenshot({ path: join(process.cwd(), 'test-output/screenshots/embed-lesson-memory.png') });

      // The Embed tab offers the four lessons as snippets.
      await page.goto(site.url);
      await page.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.getByRole('tab', { name: 'Embed' }).click();
      const lessons = page.locator('.embed-lesson');
      assert((await lessons.count()) === 4, 'four lesson snippets');
      await lessons.first().locator('summary').click();
      const iframeCode = (await lessons.first().locator('[data-snippet="iframe"]').textContent()) ?? '';
      assert(iframeCode.includes('dataset=moons') && iframeCode.includes('lock=structure') && iframeCode.includes('show=train,curves,compare'), `the dropout lesson's iframe snippet: ${iframeCode}`);
      await lessons.first().scrollIntoViewIfNeeded();
      await shot(page, 'embed-tab-lessons');

    },
  },
  {
    name: 'Embeds train: the worker heap stays flat across 1,000 edits in an embed that trains',
    limitMs: 180_000,
    async run({ page }) {
      const base = page.url().replace(/[#?].*$/, '');
      await page.goto(`${base}?embed=1&testhooks=1&show=train,curves#in=32x2&net=linear(16),relu,dropout(0.5),linear(2)&dataset=xor&lr=0.01`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && window.__layerlabTrain !== undefined, null, { timeout: 20_000 });
      const memory = () => page.evaluate(() => window.__layerlabTrain.workerMemory());
      const idle = async (what) => eventually(memory, (m) => !m.working && m.step !== null, what, 30_000);
      await page.locator('[data-train="step"]').click();
      const before = await idle('the first step to be taken');
      // 1,000 edits of Dropout's p through its slider: each one restarts the run in the worker.
      await page.evaluate(async () => {
        const slider = document.querySelector('.block-card input[type="range"]');
        for (let i = 0; i < 1000; i++) {
          slider.value = String(((i % 9) + 1) / 10);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          if (i % 20 === 19) await new Promise((r) => requestAnimationFrame(() => r()));
        }
        slider.value = '0.5';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.locator('[data-train="step"]').click();
      const after = await idle('the step after the edits to be taken');
      console.log(`    worker WASM heap in use: ${before.inUse} B before, ${after.inUse} B after 1,000 edits (heap ${before.heap} -> ${after.heap} B)`);
      assert(after.inUse - before.inUse <= 64 * 1024, `the worker's heap in use grew by ${after.inUse - before.inUse} B across 1,000 edits`);
    },
  },
  {
    name: 'Embeds train: the frame follows its content as learning panels open and close',
    limitMs: 90_000,
    context: { viewport: { width: 1000, height: 1200 } },
    async run({ page }) {
      const { host, site, hostDir } = await embedFixture();
      const src = `${site.url}?embed=1&lock=structure&show=train,curves,depth&hide=heatmaps,histograms,masks,code,input${SIX_BLOCKS}`;
      await writeFile(join(hostDir, 'six.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Six blocks</title><link rel="icon" href="data:,"></head><body>
<iframe id="six" src="${src.replaceAll('&', '&amp;')}" width="640" height="900" style="border:0"></iframe>
<script>addEventListener('message', (e) => { const f = document.getElementById('six'); if (e.source === f.contentWindow && e.data && e.data.type === 'layerlab:height') f.height = String(Math.ceil(e.data.height)); });</script></body></html>`);
      await page.goto(`${host.url}six.html`);
      const six = page.locator('#six');
      const frame = page.frameLocator('#six');
      await frame.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
      const content = () => frame.locator('#app').evaluate((n) => Math.ceil(n.getBoundingClientRect().height));
      const frameHeight = () => six.evaluate((n) => Number(n.height));
      const open = await eventually(async () => [await frameHeight(), await content()], ([f, c]) => Math.abs(f - c) <= 40, 'the frame fits its content with the depth lab open');
      const parts = await frame.locator('.embed-controls > *, .workspace > *').evaluateAll((nodes) => nodes.map((n) => `${n.className.split(' ').slice(-1)[0]}:${Math.round(n.getBoundingClientRect().height)}`));
      console.log(`    6-block embed (lock=structure, train, curves, depth lab) at 640 px: ${open[0]} px tall (${parts.join(' ')})`);
      await six.screenshot({ path: join(process.cwd(), 'test-output/screenshots/embed-six-blocks-640.png') });
      // Closing the depth lab shrinks the frame by as much.
      await frame.locator('[data-learn="depth"] > summary').click();
      const closed = await eventually(async () => [await frameHeight(), await content()], ([f, c]) => f < open[0] && Math.abs(f - c) <= 40, 'the frame shrinks with its content when the depth lab closes');
      console.log(`    depth lab closed: ${closed[0]} px`);
    },
  },
];
