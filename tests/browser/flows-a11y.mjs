// axe-core (npm axe-core, injected from node_modules) on the full page, in dark mode and on
// ?embed=1: any violation fails, with its rule, impact and the first elements it names.
import { ROOT, assert, ready } from './harness.mjs';

const AXE = `${ROOT}node_modules/axe-core/axe.min.js`;
const AXE_LIMIT = 20_000;

/** Runs axe on the whole document; resolves to its violations (Playwright's timeout on the wait). */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  // Started without awaiting, then waited for with a time limit: evaluate itself has none.
  await page.evaluate(() => {
    window.__axe = null;
    window.axe.run(document, { resultTypes: ['violations'] }).then(
      (r) => (window.__axe = { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })) }),
      (e) => (window.__axe = { error: String(e) }),
    );
  });
  const handle = await page.waitForFunction(() => window.__axe, null, { timeout: AXE_LIMIT }).catch(() => {
    throw new Error(`axe-core did not finish within ${AXE_LIMIT} ms`);
  });
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`axe-core failed: ${result.error}`);
  return result.violations;
}

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).join(', ')}`).join('\n      ');
}

async function openFresh(page, suffix) {
  const base = page.url().replace(/[?#].*$/, '');
  await page.goto('about:blank');
  await page.goto(base + suffix);
  await ready(page, `the page ${suffix} to boot with its values`);
}

function axeTest(name, suffix, context = undefined) {
  return {
    name,
    context,
    async run({ page }) {
      if (suffix) await openFresh(page, suffix);
      await page.locator('.heatmap').first().waitFor({ state: 'visible', timeout: 8_000 });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `axe-core violations:\n      ${describe(violations)}`);
    },
  };
}

export const a11yTests = [
  axeTest('axe-core: no violations on the full page'),
  axeTest('axe-core: no violations in dark mode', '', { colorScheme: 'dark' }),
  axeTest('axe-core: no violations on ?embed=1 (with a level-one heading)', '?embed=1'),
  axeTest('axe-core: no violations on ?embed=1 in dark mode', '?embed=1', { colorScheme: 'dark' }),
  axeTest('axe-core: no violations with a shape error and with the Tiny tables', '#in=4x3&net=linear(4),relu,linear(2,in=5)'),
  axeTest('axe-core: no violations with typed input values (the seed example)', '#in=1x3&data=typed&x=1,2,3&net=linear(4),relu,linear(2),sigmoid'),
  axeTest('axe-core: no violations on a phone (the cards between the sidebar panels)', '', { viewport: { width: 390, height: 844 } }),
];
