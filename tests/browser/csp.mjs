// The built site under a strict Content-Security-Policy. Builds dist/ into a temporary folder
// (the repo's vite.config.ts; LAYERLAB_DIST=path serves an existing build instead), serves it
// with scripts/serve-static.mjs under a sub-path and the STRICT_CSP header, drives the page
// through a few edits and fails on any CSP violation, page error, request to another host or
// cookie. Registered in run.mjs as `cspTests`; also runs on its own:
//   node tests/browser/csp.mjs
// Also exports the build/serve/launch helpers the soak (tests/browser/soak.mjs) and the
// browser benchmark (bench/browser.mjs) share.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRICT_CSP, serveStatic } from '../../scripts/serve-static.mjs';
import { ROOT, assert, card, eventually, kinds, outputShapes, ready, settled, valuesComputed } from './harness.mjs';
import { SETUP_LIMIT_MS, stopHttpServer, withTimeout } from './limits.mjs';
import { runSuite } from './suite.mjs';

/** One production build on a loaded machine (about a second when idle). */
const BUILD_LIMIT_MS = 120_000;

let built = null;

/**
 * Builds the site once per process into a temporary folder (never touching dist/, which
 * other runs may be serving) and resolves to its path. LAYERLAB_DIST=dir skips the build.
 */
export function builtSite() {
  if (process.env.LAYERLAB_DIST) return Promise.resolve(process.env.LAYERLAB_DIST);
  built ??= withTimeout(buildSite(), BUILD_LIMIT_MS, 'the site to build');
  return built;
}

async function buildSite() {
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'layerlab-dist-'));
  // A production build even when Vite's dev server runs in this process (run.mjs): it sets
  // NODE_ENV=development, and Vite would then build with import.meta.env.DEV true.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: `${ROOT}vite.config.ts`,
      root: `${ROOT}web`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // run.mjs ends with process.exit: remove the folder then, synchronously.
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  return outDir;
}

/** Removes the temporary build now (the exit hook is a fallback). */
export async function removeBuiltSite() {
  if (!built || process.env.LAYERLAB_DIST) return;
  const pending = built;
  built = null;
  // A failed build was reported by the flows that needed it: nothing to remove then.
  const dir = await withTimeout(pending.catch(() => null), SETUP_LIMIT_MS, 'the site build, to remove it');
  if (!dir) return;
  await rm(dir, { recursive: true, force: true });
}

/** Serves the built site; resolves to { url, close() }. */
export async function serveBuiltSite({ base = '/', csp = true } = {}) {
  const dir = await builtSite();
  const headers = csp ? { 'Content-Security-Policy': STRICT_CSP } : {};
  const { server, url } = await withTimeout(serveStatic(dir, { base, headers }), SETUP_LIMIT_MS, 'the static server to start');
  return { url, close: () => stopHttpServer(server, "the built site's server to stop") };
}


/** Records CSP violations in the page, from the very first script on. */
function recordViolations() {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      seen.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '',
        sample: e.sample,
        disposition: e.disposition,
      });
    },
    true,
  );
}

/** A page on its own server with the strict CSP, watched for every kind of escape. */
async function openStrictPage(context, url) {
  const problems = [];
  const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a new page');
  await withTimeout(page.addInitScript(recordViolations), SETUP_LIMIT_MS, 'the CSP recorder to install');
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) problems.push(`CSP console: ${text} @ ${msg.location().url}:${msg.location().lineNumber}`);
    else if (msg.type() === 'error') problems.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.hostname !== 'localhost' && u.hostname !== '127.0.0.1') problems.push(`request to another host: ${req.url()}`);
  });
  await page.goto(url);
  await ready(page);
  return { page, problems };
}

async function violations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

function describe(v) {
  return `${v.directive} blocked ${v.blocked || '(inline)'}${v.source ? ` at ${v.source}` : ''}${v.sample ? ` sample "${v.sample}"` : ''}`;
}

