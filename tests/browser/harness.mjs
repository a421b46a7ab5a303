// Browser test plumbing: Vite's dev server (programmatic, the repo's vite.config.ts, a free
// port), Debian's Chromium through playwright-core, per-page error collection and a few
// polling helpers. Nothing is downloaded.
import { mkdir } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

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

export async function startServer() {
  const port = await freePort(5173);
  const server = await createServer({
    configFile: `${ROOT}vite.config.ts`,
    root: `${ROOT}web`,
    logLevel: 'warn',
    server: { port, strictPort: true, host: 'localhost', hmr: false },
  });
  await server.listen();
  return { server, url: `http://localhost:${port}/` };
}

export async function launchBrowser() {
  await mkdir(SHOTS, { recursive: true });
  return launchChromium();
}

/** A new page that records console errors, page errors and failed requests. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
  const page = await context.newPage();
  // Short waits: a failing check should fail fast and keep the suite well under 2 minutes.
  page.setDefaultTimeout(8_000);
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.hostname !== 'localhost' && u.protocol !== 'data:') errors.push(`external request: ${req.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20_000 });
  return { page, context, errors };
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/** Polls `read` until `check(value)` holds (or throws with the last value seen). */
export async function eventually(read, check, message, timeout = 5_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > end) throw new AssertionError(`${message} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 40));
  }
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
export async function settled(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
}

/** Debian's Chromium (never a downloaded browser), with optional extra flags. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}
