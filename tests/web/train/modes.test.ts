// When the two modes at inference are measured: at once when asked, one request at a time,
// a learner's request made while one is out sent when it answers, the gap kept while running.
import { describe, expect, it } from 'vitest';
import { INFERENCE_GAP_MS, ModesMeter, type ModesState } from '../../../web/src/train/page/modes';
import type { InferenceReport } from '../../../web/src/train/protocol';

function setup(state: ModesState) {
  const asked: number[] = [];
  const pending: ((r: InferenceReport) => void)[] = [];
  const answers: unknown[] = [];
  let clock = 0;
  const meter = new ModesMeter(
    (sample) => {
      asked.push(sample);
      return new Promise((resolve) => pending.push(resolve));
    },
    () => clock,
    () => state,
    (r) => answers.push(r),
  );
  const report = (step: number) => ({ step }) as unknown as InferenceReport;
  return { meter, asked, pending, answers, report, tick: (ms: number) => (clock += ms) };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('ModesMeter', () => {
  it('asks at once, keeps one request out, and sends a learner request made meanwhile when it answers', async () => {
    const state: ModesState = { on: true, live: true, running: false, step: 10, shownStep: null, run: 1 };
    const m = setup(state);
    m.meter.measure(true);
    m.meter.sample = 7;
    m.meter.measure(true); // Next test image while the first is out
    expect(m.asked).toEqual([-1]);
    m.pending.shift()!(m.report(10));
    await flush();
    expect(m.answers).toEqual([{ report: { step: 10 } }]);
    expect(m.asked).toEqual([-1, 7]);
  });

  it('follows the run: not again for the step on show, at most once a gap while running; nothing while off', async () => {
    const state: ModesState = { on: true, live: true, running: true, step: 10, shownStep: 10, run: 1 };
    const m = setup(state);
    m.meter.measure(false);
    expect(m.asked).toEqual([]);
    state.step = 20;
    m.meter.measure(false);
    expect(m.asked).toEqual([-1]);
    m.pending.shift()!(m.report(20));
    await flush();
    state.shownStep = 20;
    state.step = 30;
    m.meter.measure(false);
    expect(m.asked).toHaveLength(1);
    m.tick(INFERENCE_GAP_MS);
    m.meter.measure(false);
    expect(m.asked).toHaveLength(2);
    state.on = false;
    m.pending.shift()!(m.report(30));
    await flush();
    expect(m.answers).toHaveLength(1); // switched off meanwhile: the late answer is not shown
  });
});
