// Coalesces edits into one piece of work per animation frame, with an optional second
// phase in a later task (values for big networks). A newer request cancels a pending
// second phase, so stale work never paints over fresh work.

export interface SchedulerHost {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): number;
  clearTimer(handle: number): void;
}

/** What one frame did: 'done', or 'later' when a second phase should run in a later task. */
export type FrameResult = 'done' | 'later';

export interface ScheduledWork {
  frame(): FrameResult;
  later(): void;
}

export function browserHost(): SchedulerHost {
  return {
    requestFrame: (cb) => requestAnimationFrame(() => cb()),
    cancelFrame: (h) => cancelAnimationFrame(h),
    setTimer: (cb, ms) => window.setTimeout(cb, ms),
    clearTimer: (h) => window.clearTimeout(h),
  };
}

export class FrameScheduler {
  private frameHandle: number | null = null;
  private timerHandle: number | null = null;

  constructor(
    private readonly host: SchedulerHost,
    private readonly work: ScheduledWork,
    /** Delay before the second phase; 0 still lets the browser paint the first one. */
    private readonly laterDelayMs = 16,
  ) {}

  /** Asks for one frame of work; any number of calls before the frame make one run. */
  request(): void {
    this.cancelLater();
    if (this.frameHandle !== null) return;
    this.frameHandle = this.host.requestFrame(() => this.runFrame());
  }

  /** Runs a pending frame now instead of at the next animation frame (the first paint). */
  flush(): void {
    if (this.frameHandle === null) return;
    this.host.cancelFrame(this.frameHandle);
    this.runFrame();
  }

  /** True while a frame or a second phase is waiting. */
  get busy(): boolean {
    return this.frameHandle !== null || this.timerHandle !== null;
  }

  dispose(): void {
    if (this.frameHandle !== null) this.host.cancelFrame(this.frameHandle);
    this.frameHandle = null;
    this.cancelLater();
  }

  private runFrame(): void {
    this.frameHandle = null;
    if (this.work.frame() === 'later') {
      this.timerHandle = this.host.setTimer(() => {
        this.timerHandle = null;
        this.work.later();
      }, this.laterDelayMs);
    }
  }

  private cancelLater(): void {
    if (this.timerHandle === null) return;
    this.host.clearTimer(this.timerHandle);
    this.timerHandle = null;
  }
}