export const cspTests = [
  {
    name: 'Strict CSP: built site, no violations, no other hosts, no cookies',
    // Opens its own page on its own server: no page from Vite's dev server beside it.
    ownPage: true,
    async run({ context }) {
      const site = await serveBuiltSite({ base: '/sub/layerlab/' });
      try {
        const { page, problems } = await openStrictPage(context, site.url);
        const csp = (await page.request.get(site.url)).headers()['content-security-policy'];
        assert(csp === STRICT_CSP, `served with the strict CSP header (got ${csp})`);
        await page.getByRole('button', { name: 'MNIST MLP', exact: true }).click();
        await eventually(() => outputShapes(page), (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 10)', 'MNIST shapes');
        assert(await page.locator('.block-card [data-stat="output-shape"]', { hasText: '(32, 256)' }).first().isVisible(), '(32, 256) visible');
        assert((await page.locator('.heatmap:visible').count()) === 5, 'heatmaps painted');
        // Dropout: mask grid canvas, then training off and on.
        await page.getByRole('button', { name: 'Add Dropout', exact: true }).click();
        await card(page, 6).locator('.mask-grid').waitFor({ state: 'visible' });
        const sw = page.getByRole('switch', { name: 'Training mode' });
        await sw.click();
        await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'false', 'training off');
        await sw.click();
        await eventually(() => sw.getAttribute('aria-checked'), (v) => v === 'true', 'training on');
        // A size edit, an invalid one (field error) and a shape error with its fix.
        await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('300');
        await eventually(() => outputShapes(page), (s) => s[0] === '(32, 300)', 'size edit applied');
        await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('abc');
        await card(page, 1).getByRole('textbox', { name: 'Out features' }).fill('256');
        await card(page, 1).getByRole('button', { name: /^Move down/ }).click();
        await eventually(() => kinds(page), (k) => k.join(',') === 'relu,linear,linear,relu,linear,dropout', 'moved down');
        await card(page, 2).getByRole('button', { name: /^Move up/ }).click();
        await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,linear,relu,linear,dropout', 'moved back up');
        await page.getByRole('button', { name: 'Resample' }).click();
        // Export tabs and the copy button (a hidden textarea styled through CSSOM).
        await page.getByRole('tab', { name: 'torchinfo' }).click();
        await page.getByRole('tab', { name: 'PyTorch' }).click();
        await page.getByRole('button', { name: 'Copy PyTorch text' }).click();
        await eventually(() => outputShapes(page), (s) => s[0] === '(32, 256)' && s.length === 6, 'edits painted');
        await settled(page, 'two frames, so late work (values phase, canvases) has run');
        const seen = await violations(page);
        const cookies = await withTimeout(context.cookies(), SETUP_LIMIT_MS, 'the cookies');
        const failures = [
          ...seen.map((v) => `CSP violation: ${describe(v)}`),
          ...problems,
          ...cookies.map((c) => `cookie set: ${c.name} for ${c.domain}`),
        ];
        assert(failures.length === 0, `the page broke the strict CSP or its privacy promise:\n      ${[...new Set(failures)].join('\n      ')}`);
        await withTimeout(page.close(), SETUP_LIMIT_MS, 'the strict page to close');
      } finally {
        await site.close();
      }
    },
  },
  {
    name: 'Strict CSP: a big network gets its values from the same-origin module worker (the one that trains)',
    // Opens its own page on its own server: no page from Vite's dev server beside it.
    ownPage: true,
    async run({ context }) {
      const site = await serveBuiltSite({ base: '/sub/layerlab/' });
      try {
        const requested = [];
        context.on('request', (req) => requested.push(new URL(req.url()).pathname));
        const net = '#in=256x1024&net=linear(1024),relu,linear(1024),relu,linear(1024),relu,linear(1024)';
        const { page, problems } = await openStrictPage(context, `${site.url}${net}`);
        await valuesComputed(page, "the worker's values of a 1024-wide network, batch 256");
        assert((await page.locator('.heatmap:visible').count()) === 7, 'values painted for every block');
        const workerScripts = requested.filter((p) => /^\/sub\/layerlab\/assets\/train-worker-[\w-]+\.js$/.test(p));
        const wasm = requested.filter((p) => /^\/sub\/layerlab\/assets\/layerlab-[\w-]+\.wasm$/.test(p));
        assert(workerScripts.length === 1, `the worker is a built file beside the page's module: ${requested.join(', ')}`);
        // The page's own thread holds no WASM: the worker that owns the network loads it, once.
        assert(wasm.length === 1, `only the worker loads the .wasm beside it: ${wasm.join(', ')}`);
        const seen = await violations(page);
        const failures = [...seen.map((v) => `CSP violation: ${describe(v)}`), ...problems];
        assert(failures.length === 0, `the worker broke the strict CSP:\n      ${[...new Set(failures)].join('\n      ')}`);
        await withTimeout(page.close(), SETUP_LIMIT_MS, 'the strict page to close');
      } finally {
        await site.close();
      }
    },
  },
  {
    name: 'Strict CSP: the embed layout (?embed=1) breaks no rule either',
    // Opens its own page on its own server: no page from Vite's dev server beside it.
    ownPage: true,
    async run({ context }) {
      const site = await serveBuiltSite({ base: '/sub/layerlab/' });
      try {
        const { page, problems } = await openStrictPage(context, `${site.url}?embed=1`);
        await page.locator('[data-stat="output-shape"]').first().waitFor({ state: 'visible' });
        await settled(page, 'two frames of the embed layout');
        const seen = await violations(page);
        const cookies = await withTimeout(context.cookies(), SETUP_LIMIT_MS, 'the cookies');
        const failures = [...seen.map((v) => `CSP violation: ${describe(v)}`), ...problems, ...cookies.map((c) => `cookie set: ${c.name}`)];
        assert(failures.length === 0, `the embed layout broke the strict CSP:\n      ${[...new Set(failures)].join('\n      ')}`);
        await withTimeout(page.close(), SETUP_LIMIT_MS, 'the strict page to close');
      } finally {
        await site.close();
      }
    },
  },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runSuite('CSP flows', cspTests, { devServer: false, closers: [removeBuiltSite] });
}
