// Time limits for the browser suite, the soak and the browser benchmark: no wait may last
// forever, and a run that overruns ends itself. One Node-side helper (withTimeout), one
// in-page helper for animation frames (window.__frame, installed by frameLimit), one watchdog
// per process. `activity` says what is running, so a limit that fires can say what it cut.
//
// Limits are several times the waits' normal durations on a loaded 2-core machine, so load
// does not fail a run, and short enough that a hang fails in about a minute.

/** One animation frame: normally 16 ms; the page may be busy for a few seconds under load. */
export const FRAME_LIMIT_MS = 10_000;
/** A flow of the browser suite (most take 1–3 s; a flow may ask for more with `limitMs`). */
export const FLOW_LIMIT_MS = 60_000;
/** Opening or closing a context, a page or a server; launching or closing the browser. */
export const SETUP_LIMIT_MS = 30_000;

export class TimeoutError extends Error {}

export const seconds = (ms) => `${Number((ms / 1000).toFixed(1))} s`;

/** What runs now: the flow (or phase) and the waits in progress, oldest first. */
export const activity = { flow: '', waits: new Set() };

export function describeActivity() {
  const waits = [...activity.waits].map((w) => `${w.what} (for ${seconds(Date.now() - w.since)})`);
  return `running: ${activity.flow || '(between flows)'}; waiting for: ${waits.length ? waits.join('; ') : '(no bounded wait)'}`;
}

/**
 * Resolves or rejects as `promise` does, or rejects with a TimeoutError naming the flow and
 * `what` once `ms` have passed. The promise itself keeps running: its owner (a page, a
 * context) is closed afterwards, which settles it, and the race has already handled it.
 */
export function withTimeout(promise, ms, what) {
  const wait = { what, since: Date.now() };
  const flow = activity.flow;
  activity.waits.add(wait);
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${flow ? `${flow}: ` : ''}waited ${seconds(ms)} for ${what}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => {
    clearTimeout(timer);
    activity.waits.delete(wait);
  });
}

/**
 * Init script (context.addInitScript(frameLimit, FRAME_LIMIT_MS)): window.__frame(what) waits
 * for the next animation frame and resolves to its timestamp, or rejects after `limitMs`
 * saying what it waited for and whether the page was visible (a hidden page gets no frames).
 * It calls requestAnimationFrame as the page has it then, so a page's own frame source (the
 * soak's message-channel frames) serves it too.
 */
export function frameLimit(limitMs) {
  Object.defineProperty(window, '__frame', {
    value: (what = 'an animation frame', ms = limitMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited ${ms / 1000} s for ${what} in the page (document ${document.visibilityState})`)),
          ms,
        );
        requestAnimationFrame((t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }),
  });
}

/** Waits for `n` animation frames of `page` (window.__frame), bounded in the page and here. */
export function frames(page, what, n = 2) {
  const wait = page.evaluate(
    async ({ n, what }) => {
      for (let i = 0; i < n; i++) await window.__frame(what);
    },
    { n, what },
  );
  return withTimeout(wait, n * FRAME_LIMIT_MS + 5_000, what);
}

/** Stops a node:http server, ending its open connections (a socket that never sent a request
 * would otherwise hold server.close() forever). */
export function stopHttpServer(server, what = 'the static server to stop') {
  const closed = new Promise((resolve) => server.close(() => resolve(null)));
  server.closeAllConnections();
  return withTimeout(closed, SETUP_LIMIT_MS, what);
}

/**
 * Ends the process when a run overruns `ms`: prints what was running, tries `cleanup` (close
 * the browser, stop servers) for up to `cleanupMs`, then exits 1. Playwright kills the browser it
 * launched when Node exits, so a wedged browser ends too. The timer is unref'd: it never
 * keeps a finished run alive. Returns a function that disarms it.
 */
export function startWatchdog(name, ms, cleanup, cleanupMs = 15_000) {
  const timer = setTimeout(async () => {
    process.exitCode = 1;
    console.log(`\n${name}: the watchdog stopped the run after ${seconds(ms)}; ${describeActivity()}`);
    // Not unref'd: whatever cleanup does, the process ends here.
    setTimeout(() => {
      console.log(`${name}: clean-up did not finish within ${seconds(cleanupMs)}; exiting`);
      process.exit(1);
    }, cleanupMs);
    try {
      await cleanup();
    } catch (error) {
      console.log(`${name}: clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
