// autoplay=1: an embed trains while it is in view and pauses when it leaves, so a course page
// with several embeds trains only the ones the reader is looking at (they share one worker).
import type { TrainStatus } from '../train/page/state.ts';

/** Share of the embed that must be on screen to count as in view ... */
export const VISIBLE_SHARE = 0.25;
/** ... or this many CSS px of it (a tall embed never shows a quarter of itself). */
export const VISIBLE_PX = 150;

/** Whether an intersection counts as in view. */
export function inView(entry: Pick<IntersectionObserverEntry, 'isIntersecting' | 'intersectionRatio' | 'intersectionRect'>): boolean {
  return entry.isIntersecting && (entry.intersectionRatio >= VISIBLE_SHARE * 0.99 || entry.intersectionRect.height >= VISIBLE_PX);
}

/** What entering or leaving the view does to a run in `status`. */
export function autoplayAction(visible: boolean, status: TrainStatus): 'play' | 'pause' | null {
  // A diverged or failed run waits for the learner (Reset); a running one goes on.
  if (visible) return status === 'idle' || status === 'paused' || status === 'loading' ? 'play' : null;
  return status === 'running' || status === 'loading' ? 'pause' : null;
}

export interface Playable {
  readonly current: { readonly state: { readonly status: TrainStatus } };
  play(): void;
  pause(): void;
}

/** Plays `run` while `target` is in the viewport; returns what stops watching. */
export function autoplayWhenVisible(target: Element, run: Playable): () => void {
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries.at(-1);
      if (!entry) return;
      const action = autoplayAction(inView(entry), run.current.state.status);
      if (action === 'play') run.play();
      else if (action === 'pause') run.pause();
    },
    { threshold: [0, 0.02, 0.05, 0.1, VISIBLE_SHARE, 0.5] },
  );
  observer.observe(target);
  return () => observer.disconnect();
}
