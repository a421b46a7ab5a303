// A run that hangs on purpose, for the watchdog's self-test (flows-limits.mjs):
//   node tests/browser/limits-hang.mjs [limit ms]
// Chromium starts, a page awaits a promise that never settles with no limit of its own, and
// the browser's processes are stopped (SIGSTOP: a wedged browser, which cannot even close).
// The watchdog must end this process with exit code 1 after the limit, and Chromium with it.
// Prints "chromium PID" first, so the test can check that the browser is gone.
import { execFileSync } from 'node:child_process';
import { closeBrowser, launchChromium, newContext } from './harness.mjs';
import { activity, startWatchdog } from './limits.mjs';

const limitMs = Number(process.argv[2] ?? 2_000);
const browser = await launchChromium();
const page = await (await newContext(browser)).newPage();
const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
const pid = Number(/^\s*(\d+)\s+chrom/m.exec(children)?.[1]);
console.log(`chromium ${pid}`);
activity.flow = 'a deliberately hanging run';
startWatchdog('hanging run', limitMs, () => closeBrowser(browser), 3_000);
const hang = page.evaluate(() => new Promise(() => {}));
// Playwright starts the browser in its own process group: stop all of it.
process.kill(-pid, 'SIGSTOP');
await hang;
