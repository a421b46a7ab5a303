// "Check your layer" in the page and in an embedded page: each case's Python, as the page
// shows it, is run by NumPy with the course's layers (tests/web/learn/check/course_layers.py),
// correct and with each named bug; what it printed is pasted back and the verdict read.
// Screenshots: test-output/screenshots/check-*.png.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, assert, ready, shot } from './harness.mjs';
import { axeOnPanel } from './flows-learn-page.mjs';

const LAYERS = `${ROOT}tests/web/learn/check/course_layers.py`;

/** Each layer the tab offers, with the named bugs it can show (the module's list, as the unit tests use it). */
const KINDS = JSON.parse(readFileSync(`${ROOT}tests/web/learn/check/named-bugs.json`, 'utf8'));

function runNotebook(jobs) {
  return JSON.parse(execFileSync('/usr/bin/python3', [LAYERS], { input: JSON.stringify(jobs), encoding: 'utf8', timeout: 60_000 }));
}

async function openCheckTab(page) {
  await page.getByRole('tab', { name: 'Check your layer' }).click();
}

/** Checks each (kind, bug) on the page as it is; returns the verdicts read, one per job. */
async function checkAll(page, kinds) {
  const jobs = [];
  for (const [kind, bugs] of Object.entries(kinds)) {
    await page.locator('[data-check="kind"]').selectOption(kind);
    const code = await page.locator('[data-check="python"]').textContent();
    for (const bug of [null, ...bugs]) jobs.push({ kind, bug, code, seed: jobs.length });
  }
  const printed = runNotebook(jobs.map(({ code, bug, seed }) => ({ code, bug, seed })));
  const wrong = [];
  for (const [i, job] of jobs.entries()) {
    await page.locator('[data-check="kind"]').selectOption(job.kind);
    await page.locator('[data-check="output"]').fill(printed[i]);
    await page.locator('[data-check="run"]').click();
    const verdict = page.locator('[data-check="verdict"]');
    await verdict.waitFor({ state: 'visible' });
    const got = await verdict.evaluate((v) => (v.dataset.status === 'bug' ? v.dataset.bug : v.dataset.status));
    if (got !== (job.bug ?? 'correct')) wrong.push(`${job.kind} ${job.bug ?? 'correct'} → ${got}: ${await verdict.textContent()}`);
  }
  return wrong;
}

export const checkTests = [
  {
    name: 'Check your layer: the reference and every named bug, from NumPy, on the page',
    limitMs: 120_000,
    async run({ page }) {
      await openCheckTab(page);
      const wrong = await checkAll(page, KINDS);
      assert(wrong.length === 0, `verdicts that differ from the layer that printed them:\n${wrong.join('\n')}`);
      // A bug as the learner sees it, then unreadable text.
      await page.locator('[data-check="kind"]').selectOption('dropout-train');
      const code = await page.locator('[data-check="python"]').textContent();
      const [printed] = runNotebook([{ code, bug: 'dropout-no-scale', seed: 1 }]);
      await page.locator('[data-check="output"]').fill(printed);
      await page.locator('[data-check="run"]').click();
      await page.locator('[data-check="verdict"]').scrollIntoViewIfNeeded();
      await shot(page, 'check-dropout-no-scale');
      await page.locator('[data-check="kind"]').selectOption('linear');
      await page.locator('[data-check="output"]').fill('array([[ 0.5, -1.2,  0.3],\n       [ 1.1,  x  , -0.2]])');
      await page.locator('[data-check="run"]').click();
      const text = await page.locator('[data-check="verdict"]').textContent();
      assert(text.includes("Line 2, column 19: expected '(' after 'x', found ','"), `the unreadable paste is located: ${text}`);
      await shot(page, 'check-unreadable');
      const violations = await axeOnPanel(page, '.panel-export');
      assert(violations.length === 0, `accessibility of the Check your layer tab (axe-core): ${violations.join('; ')}`);
    },
  },
  {
    name: 'Check your layer: in an embedded page (a right and a wrong Linear, Dropout left on at inference)',
    limitMs: 90_000,
    async run({ page }) {
      const base = new URL(page.url());
      await page.goto(`${base.origin}/?embed=1#in=4x3&net=linear(3),relu`);
      await ready(page);
      await openCheckTab(page);
      const wrong = await checkAll(page, { linear: ['bias-missing'], 'dropout-eval': ['dropout-on-at-inference'] });
      assert(wrong.length === 0, `verdicts in the embed:\n${wrong.join('\n')}`);
      await shot(page, 'check-embed');
    },
  },
];
