// Issue 20, findings 4 to 7 (their non-import parts): what the page teaches must hold as a
// learner meets it. A first visit that trains at once with the block cards on the first screen,
// the course's examples reproduced exactly (typed x, Tiny with Sigmoid, two Dropouts, the
// course's FLOPs and memory beside the page's), an honest dropout comparison, and the Train
// panel's words and focus. Every wait has its own limit and says what it waited for.
import { assert, card, eventually, kinds, shot, total, waitUntil } from './harness.mjs';

const WAIT = 10_000;

async function open(page, hash = '') {
  const base = page.url().replace(/[#?].*$/, '');
  await page.goto('about:blank');
  await page.goto(`${base}?testhooks=1${hash}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && window.__layerlabTrain !== undefined, null, { timeout: 20_000 });
}

const train = (page, name) => page.locator(`[data-train="${name}"]`);
const status = (page) => page.evaluate(() => window.__layerlabTrain.status());
const top = (locator) => locator.evaluate((n) => n.getBoundingClientRect().top + window.scrollY);

export const teachTests = [
  {
    name: 'Teaching: a first visit trains at once on its data set, the block cards on the first screen (1366×900)',
    context: { viewport: { width: 1366, height: 900 } },
    async run({ page }) {
      await open(page);
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,dropout,linear,relu,dropout,linear', 'the course network (two Dropouts)');
      assert((await card(page, 1).locator('.block-name').textContent()) === 'Linear(64, 256)', 'the first Linear takes the digits’ 64 inputs');
      assert((await total(page, 'parameters')) === '50,826', `parameters: ${await total(page, 'parameters')}`);
      // No warning, Play enabled: the network fits the default data set.
      assert(await train(page, 'fit-box').isHidden(), 'no "does not fit" warning');
      assert(await train(page, 'play').isEnabled(), 'Play is enabled');
      const cardTop = await top(card(page, 1));
      assert(cardTop < 900, `the first block card starts on the first screen: top ${cardTop.toFixed(0)} px`);
      // The training panels are beside or below the cards, not above them.
      const curvesTop = await top(page.locator('[data-panel="curves"], .train-curves').first());
      assert(curvesTop > cardTop, `the curves come after the cards (${curvesTop.toFixed(0)} > ${cardTop.toFixed(0)})`);
      console.log(`    first block card's top at 1366×900: ${cardTop.toFixed(0)} px; curves at ${curvesTop.toFixed(0)} px`);
      await shot(page, 'first-visit-1366x900');
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'running' && s.step > 0, 'training runs on the default data set', 20_000);
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'paused', 'Pause stops it');
    },
  },
  {
    name: 'Teaching: on a phone the block cards come before the training panels',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    async run({ page }) {
      await open(page);
      await card(page, 1).waitFor({ state: 'visible', timeout: WAIT });
      const cardTop = await top(card(page, 1));
      const trainTop = await top(page.locator('.train-panel, [data-panel="train"]').first());
      assert(cardTop < trainTop, `cards (${cardTop.toFixed(0)} px) before the Train panel (${trainTop.toFixed(0)} px)`);
      assert(cardTop < 4 * 844, `the first card within four screens: ${cardTop.toFixed(0)} px`);
      console.log(`    first block card's top at 390×844: ${cardTop.toFixed(0)} px; Train panel at ${trainTop.toFixed(0)} px`);
      // The tab order is the order seen: Tab from the last card's controls reaches the Train panel's.
      const order = await page.evaluate(() => {
        const cards = document.querySelector('.workspace > .network');
        const train = document.querySelector('.panel-train');
        return cards && train ? cards.compareDocumentPosition(train) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
      });
      assert(order !== 0, 'the Train panel follows the cards in the document too, not only on screen');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 390, `no sideways scrolling: ${width} px`);
      await shot(page, 'first-visit-390');
      // Widened to two columns, the panel goes back to the top of the sidebar, its settings kept.
      await train(page, 'lr').fill('0.01');
      await train(page, 'lr').press('Tab');
      await page.setViewportSize({ width: 1366, height: 900 });
      await eventually(() => page.evaluate(() => document.querySelector('.sidebar')?.firstElementChild?.classList.contains('panel-train') ?? false), (v) => v === true, 'the Train panel tops the sidebar at 1366 px');
      assert((await train(page, 'lr').inputValue()) === '0.01', 'the learning rate typed on the phone is kept');
    },
  },
];

