// Browser tests: node tests/browser/run.mjs. Starts Vite's dev server, drives Debian's
// Chromium with playwright-core, saves screenshots to test-output/screenshots/, and ends with
// "N passed, M failed" (exit code 1 on any failure).
import { launchBrowser, openPage, startServer } from './harness.mjs';
import { coreTests } from './flows.mjs';
import { moreTests } from './flows-more.mjs';
import { closeEmbedFixture, embedTests } from './flows-embed.mjs';
import { cspTests } from './csp.mjs';
import { trainTests } from './flows-train.mjs';

const tests = [...coreTests, ...moreTests, ...embedTests, ...cspTests, ...trainTests];

const only = process.argv[2];
const { server, url } = await startServer();
const browser = await launchBrowser();
let passed = 0;
let failed = 0;
const started = Date.now();
try {
  for (const test of tests) {
    if (only && !test.name.toLowerCase().includes(only.toLowerCase())) continue;
    const t0 = Date.now();
    let session = null;
    try {
      session = await openPage(browser, url, test.context);
      await test.run(session);
      if (session.errors.length > 0) throw new Error(`errors on the page:\n      ${session.errors.join('\n      ')}`);
      passed++;
      console.log(`  ✓ ${test.name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${test.name} (${Date.now() - t0} ms)\n    ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await session?.context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await closeEmbedFixture();
}
console.log(`browser suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
