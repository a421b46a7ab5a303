// The flow runner behind run.mjs (and csp.mjs run on its own): Vite's dev server (when the
// flows need it), one Chromium, each flow on a fresh context under its own time limit, then
// "N passed, M failed" and the exit code. A watchdog ends a run that overruns its limit
// (closing the browser and the servers, printing what was running, exit code 1), even when
// the browser itself is wedged.
import { closeBrowser, launchBrowser, runFlow, startServer } from './harness.mjs';
import { seconds, startWatchdog } from './limits.mjs';

/**
 * The whole browser suite, with its training flows (the depth lab trains a deep stack with each
 * init, the lessons train in embeds), took 8.6 min at a load average of 15 on 2 cores; a hang
 * inside a flow fails at that flow's limit long before this.
 */
const SUITE_LIMIT_MS = 25 * 60_000;

/**
 * Runs the flows whose name contains `filter` (all without one) and exits the process.
 * `closers` stop what the flows started (fixtures, builds).
 */
export async function runSuite(name, tests, { filter = '', devServer = true, limitMs = SUITE_LIMIT_MS, closers = [] } = {}) {
  const chosen = tests.filter((t) => t.name.toLowerCase().includes(filter.toLowerCase()));
  let dev = null;
  let browser = null;
  let closing = null;
  // Safe to call twice: the watchdog and the normal end.
  const cleanup = () => (closing ??= Promise.allSettled([browser && closeBrowser(browser), dev?.close(), ...closers.map((close) => close())]));
  startWatchdog(name, limitMs, cleanup);
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  try {
    if (devServer) dev = await startServer();
    browser = await launchBrowser();
    for (const [i, test] of chosen.entries()) {
      const t0 = Date.now();
      const { error, wedged } = await runFlow(browser, dev?.url ?? null, test);
      if (error === null) {
        passed++;
        console.log(`  ✓ ${test.name} (${Date.now() - t0} ms)`);
      } else {
        failed++;
        console.log(`  ✗ ${test.name} (${Date.now() - t0} ms)\n    ${error instanceof Error ? error.message : String(error)}`);
      }
      if (wedged) {
        failed += chosen.length - i - 1;
        console.log(`  the browser stopped answering: ${chosen.length - i - 1} flows not run`);
        break;
      }
    }
  } catch (error) {
    failed++;
    console.log(`  ✗ setting up: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const r of await cleanup()) {
      if (r.status === 'rejected') {
        failed++;
        console.log(`  ✗ closing down: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
      }
    }
  }
  console.log(`${name} took ${seconds(Date.now() - started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
