// When the page asks the worker for the two modes at inference (InferenceReport): at once when
// the switch is turned on or another sample is chosen, then again as the run moves (at most
// once a second while it runs, at once when it has paused at a new step). One request at a
// time; a request wanted while one is out is sent when that one answers, never dropped.
import type { InferenceReport } from '../protocol.ts';

/** Repeats of the one sample predicted in each mode. */
export const INFERENCE_REPEATS = 8;
/** While running, the modes are measured again at most this often. */
export const INFERENCE_GAP_MS = 1000;

export interface ModesState {
  /** The switch "evaluate the test set in training mode" is on. */
  on: boolean;
  /** A run exists in the worker (running, paused or diverged). */
  live: boolean;
  running: boolean;
  step: number;
  /** The step of the report on show, or null. */
  shownStep: number | null;
  run: number;
}

export class ModesMeter {
  /** The test sample asked for (-1: the first whose training-mode predictions differ). */
  sample = -1;
  private out = false;
  private again = false;
  private at = -Infinity;

  constructor(
    private readonly ask: (sample: number, repeats: number) => Promise<InferenceReport>,
    private readonly now: () => number,
    /** The current state, read when a request goes out and when it answers. */
    private readonly state: () => ModesState,
    private readonly answer: (result: { report: InferenceReport } | { problem: string }) => void,
  ) {}

  /** `now`: the learner asked (switch, another sample), so the gap does not apply. */
  measure(now: boolean): void {
    const s = this.state();
    if (!s.on || !s.live) return;
    if (this.out) {
      this.again ||= now;
      return;
    }
    if (!now && (s.shownStep === s.step || (s.running && this.now() - this.at < INFERENCE_GAP_MS))) return;
    this.out = true;
    this.at = this.now();
    const run = s.run;
    const settle = (result: { report: InferenceReport } | { problem: string }): void => {
      this.out = false;
      const after = this.state();
      if (run === after.run && after.on) this.answer(result);
      if (this.again) {
        this.again = false;
        this.measure(true);
      }
    };
    this.ask(this.sample, INFERENCE_REPEATS).then(
      (report) => settle({ report }),
      (error: unknown) => settle({ problem: error instanceof Error ? error.message : String(error) }),
    );
  }
}
