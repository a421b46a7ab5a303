// Browser test plumbing: Vite's dev server (programmatic, the repo's vite.config.ts, a free
// port), Debian's Chromium through playwright-core, per-page error collection, a few polling
// helpers and the flow runner. Every wait here has a time limit (limits.mjs). Nothing is
// downloaded.
import { mkdir } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { FLOW_LIMIT_MS, FRAME_LIMIT_MS, SETUP_LIMIT_MS, activity, frameLimit, frames, withTimeout } from './limits.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

// As root, headless, and without the background traffic this closed network would refuse.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function freePort(preferred) {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => {
      const any = createNetServer();
      any.listen(0, 'localhost', () => {
        const { port } = any.address();
        any.close(() => resolve(port));
      });
    });
    probe.listen(preferred, 'localhost', () => probe.close(() => resolve(preferred)));
  });
}

/** Vite's dev server on a free port; resolves to { url, close() }. */
export async function startServer() {
  const start = async () => {
    const port = await freePort(5173);
    const server = await createServer({
      configFile: `${ROOT}vite.config.ts`,
      root: `${ROOT}web`,
      logLevel: 'warn',
      server: { port, strictPort: true, host: 'localhost', hmr: false },
    });
    await server.listen();
    return { url: `http://localhost:${port}/`, close: () => withTimeout(server.close(), SETUP_LIMIT_MS, "Vite's dev server to stop") };
  };
  return withTimeout(start(), SETUP_LIMIT_MS, "Vite's dev server to start");
}

export async function launchBrowser() {
  await mkdir(SHOTS, { recursive: true });
  return launchChromium();
}

/**
 * A browser context whose pages have window.__frame (a bounded animation-frame wait) and fail
 * a Playwright action or wait after 10 s: a failing check fails fast, and load (2 shared
 * cores) does not.
 */
export async function newContext(browser, options = {}) {
  const context = await withTimeout(
    browser.newContext({ viewport: { width: 1360, height: 900 }, ...options }),
    SETUP_LIMIT_MS,
    'a new browser context',
  );
  context.setDefaultTimeout(10_000);
  await withTimeout(context.addInitScript(frameLimit, FRAME_LIMIT_MS), SETUP_LIMIT_MS, 'the frame helper to install');
  return context;
}

/** A new page in `context` that records console errors, page errors and failed requests. */
export async function openPage(context, url) {
  const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a new page');
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    // blob: URLs are made by the page itself (the elements' worker from another origin).
    if (u.hostname !== 'localhost' && u.protocol !== 'data:' && u.protocol !== 'blob:') errors.push(`external request: ${req.url()}`);
  });
  await page.goto(url);
  await ready(page);
  return { page, context, errors };
}

/**
 * Waits until `predicate` (run in the page, polled every frame) holds, for at most `ms`, and
 * fails saying `what` it waited for. Playwright's own limit is later, only to end its polling.
 */
export function waitUntil(page, predicate, what, ms = 20_000, arg = undefined) {
  return withTimeout(page.waitForFunction(predicate, arg, { timeout: ms + 5_000 }), ms, what);
}

/**
 * The page has booted: the first render done (data-ready) and the worker's values of it shown
 * (data-computing false), so the worker has loaded its WASM module. The shapes alone paint
 * earlier, before the worker answers: shapesPainted waits for just that.
 */
export function ready(page, what = 'the page to boot (data-ready, values shown)', ms = 20_000) {
  return waitUntil(page, () => document.documentElement.dataset.ready === 'true' && document.documentElement.dataset.computing === 'false', what, ms);
}

/** The first render (shapes and counts) is done; the worker's values may still be on their way. */
export function shapesPainted(page, what = 'the first render (data-ready)', ms = 20_000) {
  return waitUntil(page, () => document.documentElement.dataset.ready === 'true', what, ms);
}

/** No values are being computed any more (data-computing false): the values phase is done. */
export function valuesComputed(page, what, ms = 30_000) {
  return waitUntil(page, () => document.documentElement.dataset.computing === 'false', what, ms);
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/**
 * Polls `read` until `check(value)` holds (or throws with the last value seen after `timeout`
 * ms). A `read` that never answers (a wedged page) fails 10 s after that.
 */
export async function eventually(read, check, message, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  const poll = async () => {
    for (;;) {
      last = await read();
      if (check(last)) return last;
      if (Date.now() > end) throw new AssertionError(`${message} (last: ${JSON.stringify(last)})`);
      await new Promise((r) => setTimeout(r, 40));
    }
  };
  return withTimeout(poll(), timeout + 10_000, message);
}

/** The card of block `n` (1-based). */
export function card(page, n) {
  return page.locator('.block-card').nth(n - 1);
}

export async function outputShapes(page) {
  return page.locator('.block-card [data-stat="output-shape"]').allTextContents();
}

export async function kinds(page) {
  return page.locator('.block-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-kind')));
}

export async function total(page, key) {
  return page.locator(`[data-total="${key}"]`).textContent();
}

export async function shot(page, name, fullPage = false) {
  // A full-page capture of a scrolled page would show the sticky sidebar mid-page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
}

/** Waits for two animation frames, so any edit has been run and painted. */
export async function settled(page, what = 'two animation frames after an edit') {
  await frames(page, what, 2);
}

/** Debian's Chromium (never a downloaded browser), with optional extra flags. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs], timeout: SETUP_LIMIT_MS });
}

export function closeBrowser(browser) {
  return withTimeout(browser.close(), SETUP_LIMIT_MS, 'Chromium to close');
}

/**
 * Runs one flow on a fresh context and page (none for a flow with `ownPage`) under its time limit (`test.limitMs`, else
 * FLOW_LIMIT_MS), then closes the context. Resolves to { error } (null when it passed) and
 * `wedged` when the context would not even close: the browser no longer answers.
 */
export async function runFlow(browser, url, test) {
  const outer = activity.flow;
  activity.flow = test.name;
  let context = null;
  let error = null;
  let wedged = false;
  try {
    context = await newContext(browser, test.context);
    const flow = async () => {
      const session = test.ownPage ? { context, page: null, errors: [] } : await openPage(context, url);
      await test.run(session);
      if (session.errors.length > 0) throw new Error(`errors on the page:\n      ${session.errors.join('\n      ')}`);
    };
    await withTimeout(flow(), test.limitMs ?? FLOW_LIMIT_MS, 'the flow to finish');
  } catch (e) {
    error = e;
  }
  try {
    if (context) await withTimeout(context.close(), SETUP_LIMIT_MS, "the flow's browser context to close");
  } catch (e) {
    wedged = true;
    error ??= e;
  } finally {
    activity.flow = outer;
  }
  return { error, wedged };
}
