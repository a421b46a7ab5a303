// "Predict, then see": on the page (the "Predict first" switch), in an <iframe> embed with
// ask= (answers posted to the host page) and in the <layerlab-playground> element with an ask
// attribute (a layerlab-answer event). Each question gets a wrong answer (its slip named) and
// a right one. Screenshots: test-output/screenshots/predict-*.png.
import { assert, eventually, ready, shot, waitUntil } from './harness.mjs';
import { axeOnPanel } from './flows-learn-page.mjs';

const HASH = '#in=32x784&net=linear(256),relu,dropout(0.2),linear(10)&seed=1';

// For Linear(784, 256) → ReLU → Dropout(0.2) → Linear(256, 10) on a batch of 32.
const ANSWERS = {
  shape: { right: '(32, 256)', wrong: '(784, 256)', slip: /W's shape/ },
  params: { right: '200,960', wrong: '200704', slip: /forgot the bias/ },
  total: { right: '203530', wrong: '203264', slip: /forgot the biases/ },
  memory: { right: '795 KB', wrong: '203,530 bytes', slip: /4 bytes/ },
  macs: { right: '6,504,448', wrong: '203264', slip: /one sample/ },
  keep: { right: '80%', wrong: '0.2', slip: /You used p/ },
  scale: { right: '1.25', wrong: '5', slip: /p instead of 1 − p/ },
  mode: { right: 'train-only', wrong: 'both', slip: /left on at inference/ },
  init: { right: 'he', wrong: 'lecun', slip: /ReLU halves/ },
};

/** Answers question `id` in `scope` (a page or frame locator) and returns the result's status and text. */
async function answer(scope, id, text) {
  const input = scope.locator(`[data-predict-input="${id}"]`);
  if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(text);
  else await input.fill(text);
  await scope.locator(`[data-predict-check="${id}"]`).click();
  const result = scope.locator(`[data-predict-result="${id}"]`);
  await result.waitFor({ state: 'visible' });
  return { status: await result.getAttribute('data-status'), text: await result.textContent() };
}

async function answerAll(scope, ids) {
  const problems = [];
  for (const id of ids) {
    const a = ANSWERS[id];
    const wrong = await answer(scope, id, a.wrong);
    if (wrong.status !== 'wrong' || !a.slip.test(wrong.text)) problems.push(`${id} wrong "${a.wrong}": ${wrong.status} ${wrong.text}`);
    const right = await answer(scope, id, a.right);
    if (right.status !== 'correct') problems.push(`${id} right "${a.right}": ${right.status} ${right.text}`);
  }
  return problems;
}

const hiddenFigure = (scope, selector) => scope.locator(selector).first().evaluate((e) => getComputedStyle(e).visibility === 'hidden');

export const predictTests = [
  {
    name: 'Predict first on the page: figures hidden until answered, a wrong and a right answer to each question',
    limitMs: 90_000,
    async run({ page }) {
      await page.goto(`${new URL(page.url()).origin}/${HASH}`);
      await ready(page);
      await page.locator('[data-predict="switch"]').click();
      await page.locator('[data-predict-input="total"]').waitFor();
      assert(await hiddenFigure(page, '[data-total="parameters"]'), 'the total is hidden before it is predicted');
      assert(await hiddenFigure(page, '.block-card [data-stat="output-shape"]'), "the blocks' output shapes are hidden before they are predicted");
      await shot(page, 'predict-hidden');
      await page.locator('[data-predict-input="memory"]').fill('0.8 parsecs');
      await page.locator('[data-predict-check="memory"]').click();
      const unreadable = await page.locator('[data-predict-result="memory"]').textContent();
      assert(/Expected a size such as 919 KB/.test(unreadable), `an unreadable size is explained: ${unreadable}`);
      const problems = await answerAll(page, Object.keys(ANSWERS));
      assert(problems.length === 0, `answers judged wrongly:\n${problems.join('\n')}`);
      assert(!(await hiddenFigure(page, '[data-total="parameters"]')), 'the total shows once predicted');
      assert((await page.locator('[data-total="parameters"]').textContent()).includes('203,530'), 'the revealed figure is the predicted one');
      const violations = await axeOnPanel(page, '[data-panel="predict"]');
      assert(violations.length === 0, `accessibility of the predict panel (axe-core): ${violations.join('; ')}`);
      await page.locator('[data-panel="predict"]').scrollIntoViewIfNeeded();
      await shot(page, 'predict-page');
    },
  },
  {
    name: 'Predict first in an iframe embed (ask=): answers posted to the host page',
    limitMs: 90_000,
    async run({ page }) {
      const origin = new URL(page.url()).origin;
      // The host page is written into the dev server's origin (Chromium refuses a localhost
      // frame inside about:blank); the frame is the embed page as any host would load it.
      await page.setContent(`<!doctype html><title>Exercise</title><link rel="icon" href="data:,"><h1>Exercise</h1>
        <iframe src="${origin}/?embed=1&ask=shape,memory,keep${HASH}" width="900" height="900" title="layerlab"></iframe>`);
      await page.evaluate(() => {
        window.answers = [];
        addEventListener('message', (e) => {
          if (e.data?.type === 'layerlab:answer') window.answers.push(e.data);
        });
      });
      const frame = page.frameLocator('iframe');
      await frame.locator('[data-predict-input="shape"]').waitFor({ timeout: 30_000 });
      const asked = await frame.locator('[data-question]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-question')));
      assert(asked.join() === 'shape,memory,keep', `only the asked questions: ${asked}`);
      const problems = await answerAll(frame, ['shape', 'memory', 'keep']);
      assert(problems.length === 0, `answers judged wrongly:\n${problems.join('\n')}`);
      const posted = await eventually(() => page.evaluate(() => window.answers), (a) => a.length === 6, 'six answers posted to the host');
      assert(JSON.stringify(posted[0]) === JSON.stringify({ type: 'layerlab:answer', question: 'shape', answer: '(784, 256)', correct: false }), `message: ${JSON.stringify(posted[0])}`);
      assert(posted[5].question === 'keep' && posted[5].correct === true, `last message: ${JSON.stringify(posted[5])}`);
      await shot(page, 'predict-iframe');
    },
  },
  {
    name: 'Predict first in the element (ask attribute): a layerlab-answer event, bubbling and composed',
    limitMs: 90_000,
    async run({ page }) {
      await page.evaluate(async () => {
        await import('/src/embed/layerlab-playground.ts');
        window.events = [];
        document.addEventListener('layerlab-answer', (e) => window.events.push({ detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
        const host = document.createElement('layerlab-playground');
        host.id = 'exercise';
        host.setAttribute('net', 'linear(256),relu,dropout(0.2),linear(10)');
        host.setAttribute('input', '32x784');
        host.setAttribute('ask', 'scale,mode,bogus');
        document.body.prepend(host);
      });
      await waitUntil(page, () => document.getElementById('exercise')?.shadowRoot?.querySelector('[data-predict-input="scale"]'), 'the element to ask its questions');
      const element = page.locator('#exercise');
      const notice = await element.locator('.notice').first().textContent();
      assert(/ask: unknown name "bogus"/.test(notice), `the unreadable ask value is named: ${notice}`);
      const problems = await answerAll(element, ['scale', 'mode']);
      assert(problems.length === 0, `answers judged wrongly:\n${problems.join('\n')}`);
      const events = await page.evaluate(() => window.events);
      assert(events.length === 4 && events.every((e) => e.bubbles && e.composed), `events: ${JSON.stringify(events)}`);
      assert(JSON.stringify(events[1].detail) === JSON.stringify({ question: 'scale', answer: '1.25', correct: true }), `detail: ${JSON.stringify(events[1].detail)}`);
      await element.scrollIntoViewIfNeeded();
      await shot(page, 'predict-element');
    },
  },
];
