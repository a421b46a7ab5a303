// Embedding flows: the built site (page + <layerlab-playground>) served from a sub-path under
// the strict CSP, the embed page inside an <iframe> on another origin, lock, hidden panels,
// phone width. The two Vite builds run once, into a temporary folder (dist/ is left alone),
// the first time a test here needs them; closeEmbedFixture() stops the servers afterwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { STRICT_CSP, serveStatic } from '../../scripts/serve-static.mjs';
import { ROOT, assert, eventually, ready, settled, shot } from './harness.mjs';
import { SETUP_LIMIT_MS, stopHttpServer, withTimeout } from './limits.mjs';

export const SUB_PATH = '/courses/layers/';
const MLP_HASH = '#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)&seed=42';
const MLP_SHAPES = '(32, 256)|(32, 256)|(32, 256)|(32, 10)';

let fixture = null;
/** Two production builds on a loaded machine (a few seconds when idle). */
const BUILD_LIMIT_MS = 120_000;

const ELEMENT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="./favicon.svg" />
    <title>Lecture 3: layers</title>
    <link rel="stylesheet" href="./host.css" />
    <script type="module" src="./element/layerlab-playground.js"></script>
  </head>
  <body>
    <h1>Lecture 3: layers</h1>
    <p>Dropout keeps each unit with probability 1 − p and scales the survivors by 1/(1 − p).</p>
    <layerlab-playground id="mlp" net="linear(256),relu,dropout(0.5),linear(10)" input="32x784" train="1" seed="42" hide="code"></layerlab-playground>
    <p>A tiny network, read-only:</p>
    <div class="narrow">
      <layerlab-playground id="tiny" net="linear(4),tanh" input="3x3" locked hide="code,histograms"></layerlab-playground>
    </div>
  </body>
