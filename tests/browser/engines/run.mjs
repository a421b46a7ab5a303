// The core flows in three engines: node tests/browser/engines/run.mjs [engines] [name filter]
// (engines: comma-separated, from chromium, firefox, webkit; all by default). Starts Vite's dev
// server once, then each engine in turn, each flow in a fresh session under its own limit; ends
// with the time each engine took and "N passed, M failed". A watchdog ends an overrunning run.
import { startServer } from '../harness.mjs';
import { closeEmbedFixture } from '../flows-embed.mjs';
import { FLOW_LIMIT_MS, SETUP_LIMIT_MS, activity, seconds, startWatchdog, withTimeout } from '../limits.mjs';
import { engineFlows } from './flows.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
/** 1–2 min for Chromium and Firefox and 3–6 min for WebKitGTK on a loaded 2-core machine. */
const RUN_LIMIT_MS = 25 * 60_000;

const [engineArg = ENGINES.join(','), filter = ''] = process.argv.slice(2);
const engines = engineArg.split(',').filter(Boolean);
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (known: ${ENGINES.join(', ')})`);
const flows = engineFlows.filter((f) => f.name.toLowerCase().includes(filter.toLowerCase()));

let dev = null;
let browser = null;
let closing = null;
const cleanup = () => (closing ??= Promise.allSettled([browser?.close(), dev?.close(), closeEmbedFixture()]));
startWatchdog('engine flows', RUN_LIMIT_MS, cleanup);

let passed = 0;
let failed = 0;
const took = [];
const started = Date.now();
try {
  dev = await startServer();
  for (const name of engines) {
    const t0 = Date.now();
    console.log(`== ${name}`);
    activity.flow = `launching ${name}`;
    const { launch } = await import(`./${name}.mjs`);
    browser = await withTimeout(launch(), SETUP_LIMIT_MS * 2, `${name} to launch`);
    for (const flow of flows) {
      const f0 = Date.now();
      activity.flow = `${name}: ${flow.name}`;
      let s = null;
      let error = null;
      try {
        s = await withTimeout(browser.newSession(), SETUP_LIMIT_MS * 2, `a ${name} session`);
        await withTimeout(flow.run(s, { url: dev.url }), (flow.limitMs ?? FLOW_LIMIT_MS) * (browser.slowness ?? 1), 'the flow to finish');
        const errors = await s.errors();
        if (errors.length > 0) throw new Error(`errors on the page (seen from ${s.errorsFrom}):\n      ${errors.join('\n      ')}`);
      } catch (e) {
        error = e;
      }
      await s?.close().catch((e) => (error ??= e));
      if (error === null) passed++;
      else failed++;
      console.log(`  ${error === null ? '✓' : '✗'} ${name}: ${flow.name} (${Date.now() - f0} ms)${error === null ? '' : `\n    ${error instanceof Error ? error.message : String(error)}`}`);
    }
    activity.flow = `closing ${name}`;
    await browser.close();
    browser = null;
    took.push(`${name} ${seconds(Date.now() - t0)}`);
  }
} catch (error) {
  failed++;
  console.log(`  ✗ ${activity.flow}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  for (const r of await cleanup()) {
    if (r.status === 'rejected') {
      failed++;
      console.log(`  ✗ closing down: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    }
  }
}
console.log(`engine flows took ${seconds(Date.now() - started)} (${took.join(', ')})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
