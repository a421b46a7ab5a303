// autoplay=1: in view, an idle or paused run plays; out of view, a running one pauses; a run
// that diverged or failed waits for the learner.
import { describe, expect, it } from 'vitest';
import { autoplayAction, inView } from '../../../web/src/compose/autoplay';

describe('autoplayAction', () => {
  it('plays what can play when in view, pauses what runs when out of view', () => {
    expect(autoplayAction(true, 'idle')).toBe('play');
    expect(autoplayAction(true, 'paused')).toBe('play');
    expect(autoplayAction(true, 'loading')).toBe('play');
    expect(autoplayAction(true, 'running')).toBeNull();
    expect(autoplayAction(false, 'running')).toBe('pause');
    expect(autoplayAction(false, 'loading')).toBe('pause');
    expect(autoplayAction(false, 'paused')).toBeNull();
    expect(autoplayAction(false, 'idle')).toBeNull();
  });

  it('leaves a diverged or failed run alone', () => {
    for (const visible of [true, false]) {
      expect(autoplayAction(visible, 'diverged')).toBeNull();
      expect(autoplayAction(visible, 'error')).toBeNull();
    }
  });
});

describe('inView', () => {
  const entry = (isIntersecting: boolean, intersectionRatio: number, height: number) => ({ isIntersecting, intersectionRatio, intersectionRect: { height } as DOMRectReadOnly });
  it('counts a quarter of the embed, or 150 px of a tall one, as in view', () => {
    expect(inView(entry(true, 0.3, 100))).toBe(true);
    expect(inView(entry(true, 0.1, 400))).toBe(true);
    expect(inView(entry(true, 0.1, 100))).toBe(false);
    expect(inView(entry(false, 0, 0))).toBe(false);
  });
});
