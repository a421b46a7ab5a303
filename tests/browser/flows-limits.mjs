// Self-tests of the time limits (limits.mjs), run first by run.mjs: a flow that hangs fails
// within its limit naming the flow and what it waited for, an animation frame that never
// comes fails saying so, and the watchdog ends a run whose browser is wedged, browser and all.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assert, runFlow } from './harness.mjs';
import { TimeoutError, withTimeout } from './limits.mjs';

const HANGING_RUN = fileURLToPath(new URL('./limits-hang.mjs', import.meta.url));

/** A process that no longer runs (gone, or a zombie nobody has reaped yet). */
function ended(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

/** Flows that hang on purpose, with the message each must fail with. */
const HANGING_FLOWS = [
  {
    flow: {
      name: 'a flow with no limit of its own',
      ownPage: true,
      limitMs: 1_000,
      run: async ({ context }) => (await context.newPage()).evaluate(() => new Promise(() => {})),
    },
    message: 'a flow with no limit of its own: waited 1 s for the flow to finish',
  },
  {
    flow: {
      name: 'a flow with a bounded wait',
      ownPage: true,
      run: async ({ context }) => withTimeout((await context.newPage()).evaluate(() => new Promise(() => {})), 500, 'a promise that never settles'),
    },
    message: 'a flow with a bounded wait: waited 0.5 s for a promise that never settles',
  },
];

export const limitTests = [
  {
    name: 'Limits: a hanging flow fails within its limit, naming the flow and what it waited for',
    ownPage: true,
    async run({ context }) {
      for (const { flow, message } of HANGING_FLOWS) {
        const t0 = Date.now();
        const { error, wedged } = await runFlow(context.browser(), null, flow);
        const ms = Date.now() - t0;
        assert(error instanceof TimeoutError && error.message === message, `expected "${message}", got ${error?.message}`);
        assert(!wedged, `${flow.name}: its context closed`);
        // The limit, plus opening and closing a context on a loaded machine.
        assert(ms < (flow.limitMs ?? 500) + 10_000, `${flow.name} failed after ${ms} ms`);
      }
    },
  },
  {
    name: 'Limits: an animation frame that never comes fails, saying what it waited for',
    async run({ page }) {
      const message = page.evaluate(() => {
        // Frames stop, as in a page that is never painted.
        window.requestAnimationFrame = () => 0;
        return window.__frame('a frame that never comes', 300).then(
          () => 'a frame came',
          (e) => e.message,
        );
      });
      const got = await withTimeout(message, 5_000, 'the frame helper to give up');
      assert(got === 'waited 0.3 s for a frame that never comes in the page (document visible)', `got: ${got}`);
    },
  },
  {
    name: 'Limits: the watchdog ends a run whose browser is wedged, and the browser with it',
    ownPage: true,
    // Node and Chromium start in about 5 s on an idle machine, up to 20 s seen under load.
    limitMs: 90_000,
    async run() {
      const child = spawn(process.execPath, [HANGING_RUN, '2000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      const pid = () => Number(/chromium (\d+)/.exec(out)?.[1]);
      try {
        // Start (Node, Vite's module, Chromium), the 2 s limit, then at most 3 s of clean-up.
        const code = await withTimeout(exited, 75_000, 'the hanging run to be ended by its watchdog');
        assert(code === 1, `exit code ${code}; output:\n${out}`);
        const report = 'hanging run: the watchdog stopped the run after 2 s; running: a deliberately hanging run; waiting for: (no bounded wait)';
        assert(out.includes(report), `the watchdog says what was running; output:\n${out}`);
        assert(out.includes('hanging run: clean-up did not finish within 3 s; exiting'), `closing the wedged browser was cut short; output:\n${out}`);
        // The kill Playwright sends as Node exits takes a moment to land on a loaded machine.
        const deadline = Date.now() + 10_000;
        while (pid() > 0 && !ended(pid()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        assert(pid() > 0 && ended(pid()), `Chromium (pid ${pid()}) still running 10 s after the run ended`);
      } finally {
        // Only if the test failed half-way: the processes this flow started.
        if (child.exitCode === null) child.kill('SIGKILL');
        if (pid() > 0 && !ended(pid())) process.kill(-pid(), 'SIGKILL');
      }
    },
  },
];