</html>
`;

// A host stylesheet that would wreck the playground if it leaked into the shadow root.
const HOSTILE_CSS = `body { max-width: 980px; margin: 24px auto; font: 17px/1.6 Georgia, serif; color: #222; }
.narrow { max-width: 420px; }
* { font-family: Georgia, serif; }
button { background: rgb(255, 0, 0) !important; color: rgb(255, 255, 0) !important; }
.block-card, .panel, [data-stat] { display: none !important; }
`;

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';

/** Builds the site once (page, then element, as `npm run build` does) and starts two servers. */
export function embedFixture() {
  fixture ??= withTimeout(buildEmbedFixture(), BUILD_LIMIT_MS, 'the site and the element to build and their servers to start');
  return fixture;
}

async function buildEmbedFixture() {
  const t0 = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'layerlab-site-'));
  const hostDir = await mkdtemp(join(tmpdir(), 'layerlab-host-'));
  const quiet = { logLevel: 'warn' };
  // The dev server started by run.mjs set NODE_ENV=development, which would make these
  // development builds (import.meta.env.DEV true); build as `npm run build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ ...quiet, configFile: `${ROOT}vite.config.ts`, root: `${ROOT}web`, build: { outDir: dir, emptyOutDir: true } });
    await build({
      ...quiet,
      configFile: `${ROOT}vite.element.config.ts`,
      root: `${ROOT}web`,
      build: { outDir: join(dir, 'element'), emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await writeFile(join(dir, 'element.html'), ELEMENT_PAGE);
  await writeFile(join(dir, 'host.css'), HOSTILE_CSS);
  await writeFile(join(dir, 'favicon.svg'), FAVICON);
  await writeFile(join(hostDir, 'favicon.svg'), FAVICON);
  // The site as a course host would serve it: under a sub-path, with the strict CSP.
  const site = await serveStatic(dir, { base: SUB_PATH, headers: { 'Content-Security-Policy': STRICT_CSP } });
  // The course page that embeds it: another origin (another port).
  const host = await serveStatic(hostDir, { base: '/' });
  // The same site as a course page on another origin may load it: with the CORS header the
  // element's snippet asks for.
  const corsSite = await serveStatic(dir, { base: SUB_PATH, headers: { 'Access-Control-Allow-Origin': '*' } });
  console.log(`    (built the site in ${Date.now() - t0} ms; site ${site.url}, host ${host.url}, site with CORS ${corsSite.url})`);
  return { dir, hostDir, site, host, corsSite };
}

export async function closeEmbedFixture() {
  if (!fixture) return;
  const pending = fixture;
  fixture = null;
  // A failed build was reported by the flows that needed it: nothing to close then.
  const built = await withTimeout(pending.catch(() => null), SETUP_LIMIT_MS, 'the embed fixture, to close it');
  if (!built) return;
  const { dir, hostDir, site, host, corsSite } = built;
  await stopHttpServer(site.server, 'the embedded site\'s server to stop');
  await stopHttpServer(corsSite.server, 'the embedded site\'s CORS server to stop');
  await stopHttpServer(host.server, 'the course host\'s server to stop');
  await rm(dir, { recursive: true, force: true });
  await rm(hostDir, { recursive: true, force: true });
}

/** Records every request URL from now on. */
function recordRequests(page) {
  const urls = [];
  page.on('request', (req) => urls.push(req.url()));
  return urls;
}

function assertUnder(urls, prefixes) {
  const stray = urls.filter((u) => !u.startsWith('data:') && !prefixes.some((p) => u.startsWith(p)));
  assert(stray.length === 0, `requests outside ${prefixes.join(' and ')}: ${stray.join(', ')}`);
}

async function gotoReady(page, url) {
  await page.goto(url);
  await ready(page, `${url.replace(/^http:\/\/localhost:\d+/, '')} to boot`);
}

async function shapesIn(scope) {
  return scope.locator('.block-card [data-stat="output-shape"]').allTextContents();
}

const BLOCK_EDIT_BUTTONS = /^(Move up|Move down|Duplicate|Remove)/;

export const embedTests = [
  {
    name: 'Built page from a sub-path under the strict CSP',
    async run({ page }) {
      const { site } = await embedFixture();
      const urls = recordRequests(page);
      await gotoReady(page, site.url);
      await eventually(() => shapesIn(page), (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 128)|(32, 10)', 'course network shapes');
      assert((await page.locator('[data-total="parameters"]').textContent()) === '50,826', 'parameters (the course network with 64 inputs)');
      assert((await page.locator('.heatmap:visible').count()) === 7, 'values computed (heatmaps)');
      assertUnder(urls, [site.url]);
      assert(urls.some((u) => /\/courses\/layers\/assets\/layerlab-[\w-]+\.wasm$/.test(u)), `.wasm fetched from the sub-path: ${urls.join(', ')}`);
    },
  },
  {
    name: 'Embed code from the Embed tab, in an <iframe> on another origin',
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
    async run({ page }) {
      const { site, host, hostDir } = await embedFixture();
      const urls = recordRequests(page);
      await gotoReady(page, site.url + MLP_HASH);
      await page.getByRole('tab', { name: 'Embed' }).click();
      const code = page.locator('.embed-tab code');
      const plain = (await code.textContent()) ?? '';
      const src = `${site.url}?embed=1#in=32x784&amp;net=linear(256),relu,dropout(0.5),linear(10)`;
      assert(plain.startsWith(`<iframe src="${src}" width="100%" height="`), `snippet: ${plain}`);
      assert(/loading="lazy" title="layerlab: Linear\(784, 256\) → ReLU → Dropout\(0\.5\) → Linear\(256, 10\) on a 32x784 input" style="border:0"><\/iframe>\n<script>/.test(plain), `snippet: ${plain}`);
      await page.getByRole('checkbox', { name: /^Lock the network/ }).check();
      await page.locator('.embed-hide input[data-panel="code"]').check();
      const locked = (await code.textContent()) ?? '';
      assert(locked.includes(`${site.url}?embed=1&amp;lock=1&amp;hide=code#in=`), `locked snippet: ${locked}`);
      await page.locator('.embed-hide input[data-panel="code"]').uncheck();
      await page.getByRole('checkbox', { name: /^Lock the network/ }).uncheck();
      await page.getByRole('button', { name: 'Copy embed code' }).click();
      await page.locator('.embed-tab .copy-status').filter({ hasText: 'Copied' }).waitFor();
      const snippet = await withTimeout(page.evaluate(() => navigator.clipboard.readText()), 10_000, 'the clipboard to be read');
      assert(snippet === plain, `clipboard holds the snippet: ${snippet}`);
      await shot(page, 'embed-tab');

      // A course page on another origin pastes the snippet as is.
      const course = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="./favicon.svg">
<title>Course page</title></head><body><h1>Dropout in one picture</h1>\n${snippet}\n</body></html>`;
      await writeFile(join(hostDir, 'course.html'), course);
      await page.goto(`${host.url}course.html`);
      const iframe = page.locator('iframe');
      await iframe.waitFor();
      const frame = page.frameLocator('iframe');
      await frame.locator('html[data-ready="true"]').waitFor({ timeout: 20_000 });
      // Only once the embed has loaded: until then the iframe holds its initial about:blank
      // document, which is same-origin.
      assert(await page.evaluate(() => document.querySelector('iframe').contentDocument === null), 'the iframe is cross-origin');
      await eventually(() => shapesIn(frame), (s) => s.join('|') === MLP_SHAPES, 'shapes inside the iframe');
      assert((await frame.locator('.topbar, .presets, .sidebar').count()) === 0, 'no page chrome in the embed');
      const sw = frame.getByRole('switch', { name: 'Training mode' });
      const dropout = frame.locator('.block-card').nth(2);
      await dropout.locator('.mask-grid').waitFor({ state: 'visible' });
      await sw.click();
      await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'false', 'training switch turns off in the iframe');
      await dropout.locator('.passthrough').waitFor({ state: 'visible' });
      await dropout.locator('.mask-grid').waitFor({ state: 'hidden' });
      const open = frame.getByRole('link', { name: /Open in layerlab/ });
      await eventually(() => open.getAttribute('href'), (h) => h?.startsWith(site.url + '#in=32x784') && h.includes('train=0'), 'open link carries the network');
      const width = await frame.locator('html').evaluate((n) => n.scrollWidth);
      const frameWidth = await iframe.evaluate((n) => n.clientWidth);
      assert(width <= frameWidth, `no horizontal scroll in the iframe (${width} > ${frameWidth})`);
      assertUnder(urls, [site.url, host.url]);
      await shot(page, 'embed-iframe-host', true);
    },
  },
  {
    name: 'Embed lock=1: no editing controls, training and seed still work',
    context: { viewport: { width: 1000, height: 1300 } },
    async run({ page }) {
      const { site } = await embedFixture();
      await gotoReady(page, `${site.url}?embed=1&lock=1${MLP_HASH}`);
      await eventually(() => shapesIn(page), (s) => s.join('|') === MLP_SHAPES, 'shapes');
      await shot(page, 'embed-locked', true);
      assert((await page.locator('.add-button, .palette').count()) === 0, 'no add buttons');
      assert((await page.getByRole('button', { name: BLOCK_EDIT_BUTTONS }).count()) === 0, 'no move/duplicate/remove buttons');
      assert((await page.locator('.drag-handle, [draggable="true"]').count()) === 0, 'no drag handles');
      assert((await page.getByRole('tab', { name: 'Import' }).count()) === 0, 'no Import tab');
      const controls = page.locator('.block-card input, .block-card select, .panel input[type="text"]:not(.field-seed input), .panel select');
      const states = await controls.evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('aria-label') ?? n.id, n.disabled]));
      assert(states.length >= 8 && states.every(([, disabled]) => disabled), `every field disabled: ${JSON.stringify(states)}`);
      // Even an input event forced onto a disabled field changes nothing.
      await page.locator('.block-card').first().getByRole('textbox', { name: 'Out features' }).evaluate((n) => {
        n.value = '3';
        n.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await settled(page);
      assert((await shapesIn(page)).join('|') === MLP_SHAPES, 'network unchanged after trying to type');
      const sw = page.getByRole('switch', { name: 'Training mode' });
      await sw.click();
      await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'false', 'training toggle works when locked');
      await page.locator('.block-card').nth(2).locator('.passthrough').waitFor({ state: 'visible' });
      await sw.click();
      await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'true', 'and back on');
      const seed = page.getByRole('textbox', { name: 'Seed' });
      assert(await seed.isEnabled(), 'seed field enabled');
      await seed.fill('7');
      await eventually(() => page.evaluate(() => location.hash), (h) => h.includes('seed=7'), 'seed edit applies');
      await page.getByRole('button', { name: 'Resample' }).click();
      await eventually(() => seed.inputValue(), (v) => v !== '7', 'Resample picks a new seed');
    },
  },
  {
    name: 'Embed hide=...: hidden panels are not shown; bad options reported as text',
    context: { viewport: { width: 1000, height: 1100 } },
    async run({ page }) {
      const { site } = await embedFixture();
      await gotoReady(page, `${site.url}?embed=1&hide=masks,histograms,code,input${MLP_HASH}`);
      await eventually(() => shapesIn(page), (s) => s.join('|') === MLP_SHAPES, 'shapes');
      assert((await page.locator('.heatmap:visible').count()) === 4, 'heatmaps still shown');
      assert((await page.locator('.figure-mask:visible, .mask-grid:visible').count()) === 0, 'no dropout mask');
      assert((await page.locator('.histogram:visible').count()) === 0, 'no histograms');
      assert((await page.locator('.panel-export').count()) === 0, 'no code panel');
      assert((await page.getByRole('textbox', { name: 'Batch size' }).count()) === 0, 'no input panel');
      assert((await page.locator('.panel-totals').isVisible()), 'totals shown');
      const choices = await page.locator('.view-options label').allTextContents();
      assert(choices.join('|') === 'Value heatmaps', `only the shown pictures can be toggled: ${choices.join('|')}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'embed-hidden', true);

      await gotoReady(page, `${site.url}?embed=1&hide=totals,bogus&lock=maybe&onload=%3Cb%3Ex%3C%2Fb%3E${MLP_HASH}`);
      const notice = page.locator('.notice');
      await notice.first().waitFor({ state: 'visible' });
      const text = (await notice.first().textContent()) ?? '';
      assert(text.includes('"bogus"') && text.includes('"onload"') && text.includes('"maybe"'), `problems listed: ${text}`);
      assert((await page.locator('.notice b').count()) === 0, 'no HTML injected');
      assert((await page.locator('.panel-totals').count()) === 0, 'totals hidden');
      assert((await page.locator('.add-button').count()) === 0, 'an unreadable lock value locks');
    },
  },
  {
    name: 'Embed at 1000 px and at phone width 360 px',
    context: { viewport: { width: 360, height: 760 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    async run({ page }) {
      const { site } = await embedFixture();
      await page.setViewportSize({ width: 1000, height: 1200 });
      await gotoReady(page, `${site.url}?embed=1${MLP_HASH}`);
      await eventually(() => shapesIn(page), (s) => s.join('|') === MLP_SHAPES, 'shapes');
      assert((await page.locator('.topbar, .presets').count()) === 0, 'no header, no presets');
      assert((await page.getByRole('button', { name: 'Add Linear' }).isVisible()), 'an unlocked embed can add blocks');
      await shot(page, 'embed-normal', true);
      await page.setViewportSize({ width: 360, height: 760 });
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 360, `embed width at 360 px: ${width}`);
      await shot(page, 'embed-phone-360');
      await page.locator('.block-card').nth(2).evaluate((n) => n.scrollIntoView({ block: 'start' }));
      await shot(page, 'embed-phone-360-blocks');
      await gotoReady(page, `${site.url}?embed=1&show=header,presets${MLP_HASH}`);
      assert((await page.locator('.topbar .presets').isVisible()), 'show=header,presets brings them back');
    },
  },
  {
    name: 'Custom element from the sub-path: shapes, shared module, attributes, CSP, host CSS',
    context: { viewport: { width: 1100, height: 1400 } },
    async run({ page }) {
      const { site } = await embedFixture();
      const urls = recordRequests(page);
      await page.goto(`${site.url}element.html`);
      const mlp = page.locator('#mlp');
      const tiny = page.locator('#tiny');
      await page.locator('#mlp[data-ready="true"]').waitFor({ timeout: 20_000 });
      await page.locator('#tiny[data-ready="true"]').waitFor({ timeout: 20_000 });
      await eventually(() => shapesIn(mlp), (s) => s.join('|') === MLP_SHAPES, 'element shapes from net/input');
      await eventually(() => shapesIn(tiny), (s) => s.join('|') === '(3, 4)|(3, 4)', 'second element shapes');
      assert((await mlp.locator('.panel-export').count()) === 0, 'hide="code" honoured');
      assert((await tiny.getByRole('button', { name: BLOCK_EDIT_BUTTONS }).count()) === 0, 'locked element: no edit buttons');
      assert((await tiny.locator('.histogram:visible').count()) === 0, 'hide="histograms" honoured');
      const wasm = urls.filter((u) => u.endsWith('.wasm'));
      assert(wasm.length === 1 && /element\/assets\/layerlab-[\w-]+\.wasm$/.test(wasm[0]), `one .wasm fetch, from the folder beside the module: ${wasm.join(', ')}`);
      // Both elements' networks live in one worker (as on the page): one worker script, started once.
      const workers = urls.filter((u) => /element\/assets\/train-worker-[\w-]+\.js$/.test(u));
      assert(workers.length === 1, `one worker for every element: ${workers.join(', ')}`);
      const pageWasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
      assert(pageWasm === 0, `the page's own thread fetched ${pageWasm} .wasm files (the worker holds the networks)`);
      // The host page's CSS does not reach inside.
      const card = mlp.locator('.block-card').first();
      assert(await card.isVisible(), 'host CSS cannot hide the cards');
      const buttonBg = await mlp.getByRole('button', { name: 'Resample' }).evaluate((n) => getComputedStyle(n).backgroundColor);
      assert(buttonBg !== 'rgb(255, 0, 0)', `host button style leaked: ${buttonBg}`);
      const font = await card.evaluate((n) => getComputedStyle(n).fontFamily);
      assert(!font.includes('Georgia'), `host font leaked: ${font}`);
      await shot(page, 'element-page', true);
      await shot(page, 'element-page-top');

      // Learner edits fire a change event with the link hash.
      await page.evaluate(() => {
        window.__changes = [];
        document.getElementById('mlp').addEventListener('layerlab-change', (e) => window.__changes.push(e.detail.hash));
      });
      await card.getByRole('textbox', { name: 'Out features' }).fill('128');
      await eventually(() => page.evaluate(() => window.__changes.at(-1) ?? ''), (h) => h.includes('net=linear(128)'), 'change event');
      // Attribute changes re-read the network ...
      await page.evaluate(() => {
        const el = document.getElementById('mlp');
        el.setAttribute('input', '8x20');
        el.setAttribute('net', 'linear(16),relu,linear(3)');
      });
      await eventually(() => shapesIn(mlp), (s) => s.join('|') === '(8, 16)|(8, 16)|(8, 3)', 'attribute change applies');
      // ... and the options: unlocking the tiny one brings its editing controls.
      await page.evaluate(() => {
        const el = document.getElementById('tiny');
        el.removeAttribute('locked');
        el.setAttribute('hide', 'code,bogus');
      });
      await eventually(() => tiny.getByRole('button', { name: BLOCK_EDIT_BUTTONS }).count(), (n) => n > 0, 'unlocked by attribute');
      const notice = (await tiny.locator('.notice').textContent()) ?? '';
      assert(notice.includes('"bogus"'), `bad attribute reported: ${notice}`);
      await eventually(() => shapesIn(tiny), (s) => s.join('|') === '(3, 4)|(3, 4)', 'same network after the options change');
      // Removing an element and adding a new one reuses the loaded module.
      await page.evaluate(() => {
        document.getElementById('tiny').remove();
        const el = document.createElement('layerlab-playground');
        el.id = 'late';
        el.setAttribute('net', 'flatten,linear(5)');
        el.setAttribute('input', '2x4x4');
        document.body.append(el);
      });
      await page.locator('#late[data-ready="true"]').waitFor();
      await eventually(() => shapesIn(page.locator('#late')), (s) => s.join('|') === '(2, 16)|(2, 5)', 'late element');
      assert(urls.filter((u) => u.endsWith('.wasm')).length === 1, 'still one .wasm fetch');
      assertUnder(urls, [site.url]);
    },
  },
];
