// The embed on a course page of another origin: the pasted snippet fits the <iframe> to its
// content at any width (the embedded page posts its height), and the custom element loaded
// from another site without CORS headers says so inside the element instead of staying empty.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { embedFixture } from './flows-embed.mjs';
import { assert, eventually, shot } from './harness.mjs';

const WAIT = 8_000;
const NET = '#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)&seed=42';

/** The snippet as the Embed tab writes it for the site's page. */
async function snippetFor(page, siteUrl) {
  await page.goto(siteUrl + NET);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Embed' }).click({ timeout: WAIT });
  const iframe = (await page.locator('.embed-tab pre[aria-label="Embed code"] code').textContent({ timeout: WAIT })) ?? '';
  const element = (await page.locator('.embed-tab pre[aria-label="Custom element code"]').textContent({ timeout: WAIT })) ?? '';
  assert(iframe.includes('</iframe>\n<script>') && iframe.includes('layerlab:height'), `iframe snippet with its resize lines: ${iframe}`);
  assert(element.startsWith('<script type="module"') && element.includes('Access-Control-Allow-Origin'), `element snippet: ${element}`);
  return { iframe, element };
}

function coursePage(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="./favicon.svg">
<title>Course page</title></head><body><h1>Dropout in one picture</h1>\n${body}\n<p id="after">After the playground.</p></body></html>`;
}

/** Drops the console and request errors a blocked cross-origin load is expected to cause. */
function forgiveCorsErrors(errors) {
  const kept = errors.filter((e) => !/CORS|Access-Control-Allow-Origin|net::ERR_FAILED|Failed to (load|fetch)|layerlab-playground\.js|\.wasm/i.test(e));
  errors.splice(0, errors.length, ...kept);
}

/** Two elements from the CORS-enabled site, as a course page on another origin would have them. */
function crossOriginElements(siteUrl) {
  return `<script type="module" src="${siteUrl}element/layerlab-playground.js"></script>
<layerlab-playground id="mlp" net="linear(256),relu,dropout(0.5),linear(10)" input="32x784" train="1" seed="42"></layerlab-playground>
<layerlab-playground id="tiny" net="linear(4),tanh" input="3x3"></layerlab-playground>`;
}

export const embedFitTests = [
  {
    name: 'Embed snippet on another origin: the frame fits its content at 900, 680 and 390 px',
    async run({ page }) {
      const { site, host, hostDir } = await embedFixture();
      const { iframe } = await snippetFor(page, site.url);
      await writeFile(join(hostDir, 'fit.html'), coursePage(iframe));
      for (const width of [900, 680, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${host.url}fit.html`);
        const frameEl = page.locator('iframe');
        await frameEl.waitFor({ timeout: WAIT });
        const frame = page.frameLocator('iframe');
        await frame.locator('html[data-ready="true"]').waitFor({ timeout: 20_000 });
        await frame.locator('.heatmap').first().waitFor({ state: 'visible', timeout: WAIT });
        // Fitted: nothing hidden below the frame's bottom, and no tall empty gap either.
        const fit = () =>
          frameEl.evaluate((n) => {
            const doc = n.contentDocument;
            return doc ? null : { frame: n.clientHeight, attr: n.getAttribute('height') };
          });
        const inner = () => frame.locator('#app').evaluate((n) => Math.ceil(n.getBoundingClientRect().height));
        await eventually(
          async () => ({ outer: await fit(), content: await inner() }),
          (v) => v.outer !== null && Math.abs(v.outer.frame - v.content) <= 2,
          `at ${width} px the frame's height follows its content`,
          10_000,
        );
        const scrolls = await frame.locator('html').evaluate((n) => n.scrollHeight > n.clientHeight + 1);
        assert(!scrolls, `at ${width} px the frame has no inner scroll`);
        if (width === 390) await shot(page, 'embed-fit-390', true);
      }
    },
  },
  {
    name: 'Custom element from another site without CORS: the notice inside the element says what to send',
    async run({ page, errors }) {
      const { site, host, hostDir } = await embedFixture();
      const { element } = await snippetFor(page, site.url);
      await writeFile(join(hostDir, 'element-cors.html'), coursePage(element));
      // 1. The site sends no CORS headers: the module is blocked, the notice inside shows.
      await page.goto(`${host.url}element-cors.html`);
      const playground = page.locator('layerlab-playground');
      await eventually(() => playground.innerText({ timeout: WAIT }), (t) => t.includes('Access-Control-Allow-Origin'), 'notice visible in the element');
      assert((await playground.evaluate((n) => n.getBoundingClientRect().height)) > 20, 'the element is not empty on the page');
      await shot(page, 'element-cors-notice');
      // 2. The module is allowed but the .wasm is not: the element starts, then says the same.
      await page.route('**/element/layerlab-playground.js', async (route) => {
        const response = await route.fetch({ timeout: WAIT });
        await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
      });
      await page.goto(`${host.url}element-cors.html`);
      const status = playground.locator('.ll-status');
      await eventually(() => status.textContent({ timeout: WAIT }), (t) => /could not start: .*Access-Control-Allow-Origin/.test(t ?? ''), 'start failure names CORS');
      await page.unroute('**/element/layerlab-playground.js');
      forgiveCorsErrors(errors);
    },
  },
  {
    name: 'Custom element from another site with CORS: both networks in one worker started from a blob: module, no WASM on the page',
    async run({ page }) {
      const { host, hostDir, corsSite } = await embedFixture();
      await writeFile(join(hostDir, 'element-cross.html'), coursePage(crossOriginElements(corsSite.url)));
      const requests = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`${host.url}element-cross.html`);
      for (const id of ['mlp', 'tiny']) {
        await page.locator(`#${id}[data-ready="true"][data-computing="false"]`).waitFor({ timeout: 20_000 });
      }
      const mlp = page.locator('#mlp');
      await eventually(() => mlp.locator('.block-card [data-stat="output-shape"]').allTextContents(), (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 256)|(32, 10)', 'the element shapes');
      assert(await mlp.locator('.heatmap').first().isVisible(), "the worker's values painted");
      const workers = requests.filter((u) => u.startsWith(corsSite.url) && /train-worker-[\w-]+\.js$/.test(u));
      assert(workers.length === 1, `one worker script from the element's site: ${requests.join(', ')}`);
      const pageWasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
      assert(pageWasm === 0, `the course page's own thread fetched ${pageWasm} .wasm files (the worker holds the networks)`);
      // An edit still goes through the worker: new shapes at once, then its values.
      await mlp.locator('.block-card').first().getByRole('textbox', { name: 'Out features' }).fill('64');
      await page.locator('#mlp[data-computing="false"]').waitFor({ timeout: 20_000 });
      await eventually(() => mlp.locator('.block-card [data-stat="output-shape"]').allTextContents(), (s) => s[0] === '(32, 64)', 'the edited shape');
    },
  },
];
