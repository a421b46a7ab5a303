// autoplay=1: in view, an idle or paused run plays; out of view, a running one pauses; a run
// that diverged or failed waits for the learner.
import { describe, expect, it } from 'vitest';
import { autoplayAction } from '../../../web/src/compose/autoplay';

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
