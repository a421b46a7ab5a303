// Words and numbers of the training views.
import type { TrainStatus } from '../../train/page/state.ts';

export const STATUS_WORDS: { readonly [K in TrainStatus]: string } = {
  idle: 'Not started',
  loading: 'Loading the data set…',
  running: 'Training',
  paused: 'Paused',
  diverged: 'Diverged: paused',
  error: 'Stopped',
};

export function percent(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;
}

export function lossText(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '—';
}

export function bytesText(n: number): string {
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
}
