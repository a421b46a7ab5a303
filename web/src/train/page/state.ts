// The training state machine, pure: (state, event) -> (state, what to ask the worker). The
// controller feeds it the learner's buttons, setting changes and the worker's messages, and
// sends the intents it returns. "Train" here is the optimizer loop; whether Dropout is active
// is the model's training mode, a separate switch (as model.train() and the loop in PyTorch).
import type { FromWorker } from '../protocol.ts';
import type { SettingsChange } from '../../model/training/settings.ts';

export type TrainStatus = 'idle' | 'loading' | 'running' | 'paused' | 'diverged' | 'error';

export interface TrainState {
  status: TrainStatus;
  step: number;
  epoch: number;
  /** What went wrong or what happened, in plain words; null when nothing to say. */
  message: string | null;
  loading: { received: number; total: number | null } | null;
  /** Start running once the data is loaded (Play pressed before it was). */
  playAfterLoad: boolean;
  /**
   * The run went from the seed with today's settings and no break: a link with its step
   * count replays it exactly. A mid-run change (learning rate, optimizer, a divergence
   * undone) makes it false until the next Reset.
   */
  replayable: boolean;
  /** A link's replay still has this many steps to go. */
  replayLeft: number;
  /** Seq of the last command sent; the worker's progress counts for status once it acks it. */
  sent: number;
}

export type TrainEvent =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'settings'; change: SettingsChange }
  /** The network, its input or the seed changed: the weights start over. */
  | { type: 'network-changed' }
  /** Open a link: set up and replay `steps`. */
  | { type: 'replay'; steps: number }
  | { type: 'worker'; message: FromWorker }
  /** The worker died (error event, out of memory, no answer in time). */
  | { type: 'crashed'; reason: string };

export type Intent =
  | { kind: 'setup'; steps: number; seq: number }
  | { kind: 'play'; seq: number }
  | { kind: 'pause'; seq: number }
  | { kind: 'step'; seq: number }
  | { kind: 'lr' }
  | { kind: 'optimizer' };

export const INITIAL_TRAIN_STATE: Readonly<TrainState> = Object.freeze({
  status: 'idle',
  step: 0,
  epoch: 0,
  message: null,
  loading: null,
  playAfterLoad: false,
  replayable: true,
  replayLeft: 0,
  sent: 0,
});

export interface Transition {
  state: TrainState;
  intents: Intent[];
}

const stay = (state: TrainState): Transition => ({ state, intents: [] });

/** Moves to `next` and sends one command, numbered. */
function command(next: TrainState, kind: 'play' | 'pause' | 'step'): Transition {
  const seq = next.sent + 1;
  return { state: { ...next, sent: seq }, intents: [{ kind, seq }] };
}

function setUp(state: TrainState, steps: number, playAfterLoad: boolean, message: string | null = null): Transition {
  return {
    state: { ...state, status: 'loading', step: steps, epoch: 0, loading: null, message, playAfterLoad, replayable: true, replayLeft: steps, sent: state.sent + 1 },
    intents: [{ kind: 'setup', steps, seq: state.sent + 1 }],
  };
}

export function transition(state: TrainState, event: TrainEvent): Transition {
  const ready = state.status === 'paused' || state.status === 'running' || state.status === 'diverged';
  switch (event.type) {
    case 'play':
      if (state.status === 'idle' || state.status === 'error') return setUp(state, 0, true);
      if (state.status === 'loading') return stay({ ...state, playAfterLoad: true });
      if (state.status === 'running') return stay(state);
      return command({ ...state, status: 'running', message: null }, 'play');
    case 'pause':
      if (state.status === 'loading') return stay({ ...state, playAfterLoad: false });
      if (state.status !== 'running') return stay(state);
      return command({ ...state, status: 'paused', playAfterLoad: false }, 'pause');
    case 'step':
      if (state.status === 'idle' || state.status === 'error') return setUp(state, 1, false);
      if (!ready) return stay(state);
      return command({ ...state, status: 'paused', message: null }, 'step');
    case 'reset':
      return setUp(state, 0, false);
    case 'replay':
      return setUp(state, event.steps, false);
    case 'network-changed':
      return state.status === 'idle' ? stay(state) : setUp(state, 0, state.status === 'running' || state.playAfterLoad);
    case 'settings':
      switch (event.change) {
        case 'none':
          return stay(state);
        case 'restart':
          return state.status === 'idle' ? stay(state) : setUp(state, 0, state.status === 'running' || state.playAfterLoad);
        case 'lr':
        case 'optimizer':
          if (!ready) return stay(state);
          return { state: { ...state, replayable: state.replayable && state.step === 0 }, intents: [{ kind: event.change }] };
      }
      return stay(state);
    case 'crashed': {
      // The worker also computes the cards' values: one that stops before any training run
      // is simply made afresh on the next request; there is nothing to replay.
      if (state.status === 'idle') return stay({ ...state, message: `The worker stopped (${event.reason}). It was restarted; the network and settings are as they were.` });
      // The settings and the network live on this side; a replayable run gets its weights back.
      const steps = state.replayable ? state.step : 0;
      const lost = state.replayable ? `replaying its ${steps} steps` : 'starting over from the seed (this run changed settings midway, so its steps cannot be replayed)';
      return setUp(state, steps, false, `The training worker stopped (${event.reason}). It was restarted, ${lost}; the network and settings are as they were.`);
    }
    case 'worker':
      return fromWorker(state, event.message);
  }
}

function fromWorker(state: TrainState, message: FromWorker): Transition {
  switch (message.type) {
    case 'loading':
      return stay(state.status === 'loading' ? { ...state, loading: { received: message.received, total: message.total } } : state);
    case 'loaded': {
      if (state.status !== 'loading') return stay(state);
      const replaying = state.replayLeft > 0;
      // Play pressed during the load is used up here; during a link's replay it waits for its end.
      const next: TrainState = { ...state, loading: null, step: 0, status: replaying || state.playAfterLoad ? 'running' : 'paused', playAfterLoad: replaying && state.playAfterLoad };
      return state.playAfterLoad && !replaying ? command(next, 'play') : stay(next);
    }
    case 'progress': {
      const p = message.progress;
      const current = p.ack >= state.sent;
      let status = state.status;
      if (current && status === 'running' && !p.running) status = 'paused';
      // Loading: the new run has not begun. Error: a refused setup stopped the old run, whose
      // last messages must not put its step back on the counter.
      if (status === 'loading' || status === 'error') return stay(state);
      const next: TrainState = { ...state, step: p.step, epoch: p.epoch, replayLeft: p.replayLeft, status };
      // A replay that ends with Play pressed during it carries on running.
      if (current && state.replayLeft > 0 && p.replayLeft === 0 && !p.running && state.playAfterLoad) {
        return command({ ...next, status: 'running', playAfterLoad: false }, 'play');
      }
      return stay(next);
    }
    case 'diverged':
      // While loading, it is the replaced run's last word: the new run has not taken a step.
      if (state.status === 'loading') return stay(state);
      return stay({ ...state, status: 'diverged', step: message.step, message: message.message, replayable: false, replayLeft: 0, playAfterLoad: false });
    case 'error':
      return stay({ ...state, status: 'error', message: message.message, replayLeft: 0, playAfterLoad: false, loading: null });
    default:
      return stay(state);
  }
}
