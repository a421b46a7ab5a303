// The training state machine: buttons, settings, worker messages, crashes.
import { describe, expect, it } from 'vitest';
import type { FromWorker, Progress } from '../../../web/src/train/protocol';
import { INITIAL_TRAIN_STATE, type TrainEvent, type TrainState, transition } from '../../../web/src/train/page/state';

function run(events: TrainEvent[], from: TrainState = { ...INITIAL_TRAIN_STATE }): { state: TrainState; intents: string[] } {
  let state = from;
  const intents: string[] = [];
  for (const e of events) {
    const t = transition(state, e);
    state = t.state;
    for (const i of t.intents) intents.push(i.kind === 'setup' ? `setup(${i.steps})` : i.kind);
  }
  return { state, intents };
}

const worker = (message: FromWorker): TrainEvent => ({ type: 'worker', message });
const loaded = worker({ type: 'loaded', dataset: { id: 'digits', name: 'Digits', inputShape: [64], numClasses: 10, train: 1437, test: 360, imageShape: [8, 8] }, batchesPerEpoch: 45 });
function progress(p: Partial<Progress>): TrainEvent {
  return worker({
    type: 'progress',
    progress: { step: 0, epoch: 0, batchesPerEpoch: 45, trainLoss: 1, trainAccuracy: 0.5, stepLosses: new Float32Array(0), epochs: [], samplesPerSecond: null, running: false, ack: 0, replayLeft: 0, ...p },
  });
}

describe('training state machine', () => {
  it('Play from idle loads the data, then runs', () => {
    const a = run([{ type: 'play' }]);
    expect(a.state.status).toBe('loading');
    expect(a.intents).toEqual(['setup(0)']);
    const b = run([loaded], a.state);
    expect(b.state.status).toBe('running');
    expect(b.intents).toEqual(['play']);
  });

  it('a progress message written before the latest command does not change the status', () => {
    const { state } = run([{ type: 'play' }, loaded]); // setup = seq 1, play = seq 2
    expect(state.sent).toBe(2);
    expect(run([progress({ running: false, ack: 1, step: 0 })], state).state.status).toBe('running');
    expect(run([progress({ running: false, ack: 2, step: 5 })], state).state).toMatchObject({ status: 'paused', step: 5 });
  });

  it('Pause, Step and Play from paused', () => {
    const { state } = run([{ type: 'reset' }, loaded]);
    expect(state.status).toBe('paused');
    expect(run([{ type: 'step' }], state)).toMatchObject({ state: { status: 'paused' }, intents: ['step'] });
    const playing = run([{ type: 'play' }], state);
    expect(playing).toMatchObject({ state: { status: 'running' }, intents: ['play'] });
    expect(run([{ type: 'pause' }], playing.state)).toMatchObject({ state: { status: 'paused' }, intents: ['pause'] });
  });

  it('a run restarted by an edit while running, then paused, stays paused when the data set changes', () => {
    const { state } = run([{ type: 'play' }, loaded, { type: 'network-changed' }, loaded, { type: 'pause' }]);
    expect(state).toMatchObject({ status: 'paused', playAfterLoad: false });
    const changed = run([{ type: 'settings', change: 'restart' }, loaded], state);
    expect(changed.state.status).toBe('paused');
    expect(changed.intents).toEqual(['setup(0)']);
  });

  it("a divergence of the replaced run that arrives while the new one loads is not the new run's", () => {
    const { state } = run([{ type: 'play' }, loaded, { type: 'network-changed' }]);
    expect(state.status).toBe('loading');
    const late = run([worker({ type: 'diverged', step: 2, message: 'Training diverged at step 2' }), loaded], state);
    expect(late.state).toMatchObject({ status: 'running', message: null, replayable: true });
    expect(late.intents).toEqual(['play']);
  });

  it('Reset starts over from the seed at step 0, replayable again', () => {
    const { state } = run([{ type: 'reset' }, loaded, { type: 'play' }, progress({ step: 300, ack: 3, running: true }), { type: 'settings', change: 'lr' }]);
    expect(state.replayable).toBe(false);
    const reset = run([{ type: 'reset' }], state);
    expect(reset.state).toMatchObject({ status: 'loading', step: 0, replayable: true });
    expect(reset.intents).toEqual(['setup(0)']);
  });

  it('settings: lr and optimizer changes keep the weights, data changes restart, idle stays idle', () => {
    const { state } = run([{ type: 'reset' }, loaded]);
    expect(run([{ type: 'settings', change: 'lr' }], state).intents).toEqual(['lr']);
    expect(run([{ type: 'settings', change: 'optimizer' }], state).intents).toEqual(['optimizer']);
    expect(run([{ type: 'settings', change: 'restart' }], state).intents).toEqual(['setup(0)']);
    expect(run([{ type: 'settings', change: 'restart' }]).intents).toEqual([]);
    expect(run([{ type: 'network-changed' }], state).intents).toEqual(['setup(0)']);
  });

  it('a link replays its steps and ends paused', () => {
    const a = run([{ type: 'replay', steps: 500 }]);
    expect(a.intents).toEqual(['setup(500)']);
    const b = run([loaded, progress({ step: 200, running: true, replayLeft: 300, ack: 1 })], a.state);
    expect(b.state).toMatchObject({ status: 'running', step: 200, replayLeft: 300 });
    expect(run([progress({ step: 500, running: false, replayLeft: 0, ack: 1 })], b.state).state).toMatchObject({ status: 'paused', step: 500 });
  });

  it('divergence pauses with the message; Play goes on from there', () => {
    const { state } = run([{ type: 'reset' }, loaded, { type: 'play' }, worker({ type: 'diverged', step: 2, message: 'Training diverged at step 3' })]);
    expect(state).toMatchObject({ status: 'diverged', step: 2, message: 'Training diverged at step 3', replayable: false });
    expect(run([{ type: 'play' }], state)).toMatchObject({ state: { status: 'running', message: null }, intents: ['play'] });
  });

  it('a crash restarts the worker and replays a replayable run to the same step', () => {
    const { state } = run([{ type: 'reset' }, loaded, { type: 'play' }, progress({ step: 120, running: true, ack: 3 })]);
    const crashed = run([{ type: 'crashed', reason: 'out of memory' }], state);
    expect(crashed.intents).toEqual(['setup(120)']);
    expect(crashed.state.message).toMatch(/out of memory.*restarted, replaying its 120 steps/);
    const changed = run([{ type: 'settings', change: 'lr' }, { type: 'crashed', reason: 'x' }], state);
    expect(changed.intents).toEqual(['lr', 'setup(0)']);
    expect(changed.state.message).toMatch(/starting over from the seed/);
  });

  it('a crash before any run (the worker only computed values) stays idle and says so', () => {
    const crashed = run([{ type: 'crashed', reason: 'out of memory' }]);
    expect(crashed.intents).toEqual([]);
    expect(crashed.state).toMatchObject({ status: 'idle', step: 0 });
    expect(crashed.state.message).toMatch(/out of memory.*restarted; the network and settings are as they were/);
  });

  it('an error stops; Play sets up again', () => {
    const { state } = run([{ type: 'reset' }, worker({ type: 'error', message: 'bad shapes' })]);
    expect(state).toMatchObject({ status: 'error', message: 'bad shapes' });
    expect(run([{ type: 'play' }], state).intents).toEqual(['setup(0)']);
  });
});
