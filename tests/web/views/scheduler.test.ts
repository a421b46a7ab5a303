import { describe, expect, test } from 'vitest';
import { FrameScheduler, type FrameResult } from '../../../web/src/app/scheduler.ts';
import { FakeHost } from './fake-host.ts';

function setup(result: FrameResult = 'done') {
  const host = new FakeHost();
  const calls: string[] = [];
  const scheduler = new FrameScheduler(host, {
    frame: () => {
      calls.push('frame');
      return result;
    },
    later: () => calls.push('later'),
  });
  return { host, calls, scheduler };
}

describe('FrameScheduler', () => {
  test('many requests before a frame make one run', () => {
    const { host, calls, scheduler } = setup();
    for (let i = 0; i < 10; i++) scheduler.request();
    expect(host.frames.size).toBe(1);
    host.flushFrames();
    expect(calls).toEqual(['frame']);
    expect(scheduler.busy).toBe(false);
  });

  test('flush runs a pending frame at once and cancels its animation frame', () => {
    const { host, calls, scheduler } = setup();
    scheduler.flush();
    expect(calls).toEqual([]);
    scheduler.request();
    scheduler.flush();
    expect(calls).toEqual(['frame']);
    expect(host.frames.size).toBe(0);
    expect(scheduler.busy).toBe(false);
  });

  test('a request after the frame schedules the next one', () => {
    const { host, calls, scheduler } = setup();
    scheduler.request();
    host.flushFrames();
    scheduler.request();
    host.flushFrames();
    expect(calls).toEqual(['frame', 'frame']);
  });

  test("'later' runs the second phase in a timer", () => {
    const { host, calls, scheduler } = setup('later');
    scheduler.request();
    host.flushFrames();
    expect(calls).toEqual(['frame']);
    expect(host.timers.size).toBe(1);
    host.flushTimers();
    expect(calls).toEqual(['frame', 'later']);
  });

  test('a newer request cancels the pending second phase', () => {
    const { host, calls, scheduler } = setup('later');
    scheduler.request();
    host.flushFrames();
    scheduler.request();
    expect(host.timers.size).toBe(0);
    host.flushFrames();
    host.flushTimers();
    expect(calls).toEqual(['frame', 'frame', 'later']);
  });

  test('dispose cancels everything', () => {
    const { host, calls, scheduler } = setup('later');
    scheduler.request();
    scheduler.dispose();
    host.flushFrames();
    host.flushTimers();
    expect(calls).toEqual([]);
  });
});