const percent = (text) => Number(text.replace(' %', '')) / 100;

teachTests.push(
  {
    name: "Teaching: the course's examples exactly: typed x = [[1, 2, 3]], Tiny ends in Sigmoid, two Dropouts, the course's FLOPs and memory",
    async run({ page }) {
      await open(page);
      await page.getByRole('button', { name: 'Tiny 3→4→2', exact: true }).click({ timeout: WAIT });
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,linear,sigmoid', 'the seed example ends in Sigmoid');
      const x = page.locator('[data-input="typed"]');
      await eventually(() => x.inputValue(), (v) => v === '[[1, 2, 3]]', 'x is typed as the course writes it');
      const tensor = page.locator('[data-stat="input-tensor"]');
      assert((await tensor.textContent()) === '(1, 3)', `input tensor: ${await tensor.textContent()}`);
      // A bad cell: the error names row and column, the text stays, the network is kept.
      await x.fill('[[1, 2, 3], [4, x, 6]]');
      const error = page.locator(`[id="${await x.getAttribute('aria-describedby')}"]`);
      await eventually(() => error.textContent(), (t) => t === 'Row 2, column 2: "x" is not a number', 'the error names row 2, column 2');
      assert((await x.inputValue()) === '[[1, 2, 3], [4, x, 6]]', 'the typed text is kept');
      assert((await tensor.textContent()) === '(1, 3)', 'the input is unchanged while the text is wrong');
      await x.fill('[[1, 2, 3], [4, 5, 6]]');
      await eventually(() => tensor.textContent(), (t) => t === '(2, 3)', 'two typed rows make a batch of 2');
      await eventually(() => card(page, 4).locator('[data-stat="output-shape"]').textContent(), (t) => t === '(2, 2)', 'the Sigmoid gives (2, 2)');
      await eventually(() => page.evaluate(() => location.hash), (h) => h.includes('data=typed&x=1,2,3;4,5,6'), 'the link carries the typed values');
      await shot(page, 'typed-input');
      // The course network as the module writes it, and its figures counted the course's way.
      await page.getByRole('button', { name: 'Course 3-layer with dropout', exact: true }).click({ timeout: WAIT });
      await eventually(() => kinds(page), (k) => k.join(',') === 'linear,relu,dropout,linear,relu,dropout,linear', 'Dropout(0.5) and Dropout(0.3)');
      assert((await card(page, 6).getByRole('textbox', { name: 'p' }).inputValue()) === '0.3', 'the second Dropout has p = 0.3');
      assert((await total(page, 'parameters')) === '235,146', 'the course’s 235,146 parameters');
      const flops = (await page.locator('[data-total="flops"]').textContent()) ?? '';
      assert(flops === 'FLOPs ≈ 2 × multiply-adds = 15,024,128 (15.0 M)', `the page's FLOPs: ${flops}`);
      const courseFlops = (await page.locator('[data-total="course-flops"]').textContent()) ?? '';
      assert(courseFlops.includes('(one multiply-add = one FLOP): 7,512,064 ≈ 7.5 million, the same work as the 15.0 M above'), `the course's FLOPs beside it: ${courseFlops}`);
      const courseMemory = (await page.locator('[data-total="course-memory"]').textContent()) ?? '';
      assert(courseMemory.includes('32 × (784 + 256 + 128 + 10) × 4 B = 150,784 B = 147.3 KiB'), `the course's ≈ 147 KB beside the page's figure: ${courseMemory}`);
      await page.locator('.panel-totals').screenshot({ path: `${(await import('./harness.mjs')).SHOTS}course-counts.png` });
    },
  },
  {
    name: 'Teaching: the Train panel names where the Training mode switch is, and the one-click fit hands focus to Play',
    async run({ page }) {
      await open(page);
      const words = (await page.locator('.panel-train .panel-foot').first().textContent()) ?? '';
      const panelTop = await top(page.locator('.panel-train'));
      const switchTop = await top(page.getByRole('switch', { name: 'Training mode' }));
      // Whatever the words say about where the switch is must hold on the page.
      if (/above/.test(words)) assert(switchTop < panelTop, `"above" but the switch is below the panel (${switchTop.toFixed(0)} > ${panelTop.toFixed(0)}): ${words}`);
      if (/below/.test(words)) assert(switchTop > panelTop, `"below" but the switch is above the panel: ${words}`);
      assert(/Training mode switch \(in the Mode panel\)/.test(words), `the switch is named by its panel: ${words}`);
      const modePanel = page.locator('section', { has: page.getByRole('heading', { name: 'Mode', exact: true }) });
      assert((await modePanel.getByRole('switch', { name: 'Training mode' }).count()) === 1, 'the Mode panel holds the switch');
      // A network that does not fit digits (784 inputs), fixed in one click.
      await page.getByRole('button', { name: 'MNIST MLP', exact: true }).click({ timeout: WAIT });
      await train(page, 'fit').waitFor({ state: 'visible', timeout: WAIT });
      await train(page, 'fit').click();
      await train(page, 'fit-box').waitFor({ state: 'hidden', timeout: WAIT });
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-train') ?? document.activeElement?.tagName), (f) => f === 'play', 'focus on Play after the fit (not the page body)');
    },
  },
  {
    name: 'Teaching: the dropout comparison compares like with like and never praises dropout while it loses',
    limitMs: 120_000,
    async run({ page }) {
      // The first visit's network, named in full so this flow does not depend on the default.
      await open(page, '#in=32x64&net=linear(256),relu,dropout(0.5),linear(128),relu,dropout(0.3),linear(10)');
      const compare = page.locator('[data-learn="compare"]');
      await compare.check({ timeout: WAIT });
      const verdict = page.locator('.learn-dropout .learn-verdict');
      await train(page, 'step').click();
      await eventually(() => verdict.textContent(), (t) => /^Too early to tell: 0 of 3 epochs/.test(t ?? ''), 'too early before any epoch', 20_000);
      await train(page, 'play').click();
      const gaps = page.locator('.learn-dropout .learn-gaps dd');
      await eventually(() => gaps.allTextContents(), (t) => t.length === 2 && t.every((x) => /epoch ([4-9]|\d\d)\)/.test(x)), 'four epochs of both runs', 90_000);
      await train(page, 'play').click();
      await eventually(() => status(page), (s) => s.status === 'paused', 'paused');
      const rows = await gaps.allTextContents();
      assert(rows.every((r) => r.includes('(both in evaluation mode)')), `both runs measured the same way: ${rows.join(' | ')}`);
      const note = (await page.locator('[data-learn="compare-note"]').textContent()) ?? '';
      assert(note.startsWith('Like with like: both runs are scored at each epoch’s end in evaluation mode'), `the note says how: ${note}`);
      const kind = await verdict.getAttribute('data-verdict');
      const text = (await verdict.textContent()) ?? '';
      const m = /test accuracy ([\d.]+ %) with dropout, ([\d.]+ %) without \(epoch (\d+)\)/.exec(text);
      assert(m !== null, `the verdict gives both test figures: ${text}`);
      const [withDropout, without] = [percent(m[1]), percent(m[2])];
      if (kind === 'wins') assert(withDropout > without, `"helps" only with higher test accuracy: ${text}`);
      if (kind === 'loses') assert(withDropout < without && /^Dropout costs accuracy here/.test(text), `a loss said plainly: ${text}`);
      if (withDropout < without) assert(kind !== 'wins' && !/helps|narrowed it by/.test(text), `no praise while dropout is behind: ${text}`);
      console.log(`    dropout comparison on the first visit (digits): ${text}`);
      await page.locator('.learn-dropout').screenshot({ path: `${(await import('./harness.mjs')).SHOTS}dropout-verdict.png` });
    },
  },
);
