// Chromium through playwright-core (Debian's chromium), as the main suite drives it.
import { closeBrowser, launchChromium } from '../harness.mjs';
import { SETUP_LIMIT_MS, withTimeout } from '../limits.mjs';
import { WINDOW, session } from './session.mjs';

export async function launch(extraArgs = []) {
  const browser = await launchChromium(extraArgs);
  return {
    name: 'chromium',
    async newSession() {
      const context = await withTimeout(browser.newContext({ viewport: WINDOW }), SETUP_LIMIT_MS, 'a Chromium context');
      context.setDefaultTimeout(15_000);
      const page = await withTimeout(context.newPage(), SETUP_LIMIT_MS, 'a Chromium page');
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      return session({
        name: 'chromium',
        errorsFrom: 'the start',
        open: (url) => page.goto(url),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        clickAt: (sel) => page.locator(sel).first().click(),
        typeInto: async (sel, text) => {
          await page.locator(sel).first().fill(text);
          await page.locator(sel).first().press('Tab');
        },
        capture: (path) => page.screenshot({ path }),
        errors: async () => errors,
        close: () => context.close(),
      });
    },
    close: () => closeBrowser(browser),
  };
}
