// The learning views (web/src/views/learn/). First with fixed data: the dev page imports
// learn-demo.ts, which replaces the page body with every view, trains the small networks it
// needs with the real WASM module, and reports timings. Then in the page itself, fed by the
// training worker while it trains (learn-panel.ts): weights as pictures, the confusion matrix,
// the decision boundary, the depth lab, the dropout comparison and the export.
// Screenshots: test-output/screenshots/learn-*.png.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { assert, eventually, ROOT, shot, SHOTS } from './harness.mjs';
import { inPageTests } from './flows-learn-page.mjs';

/** Rejects with `message` when `promise` takes longer than `ms`. */
function bounded(promise, ms, message) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// A test fixture, not part of the page: Vite serves it from outside web/ by its file path.
const DEMO = `/@fs${ROOT}tests/browser/fixtures/learn-demo.ts`;

async function mountDemo(page) {
  return bounded(
    page.evaluate(async (fixture) => {
      const demo = await import(fixture);
      const main = document.createElement('main');
      main.className = 'learn-demo';
      document.body.replaceChildren(main);
      return demo.mountLearnDemo(main);
    }, DEMO),
    60_000,
    'the learning demo to mount (WASM load, training the boundary and depth networks)',
  );
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's WCAG A/AA rules over the learning views; resolves to the violations as text. */
async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const found = await bounded(
    page.evaluate(async () => {
      const result = await window.axe.run(document.querySelector('.learn-demo'), { runOnly: ['wcag2a', 'wcag2aa'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
    }),
    20_000,
    'axe-core to check the learning views',
  );
  return found;
}

const section = (page, title) => page.locator(`[data-demo="${title}"]`);

export const learnTests = [
  {
    name: 'Learning views: weights, confusion, boundary, depth lab, dropout, export',
    async run({ page }) {
      const report = await mountDemo(page);
      // the first render sizes the canvas and builds the colour table; the rest are redraws
      const [first, ...redraws] = report.weightRedraws;
      const sorted = redraws.sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.log(`    weights 256 × 28×28: first render ${first.toFixed(1)} ms; redraw median ${median.toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms over ${sorted.length}`);
      assert(median < 50, `a redraw of 256 weight pictures takes ${median.toFixed(1)} ms, over 50 ms`);

      // 1. weights as pictures: atlas size, text alternative, pointer and keyboard read-outs
      const atlas = page.locator('.learn-atlas').first();
      const size = await atlas.evaluate((c) => [c.width, c.height]);
      assert(size.join('x') === '465x465', `atlas of 16 × 16 tiles of 28 px with 1 px gaps: ${size}`);
      assert(((await atlas.getAttribute('aria-label')) ?? '').startsWith('256 output units, each drawn as a 28×28 image'), 'atlas text alternative');
      await atlas.hover({ position: { x: 5, y: 5 } });
      const weights = page.locator('.learn-weights').first();
      await eventually(() => weights.locator('.learn-readout').textContent(), (t) => /^unit 0, pixel \(row \d+, column \d+\): w = /.test(t ?? ''), 'hovering a tile reads its weight');
      await atlas.focus();
      await page.keyboard.press('ArrowRight');
      await eventually(() => weights.locator('.learn-readout').textContent(), (t) => (t ?? '').startsWith('unit 1 of 256: weights from'), 'arrow keys move between units');
      await section(page, 'Weights as pictures').screenshot({ path: `${SHOTS}learn-weights.png` });

      // 2. confusion matrix and mistakes
      const cells = page.locator('.learn-confusion tbody td');
      assert((await cells.count()) === 100, '10 × 10 cells');
      const diag = await page.locator('.learn-confusion td.is-diagonal').allTextContents();
      assert(diag.join(',') === '10,9,10,8,9,9,9,9,9,9', `diagonal counts: ${diag}`);
      assert(((await page.locator('.learn-confusion-figure .learn-readout').textContent()) ?? '').startsWith('91 of 100 correct'), 'accuracy line');
      const mistakes = await page.locator('.learn-mistakes li').allTextContents();
      assert(mistakes.length === 8 && mistakes[0] === '3 → 8', `first mistakes: ${mistakes.join(' | ')}`);
      await section(page, 'Confusion matrix and mistakes').screenshot({ path: `${SHOTS}learn-confusion.png` });

      // 3. decision boundary of the network trained in the page
      assert(report.boundaryTrainAccuracy > 0.9, `circle set training accuracy ${report.boundaryTrainAccuracy}`);
      const plane = page.locator('.learn-boundary');
      const pb = await plane.boundingBox();
      await plane.hover({ position: { x: pb.width / 2, y: pb.height / 2 } });
      const centre = await eventually(
        () => page.locator('.learn-boundary-figure .learn-readout').textContent(),
        (t) => (t ?? '').startsWith('x = 0.00, y = 0.00: P(class 1) = '),
        'hovering the plane centre reads a probability',
      );
      assert(centre.endsWith('predicted class 1'), `the circle's centre is class 1 (inside): ${centre}`);
      await section(page, 'Decision boundary').screenshot({ path: `${SHOTS}learn-boundary.png` });

      // 4. depth lab
      console.log(`    depth readings at init: ${JSON.stringify(report.depthReadings)}`);
      assert(report.depthReadings.Zeros.startsWith('every hidden unit outputs the same value (0)') && report.depthReadings.Zeros.includes('only the output bias learns'), `zeros reading: ${report.depthReadings.Zeros}`);
      const readings = await page.locator('.learn-readings li').allTextContents();
      assert(readings.length === 4 + 3, `4 init lines and 3 training steps: ${readings.length}`);
      assert((await page.locator('.learn-depth .learn-chart-canvas').count()) === 4, 'two charts per depth lab');
      await section(page, 'Depth lab').screenshot({ path: `${SHOTS}learn-depth.png` });

      // 5. dropout comparison: verdict and metric toggle
      const verdict = page.locator('.learn-verdict');
      assert(((await verdict.textContent()) ?? '').includes('dropout narrowed it by'), 'verdict');
      await page.locator('.learn-dropout select').selectOption('loss');
      await eventually(() => page.locator('.learn-dropout .learn-gaps dd').first().textContent(), (t) => (t ?? '').startsWith('train 0.'), 'loss view shows loss numbers');
      await page.locator('.learn-dropout select').selectOption('accuracy');
      await section(page, 'Dropout comparison').screenshot({ path: `${SHOTS}learn-dropout.png` });

      // 6. export: model.npz starts with a ZIP local header, model.py loads it
      const [npz] = await Promise.all([
        bounded(page.waitForEvent('download'), 8_000, 'the model.npz download'),
        page.getByRole('button', { name: 'Download model.npz' }).click(),
      ]);
      const bytes = await readFile(await bounded(npz.path(), 8_000, 'the model.npz file'));
      assert(npz.suggestedFilename() === 'model.npz' && bytes.readUInt32LE(0) === 0x04034b50, 'model.npz is a ZIP');
      const [py] = await Promise.all([
        bounded(page.waitForEvent('download'), 8_000, 'the model.py download'),
        page.getByRole('button', { name: 'Download model.py' }).click(),
      ]);
      const code = await readFile(await bounded(py.path(), 8_000, 'the model.py file'), 'utf8');
      assert(code.includes('nn.Linear(2, 8)') && code.includes('model.load_state_dict(sd)'), 'model.py builds the network and loads the weights');
      assert(code.trimEnd().endsWith('model.eval()'), 'model.py leaves the model ready to predict (evaluation mode)');
      const snippet = (await page.locator('.learn-export .learn-code').textContent()) ?? '';
      assert(snippet.includes('model.load_state_dict(sd)') && snippet.trimEnd().endsWith('model.eval()'), `the load snippet shown ends in model.eval(): ${snippet}`);
      await page.locator('.learn-export').screenshot({ path: `${SHOTS}learn-export.png` });
      await shot(page, 'learn-all', true);

      const violations = await axeViolations(page);
      assert(violations.length === 0, `accessibility (axe-core, WCAG A/AA): ${violations.join('; ')}`);
    },
  },
  {
    name: 'Learning views in the dark scheme',
    context: { colorScheme: 'dark' },
    async run({ page }) {
      await mountDemo(page);
      const surface = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--learn-paper').trim());
      assert(surface === '#10141a', `dark paper colour: ${surface}`);
      await section(page, 'Weights as pictures').screenshot({ path: `${SHOTS}learn-weights-dark.png` });
      await section(page, 'Depth lab').screenshot({ path: `${SHOTS}learn-depth-dark.png` });
      await section(page, 'Confusion matrix and mistakes').screenshot({ path: `${SHOTS}learn-confusion-dark.png` });
      await section(page, 'Decision boundary').screenshot({ path: `${SHOTS}learn-boundary-dark.png` });
      const violations = await axeViolations(page);
      assert(violations.length === 0, `accessibility in the dark scheme (axe-core, WCAG A/AA): ${violations.join('; ')}`);
    },
  },
  ...inPageTests,
];
