// Firefox ESR (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi. Each session
// is a fresh browser context (its own storage), as Playwright's contexts are in Chromium.
import puppeteer from 'puppeteer-core';
import { SETUP_LIMIT_MS, withTimeout } from '../limits.mjs';
import { WINDOW, session } from './session.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';

export async function launch() {
  const browser = await withTimeout(
    puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocolTimeout: 30_000, timeout: SETUP_LIMIT_MS }),
    SETUP_LIMIT_MS,
    'Firefox to start',
  );
  return {
    name: 'firefox',
    async newSession() {
      const context = await withTimeout(browser.createBrowserContext(), SETUP_LIMIT_MS, 'a Firefox context');
      const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a Firefox page');
      await page.setViewport(WINDOW);
      page.setDefaultTimeout(15_000);
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      const element = async (sel) => {
        const el = await page.$(sel);
        if (!el) throw new Error(`firefox: nothing matches ${sel}`);
        return el;
      };
      return session({
        name: 'firefox',
        errorsFrom: 'the start',
        open: (url) => page.goto(url, { waitUntil: 'load' }),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        clickAt: async (sel) => (await element(sel)).click(),
        typeInto: async (sel, text) => {
          const el = await element(sel);
          await el.click({ count: 3 });
          await el.evaluate((e) => e.select());
          if (text === '') await page.keyboard.press('Backspace');
          else await page.keyboard.type(text);
          await page.keyboard.press('Tab');
        },
        capture: (path) => page.screenshot({ path }),
        errors: async () => errors,
        close: () => context.close(),
      });
    },
    close: () => withTimeout(browser.close(), SETUP_LIMIT_MS, 'Firefox to close'),
  };
}
