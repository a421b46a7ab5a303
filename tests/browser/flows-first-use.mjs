// What a new learner and an instructor meet first (issue 14) and the shape-error rule (issue
// 10): the default network, the course preset, a network over the memory budget, adding
// after the selected block, Remove with undo/redo, the Tiny preset's numbers, p = 1. Every
// wait has its own time limit and says what it waited for.
import { assert, card, eventually, kinds, outputShapes, shot, total } from './harness.mjs';

const WAIT = 8_000;

/** Opens `hash` on the page's own URL as a fresh load. */
async function open(page, hash) {
  const base = page.url().replace(/#.*/, '');
  await page.goto('about:blank');
  await page.goto(base + hash);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20_000 });
}

async function announced(page) {
  return page.locator('[data-announcer="blocks"]').textContent();
}

async function focusedCardIndex(page) {
  return page.evaluate(() => [...document.querySelectorAll('.block-card')].indexOf(document.activeElement));
}

export const firstUseTests = [
  {
    name: 'First visit: the course network, whose Dropout shows what the training switch does',
    async run({ page }) {
      const course = '(32, 256)|(32, 256)|(32, 256)|(32, 128)|(32, 128)|(32, 128)|(32, 10)';
      await eventually(() => outputShapes(page), (s) => s.join('|') === course, 'the default network is the course network');
      // With the default data set's 64 inputs: 64·256 + 256 + 256·128 + 128 + 128·10 + 10.
      assert((await total(page, 'parameters')) === '50,826', `total parameters: ${await total(page, 'parameters')}`);
      const dropout = card(page, 3);
      assert((await dropout.getAttribute('data-kind')) === 'dropout', 'block 3 is the Dropout');
      await dropout.locator('.mask-grid').waitFor({ state: 'visible', timeout: WAIT });
      await dropout.scrollIntoViewIfNeeded({ timeout: WAIT });
      await shot(page, 'first-visit-dropout');
      await page.getByRole('switch', { name: 'Training mode' }).click({ timeout: WAIT });
      await dropout.locator('.passthrough').waitFor({ state: 'visible', timeout: WAIT });
      await dropout.locator('.mask-grid').waitFor({ state: 'hidden', timeout: WAIT });
      // The course preset is the same network.
      await page.getByRole('button', { name: 'Course 3-layer with dropout', exact: true }).click({ timeout: WAIT });
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,dropout,linear,relu,dropout,linear', 'course preset blocks');
      await eventually(() => total(page, 'parameters'), (t) => t === '235,146', 'course preset: 235,146 parameters');
      const flops = await page.locator('[data-total="flops"]').textContent({ timeout: WAIT });
      assert(flops === 'FLOPs ≈ 2 × multiply-adds = 15,024,128 (15.0 M)', `FLOPs line: ${flops}`);
    },
  },
  {
    name: 'Over the memory budget: arithmetic for every block, block 5 marked as a budget refusal',
    async run({ page }) {
      await open(page, '#net=linear(256),relu,linear(65536),relu,linear(65536)');
      await eventually(
        () => outputShapes(page),
        (s) => s.join('|') === '(32, 256)|(32, 256)|(32, 65536)|(32, 65536)|(32, 65536)',
        'every block shows its shape',
      );
      const params = await page.locator('.block-card [data-stat="parameters"]').allTextContents();
      assert(params.join('|') === '200,960|0|16,842,752|0|4,295,032,832', `parameters per block: ${params.join('|')}`);
      const names = await page.locator('.block-card .block-name').allTextContents();
      assert(names.join('|') === 'Linear(784, 256)|ReLU()|Linear(256, 65536)|ReLU()|Linear(65536, 65536)', `titles: ${names.join('|')}`);
      assert((await total(page, 'parameters')) === '4,312,076,544', `total: ${await total(page, 'parameters')}`);
      const marked = await page.locator('.block-card.is-error').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
      assert(marked.join() === 'b5', `only block 5 is marked: ${marked.join()}`);
      const error = (await card(page, 5).locator('.block-error').textContent({ timeout: WAIT })) ?? '';
      assert(/^Over the memory budget: .*budget refusal, not a shape error\./.test(error), `block 5 says why: ${error}`);
      assert(!/Shape error/.test(error), 'not called a shape error');
      const status = (await page.locator('.panel-totals .status').textContent({ timeout: WAIT })) ?? '';
      assert(status.startsWith('Budget refusal (not a shape error): block 5'), `totals status: ${status}`);
      assert((await card(page, 1).locator('.block-error').isHidden()), 'block 1 is not blamed');
      await card(page, 5).scrollIntoViewIfNeeded({ timeout: WAIT });
      await shot(page, 'over-budget');
    },
  },
  {
    name: 'Shape error: the failing block shows its parameters, the totals count them, the rule is stated',
    async run({ page }) {
      await open(page, '#net=linear(256),relu,linear(128,in=100),relu,linear(10)');
      await card(page, 3).locator('.block-error').waitFor({ state: 'visible', timeout: WAIT });
      assert((await card(page, 3).locator('[data-stat="parameters"]').textContent()) === '12,928', 'Linear(100, 128) shows 12,928');
      assert((await card(page, 3).locator('[data-stat="multiply-adds"]').textContent()) === '—', 'its multiply-adds are unknown');
      assert((await card(page, 5).locator('[data-stat="parameters"]').textContent()) === '1,290', 'a later block shows its parameters');
      assert((await card(page, 5).locator('[data-stat="output-shape"]').textContent()) === '—', 'a later block’s shape is unknown');
      assert((await total(page, 'parameters')) === '215,178', `total counts them: ${await total(page, 'parameters')}`);
      const status = (await page.locator('.panel-totals .status').textContent({ timeout: WAIT })) ?? '';
      assert(status.includes('Parameters count every block, whatever its input shape'), `rule stated: ${status}`);
    },
  },
  {
    name: 'Add after the selected block: scrolled to, focused, announced; Remove, undo and redo',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page }) {
      await page.getByRole('button', { name: 'MNIST MLP', exact: true }).click({ timeout: WAIT });
      await kindsAre(page, 'linear,relu,linear,relu,linear', 'MNIST loaded');
      // Select block 2 (the first ReLU) by clicking its description; the palette says where.
      await card(page, 2).locator('.block-description').click({ timeout: WAIT });
      const where = await page.locator('#palette-where').textContent({ timeout: WAIT });
      assert(where === 'New blocks go after block 2 (ReLU).', `palette hint: ${where}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Add Dropout', exact: true }).click({ timeout: WAIT });
      await kindsAre(page, 'linear,relu,dropout,linear,relu,linear', 'Dropout inserted after block 2');
      await eventually(() => focusedCardIndex(page), (i) => i === 2, 'the new block has focus');
      await eventually(() => announced(page), (t) => t === 'Added Dropout as block 3 of 6.', 'the addition is announced');
      await eventually(
        () => card(page, 3).evaluate((n) => { const b = n.getBoundingClientRect(); return b.top < innerHeight && b.bottom > 0; }),
        (v) => v === true,
        'the new block is scrolled into view',
      );
      await shot(page, 'added-after-selected');
      // Remove block 4 with the keyboard: focus goes to the block now in its place.
      await card(page, 4).getByRole('button', { name: /^Remove/ }).focus({ timeout: WAIT });
      await page.keyboard.press('Enter');
      await kindsAre(page, 'linear,relu,dropout,relu,linear', 'block 4 removed');
      await eventually(() => focusedCardIndex(page), (i) => i === 3, 'focus on the neighbour (new block 4)');
      await eventually(() => announced(page), (t) => t === 'Removed Linear (block 4). Undo: Ctrl+Z.', 'the removal is announced');
      await page.keyboard.press('Control+z');
      await kindsAre(page, 'linear,relu,dropout,linear,relu,linear', 'Ctrl+Z brings it back');
      await page.keyboard.press('Control+Shift+z');
      await kindsAre(page, 'linear,relu,dropout,relu,linear', 'Ctrl+Shift+Z removes it again');
      await page.getByRole('button', { name: 'Undo', exact: true }).click({ timeout: WAIT });
      await kindsAre(page, 'linear,relu,dropout,linear,relu,linear', 'the Undo button');
      await page.getByRole('button', { name: 'Redo', exact: true }).click({ timeout: WAIT });
      await kindsAre(page, 'linear,relu,dropout,relu,linear', 'the Redo button');
      // In a text field Ctrl+Z is the field's own undo, not the network's.
      const out = card(page, 1).getByRole('textbox', { name: 'Out features' });
      await out.focus({ timeout: WAIT });
      await page.keyboard.press('Control+z');
      // Give a wrong undo its frame to show up (a bounded wait), then check nothing changed.
      await page.waitForTimeout(100);
      await kindsAre(page, 'linear,relu,dropout,relu,linear', 'Ctrl+Z in a field leaves the network');
      assert((await page.getByRole('button', { name: 'Redo', exact: true }).getAttribute('aria-disabled')) === 'true', 'nothing was undone');
      // Removing the last block focuses the one before it.
      await card(page, 5).getByRole('button', { name: /^Remove/ }).click({ timeout: WAIT });
      await eventually(() => focusedCardIndex(page), (i) => i === 3, 'focus on the previous block');
      // "Add at the end instead" forgets the selection.
      await card(page, 2).locator('.block-description').click({ timeout: WAIT });
      await page.getByRole('button', { name: 'Add at the end instead' }).click({ timeout: WAIT });
      await eventually(() => page.locator('#palette-where').textContent(), (t) => t === 'New blocks go at the end.', 'palette back to the end');
      await page.getByRole('button', { name: 'Add Tanh', exact: true }).click({ timeout: WAIT });
      await kindsAre(page, 'linear,relu,dropout,relu,tanh', 'Tanh added at the end');
    },
  },
  {
    name: 'Tiny 3→4→2: x, W, b and y as numbers; a cell’s row, column and value on hover and focus',
    async run({ page }) {
      await page.getByRole('button', { name: 'Tiny 3→4→2', exact: true }).click({ timeout: WAIT });
      const first = card(page, 1);
      await first.locator('.number-tables').waitFor({ state: 'visible', timeout: WAIT });
      const captions = await first.locator('.number-table caption').allTextContents();
      assert(captions.join('|') === 'x (1, 3)|W (3, 4)|b (4,)|y (1, 4)', `tables: ${captions.join('|')}`);
      assert((await first.locator('[data-tensor="W"] td').count()) === 12, 'W has 12 numbers');
      // y[0][0] = x[0] · W[:, 0] + b[0], from the printed numbers (three decimals).
      const cells = async (name) => (await first.locator(`[data-tensor="${name}"] td`).allTextContents()).map((t) => Number(t.replace('−', '-')));
      const [x, w, b, y] = [await cells('x'), await cells('W'), await cells('b'), await cells('y')];
      assert(x.join() === '1,2,3', `x is the seed example's [[1, 2, 3]]: ${x.join()}`);
      const y00 = x[0] * w[0] + x[1] * w[4] + x[2] * w[8] + b[0];
      assert(Math.abs(y00 - y[0]) < 0.005, `y[0][0] = ${y[0]} checks by hand (${y00.toFixed(4)})`);
      // Hover: the readout names the cell; it matches the printed y.
      const heatmap = first.locator('canvas.heatmap');
      // The mouse only reaches what is in the viewport (the training panels make the page longer).
      await heatmap.scrollIntoViewIfNeeded({ timeout: WAIT });
      const box = await heatmap.boundingBox({ timeout: WAIT });
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.1);
      const readout = first.locator('.figure-heatmap .cell-readout');
      await eventually(() => readout.textContent(), (t) => /^row 1, column 3: /.test(t ?? ''), 'hover names row 1, column 3');
      const shown = Number(((await readout.textContent()) ?? '').split(': ')[1]);
      assert(Math.abs(shown - y[2]) < 0.01, `hovered value ${shown} is y[0][2] = ${y[2]}`);
      // Keyboard: focus the picture, then arrows.
      await heatmap.focus({ timeout: WAIT });
      await page.keyboard.press('ArrowRight');
      await eventually(() => readout.textContent(), (t) => /^row 1, column 4: /.test(t ?? ''), 'arrow keys move the cell');
      assert((await first.locator('.figure-heatmap .legend').isVisible()), 'a colour legend beside the heatmap');
      await first.scrollIntoViewIfNeeded({ timeout: WAIT });
      await shot(page, 'tiny-numbers');
      const pytorch = (await page.locator('#panel-pytorch code').textContent({ timeout: WAIT })) ?? '';
      assert(pytorch.includes('PyTorch stores W as (out, in)'), 'the PyTorch export notes W is (out, in)');
    },
  },
  {
    name: 'Dropout at p = 1: the card says no element survives',
    async run({ page }) {
      await open(page, '#in=4x8&net=dropout(1)');
      const summary = card(page, 1).locator('.mask-summary');
      await summary.waitFor({ state: 'visible', timeout: WAIT });
      const text = (await summary.textContent()) ?? '';
      assert(text.includes('no element survives') && !text.includes('×0.00'), `p = 1 summary: ${text}`);
      // The mask's cells read out too, with a legend beside it.
      const mask = card(page, 1).locator('canvas.mask-grid');
      await mask.focus({ timeout: WAIT });
      await page.keyboard.press('ArrowRight');
      const readout = card(page, 1).locator('.figure-mask .cell-readout');
      await eventually(() => readout.textContent(), (t) => t === 'row 1, column 2: dropped (0)', 'mask cell readout');
      assert(await card(page, 1).locator('.legend-mask').isVisible(), 'mask legend');
    },
  },
];

/** Waits until the blocks' kinds read `expected` (comma-separated). */
function kindsAre(page, expected, what) {
  return eventually(() => kinds(page), (k) => k.join(',') === expected, what);
}
