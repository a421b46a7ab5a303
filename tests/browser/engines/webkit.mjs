// WebKitGTK (Safari's engine): Debian's webkit2gtk-driver runs WebKitWebDriver, which starts
// MiniBrowser in automation mode; selenium-webdriver drives it. MiniBrowser needs a display:
// the driver runs under xvfb-run. Each session is a fresh MiniBrowser (WebKitGTK's driver has
// no browser contexts). The driver gives no console or page errors: a collector is installed
// after each navigation (session.mjs collectErrors), so errors during the load itself are not
// seen here; the flows' checks of what the page shows still catch a page that failed to boot.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, By, Key } from 'selenium-webdriver';
import { SETUP_LIMIT_MS, withTimeout } from '../limits.mjs';
import { WINDOW, collectErrors, session, writePng } from './session.mjs';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function startDriver() {
  const port = await freePort();
  // Its own process group, so closing ends xvfb-run, Xvfb, the driver and MiniBrowser together.
  // Without a GPU, WebKitGTK's accelerated compositing renders through software GL: a frame
  // after any change to this page took 0.8–1.4 s (idle frames 16 ms), which made every edit and
  // Pause wait a second. Non-composited rendering (as Chromium's --disable-gpu) paints such a
  // frame in 16–60 ms under the same load.
  const env = { ...process.env, WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const child = spawn('xvfb-run', ['-a', '-s', `-screen 0 ${WINDOW.width + 40}x${WINDOW.height + 120}x24`, 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore', env });
  const url = `http://127.0.0.1:${port}`;
  const up = async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
      try {
        if ((await fetch(`${url}/status`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  // A run the watchdog ends (process.exit) leaves no Xvfb or MiniBrowser behind.
  process.once('exit', stop);
  await withTimeout(up(), SETUP_LIMIT_MS, 'WebKitWebDriver to listen');
  return { url, stop };
}

export async function launch() {
  const server = await startDriver();
  return {
    name: 'webkit',
    /** Its flows may take this many times the others' limits (see callLimitMs). */
    slowness: 2,
    async newSession() {
      const capabilities = { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } };
      const driver = await withTimeout(new Builder().usingServer(server.url).withCapabilities(capabilities).build(), SETUP_LIMIT_MS, 'a WebKit session (MiniBrowser)');
      await driver.manage().window().setRect({ x: 0, y: 0, ...WINDOW });
      await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
      const evaluate = (fn, arg) => driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, arg);
      return session({
        name: 'webkit',
        errorsFrom: 'after load',
        // Its driver waits for the page's rendering before a click or a screenshot returns:
        // under a load average of 20 on 2 cores a click during training took over 20 s.
        callLimitMs: 60_000,
        // Its screenshot after a training run took over 60 s (under load, non-composited), and
        // the session's next commands queue behind it.
        shootsAfterTraining: false,
        open: async (url) => {
          await driver.get(url);
          await evaluate(collectErrors);
        },
        evaluate,
        clickAt: async (sel) => (await driver.findElement(By.css(sel))).click(),
        typeInto: async (sel, text) => {
          const el = await driver.findElement(By.css(sel));
          await el.click();
          await evaluate((e) => e.select(), el);
          await el.sendKeys(text === '' ? Key.BACK_SPACE : text, Key.TAB);
        },
        capture: async (path) => writePng(path, await driver.takeScreenshot()),
        errors: async () => (await evaluate(() => window.__engineErrors ?? [])) ?? [],
        close: () => driver.quit(),
      });
    },
    close: async () => server.stop(),
  };
}
