// A scheduler host whose frames and timers run only when a test says so.
import type { SchedulerHost } from '../../../web/src/app/scheduler.ts';

export class FakeHost implements SchedulerHost {
  frames = new Map<number, () => void>();
  timers = new Map<number, () => void>();
  private next = 1;
  requestFrame(cb: () => void): number {
    const h = this.next++;
    this.frames.set(h, cb);
    return h;
  }
  cancelFrame(h: number): void {
    this.frames.delete(h);
  }
  setTimer(cb: () => void, _ms: number): number {
    const h = this.next++;
    this.timers.set(h, cb);
    return h;
  }
  clearTimer(h: number): void {
    this.timers.delete(h);
  }
  flushFrames(): void {
    const due = [...this.frames.values()];
    this.frames.clear();
    for (const cb of due) cb();
  }
  flushTimers(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const cb of due) cb();
  }
}

