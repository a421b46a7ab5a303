// What an embed tells the host page about training, and how often.
import { describe, expect, it } from 'vitest';
import type { TrainView } from '../../../web/src/train/page/controller';
import { TRAIN_REPORT_GAP_MS, type TrainReport, TrainReporter, trainMessage, trainReport } from '../../../web/src/share/train-message';

function view(status: TrainView['state']['status'], step: number, epochs: { step: number; testLoss: number; testAccuracy: number }[] = [], trainLoss = Number.NaN): TrainView {
  return { state: { status, step }, epochs, trainLoss, trainAccuracy: null } as unknown as TrainView;
}

function clock(): { now: () => number; later: (fn: () => void, ms: number) => void; advance(ms: number): void } {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    later: (fn, ms) => timers.push({ at: t + ms, fn }),
    advance(ms) {
      t += ms;
      for (const timer of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (timer.at <= t) timer.fn();
        else timers.push(timer);
      }
    },
  };
}

describe('trainReport', () => {
  it('gives the last epoch’s test figures and null for what is not measured yet', () => {
    expect(trainReport(view('running', 5))).toEqual({ status: 'running', step: 5, epoch: 0, trainLoss: null, trainAccuracy: null, testLoss: null, testAccuracy: null });
    const epochs = [{ step: 40, testLoss: 0.9, testAccuracy: 0.7 }, { step: 80, testLoss: 0.5, testAccuracy: 0.8 }];
    const r = trainReport(view('paused', 90, epochs, 0.4));
    expect(r).toMatchObject({ epoch: 2, trainLoss: 0.4, testLoss: 0.5, testAccuracy: 0.8 });
    // A run set up since (step 0 again) has no test figures yet, whatever the last run's were.
    expect(trainReport(view('loading', 0, epochs))).toMatchObject({ testLoss: null, testAccuracy: null });
    expect(trainMessage(r).type).toBe('layerlab:train');
  });
});

describe('TrainReporter', () => {
  it('says a new status at once, figures at most every gap, and the last figures of a burst later', () => {
    const c = clock();
    const sent: TrainReport[] = [];
    const reporter = new TrainReporter((r) => sent.push(r), c);
    reporter.update(view('idle', 0));
    expect(sent).toEqual([]); // nothing before a run starts
    reporter.update(view('running', 1));
    for (let step = 2; step <= 50; step++) {
      c.advance(5);
      reporter.update(view('running', step));
    }
    // 49 updates within 245 ms: the first at once, the last one when the gap has passed.
    expect(sent.map((r) => r.step)).toEqual([1]);
    c.advance(TRAIN_REPORT_GAP_MS);
    expect(sent.map((r) => r.step)).toEqual([1, 50]);
    reporter.update(view('paused', 50));
    expect(sent.map((r) => r.status)).toEqual(['running', 'running', 'paused']);
    reporter.update(view('paused', 50));
    expect(sent).toHaveLength(3); // the same report twice is said once
  });
});
