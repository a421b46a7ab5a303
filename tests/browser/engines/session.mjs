// The engine-neutral session the cross-engine flows drive: one small interface over
// playwright-core (Chromium), puppeteer-core over WebDriver BiDi (Firefox) and
// selenium-webdriver (WebKitGTK), so each flow is written once. An engine supplies five
// primitives (open, evaluate, clickAt, typeInto, capture); this file adds the waits, each
// bounded and saying what it waited for.
//
//   goto(url)                     navigates and waits for the document to load
//   click(selector)               scrolls the first match into view, then a real click
//   fill(selector, text)          selects the field's text, types `text`, then Tab (commits)
//   text(selector)                the first match's textContent ('' when none)
//   evaluate(fn, arg)             runs fn(arg) in the page (awaits a promise)
//   waitFor(fn, limitMs, what, arg) polls fn(arg) in the page until truthy; returns its value
//   screenshot(name)              test-output/screenshots/<name>.png
//   errors                        page errors and console errors seen (see `errorsFrom`)
import { writeFile } from 'node:fs/promises';
import { SHOTS } from '../harness.mjs';
import { TimeoutError, withTimeout } from '../limits.mjs';

/** One page call (navigation, click, script): normally milliseconds; seconds under load. */
export const CALL_LIMIT_MS = 20_000;
/** A screenshot: normally under a second. */
export const SHOT_LIMIT_MS = 15_000;
/** The window every engine gets, so layouts (and screenshots) compare. */
export const WINDOW = { width: 1280, height: 900 };

/**
 * The page-side collector for engines that cannot report page errors to the driver
 * (selenium on WebKitGTK): installed right after each navigation, so errors thrown while the
 * page loads are not seen there; the engine says so in `errorsFrom`.
 */
export function collectErrors() {
  if (window.__engineErrors) return;
  window.__engineErrors = [];
  window.addEventListener('error', (e) => window.__engineErrors.push(`pageerror: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => window.__engineErrors.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
  const original = console.error.bind(console);
  console.error = (...args) => {
    window.__engineErrors.push(`console: ${args.map(String).join(' ')}`);
    original(...args);
  };
}

/** `primitives`: { name, errorsFrom, callLimitMs?, open(url), evaluate(fn, arg), clickAt(selector), typeInto(selector, text), capture(path), close(), errors() }. */
export function session(primitives) {
  const p = primitives;
  const callLimit = p.callLimitMs ?? CALL_LIMIT_MS;
  const call = (promise, what) => withTimeout(promise, callLimit, `${p.name}: ${what}`);
  const s = {
    engine: p.name,
    /** 'the start' when every page error is seen; 'after load' when only those after a navigation are. */
    errorsFrom: p.errorsFrom,
    /** False where a screenshot after training is known to stall the driver (WebKitGTK's). */
    shootsAfterTraining: p.shootsAfterTraining ?? true,
    goto: (url) => call(p.open(url), `navigating to ${url}`),
    evaluate: (fn, arg) => call(p.evaluate(fn, arg), `a script in the page (${fn.name || 'anonymous'})`),
    async click(selector) {
      const found = await s.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        el.scrollIntoView({ block: 'center', inline: 'center' });
        return true;
      }, selector);
      if (!found) throw new Error(`${p.name}: nothing matches ${selector} to click`);
      await call(p.clickAt(selector), `a click on ${selector}`);
    },
    async fill(selector, text) {
      await s.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), selector);
      await call(p.typeInto(selector, String(text)), `typing "${text}" into ${selector}`);
    },
    text: (selector) => s.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', selector),
    async waitFor(fn, limitMs, what, arg) {
      const end = Date.now() + limitMs;
      let last;
      const poll = async () => {
        for (;;) {
          last = await s.evaluate(fn, arg);
          if (last) return last;
          if (Date.now() > end) throw new TimeoutError(`${p.name}: waited ${limitMs / 1000} s for ${what} (last: ${JSON.stringify(last)})`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      return withTimeout(poll(), limitMs + callLimit, `${p.name}: ${what}`);
    },
    /**
     * A picture for people, not a check: bounded, and a failure is printed, not thrown. After
     * training, WebKitGTK's driver (non-composited, under load) was seen taking over 60 s.
     */
    async screenshot(name) {
      try {
        await withTimeout(p.capture(`${SHOTS}${name}.png`), SHOT_LIMIT_MS, `${p.name}: a screenshot (${name})`);
      } catch (error) {
        console.log(`    (no screenshot ${name}: ${error instanceof Error ? error.message : String(error)})`);
      }
    },
    errors: () => p.errors(),
    close: () => call(p.close(), 'the session to close'),
  };
  return s;
}

/** Writes a base64 PNG (selenium's screenshots). */
export const writePng = (path, base64) => writeFile(path, Buffer.from(base64, 'base64'));
