// Live curves: loss (train per step, train and test per epoch) and accuracy (train and test
// per epoch), on canvas. Colour-blind safe: Okabe–Ito blue and vermillion, and train and test
// also differ by line style (solid / dashed) and marker (none / square). A text summary says
// the same for screen readers and is the canvas's accessible description.
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import { chartColors, fitCanvas } from '../kit/canvas.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';
import { lossText, percent } from './train-format.ts';

const TRAIN = '#0072b2';
const TEST = '#d55e00';
const STEP = 'rgba(0, 114, 178, 0.35)';
const WIDTH = 320;
const HEIGHT = 150;

interface Line {
  xs: readonly number[];
  ys: readonly number[];
  color: string;
  dashed?: boolean;
  markers?: boolean;
  width?: number;
}

export class TrainCurves {
  readonly root: HTMLElement;
  private readonly lossCanvas: HTMLCanvasElement;
  private readonly accCanvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private drawnKey = '';

  constructor(controller: TrainController) {
    const titleId = uniqueId('curves-title');
    const summaryId = uniqueId('curves-summary');
    this.lossCanvas = el('canvas', { class: 'train-canvas', role: 'img', 'aria-label': 'Loss per step and per epoch', 'aria-describedby': summaryId, 'data-curves': 'loss' });
    this.accCanvas = el('canvas', { class: 'train-canvas', role: 'img', 'aria-label': 'Accuracy per epoch', 'aria-describedby': summaryId, 'data-curves': 'accuracy' });
    this.summary = el('p', { id: summaryId, class: 'train-summary', 'data-curves': 'summary', 'aria-live': 'polite' });
    const legend = el('p', { class: 'train-legend' }, [
      el('span', { class: 'legend-train', text: '━ train' }),
      el('span', { class: 'legend-test', text: '╌ test (per epoch)' }),
      el('span', { class: 'legend-step', text: '· train loss per step' }),
    ]);
    this.root = el('section', { class: 'panel panel-curves', 'aria-labelledby': titleId, 'data-panel': 'curves' }, [
      el('h2', { id: titleId, class: 'panel-title', text: 'Learning curves' }),
      el('div', { class: 'train-curves' }, [
        el('figure', { class: 'figure' }, [this.lossCanvas, el('figcaption', { text: 'Loss' })]),
        el('figure', { class: 'figure' }, [this.accCanvas, el('figcaption', { text: 'Accuracy' })]),
      ]),
      legend,
      this.summary,
    ]);
    controller.subscribe((view) => this.render(view));
  }

  render(view: Readonly<TrainView>): void {
    const steps = view.stepLosses.points();
    const key = `${steps.values.length}:${steps.steps[steps.steps.length - 1] ?? 0}:${view.epochs.length}:${view.state.step}`;
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const epochSteps = view.epochs.map((e) => e.step);
    this.draw(this.lossCanvas, [
      { xs: steps.steps, ys: steps.values, color: STEP, width: 1 },
      { xs: epochSteps, ys: view.epochs.map((e) => e.trainLoss), color: TRAIN, width: 2 },
      { xs: epochSteps, ys: view.epochs.map((e) => e.testLoss), color: TEST, dashed: true, markers: true, width: 2 },
    ], null);
    this.draw(this.accCanvas, [
      { xs: epochSteps, ys: view.epochs.map((e) => e.trainAccuracy ?? Number.NaN), color: TRAIN, width: 2 },
      { xs: epochSteps, ys: view.epochs.map((e) => e.testAccuracy), color: TEST, dashed: true, markers: true, width: 2 },
    ], [0, 1]);
    setText(this.summary, summaryOf(view));
  }

  private draw(canvas: HTMLCanvasElement, lines: Line[], yRange: [number, number] | null): void {
    const ctx = fitCanvas(canvas, WIDTH, HEIGHT);
    if (!ctx) return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const pad = { l: 34, r: 8, t: 8, b: 16 };
    let xMax = 1;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const line of lines) {
      for (const x of line.xs) xMax = Math.max(xMax, x);
      for (const y of line.ys) {
        if (!Number.isFinite(y)) continue;
        yMin = Math.min(yMin, y);
        yMax = Math.max(yMax, y);
      }
    }
    if (yRange) [yMin, yMax] = yRange;
    if (!Number.isFinite(yMin)) [yMin, yMax] = [0, 1];
    if (yMax - yMin < 1e-9) yMax = yMin + 1;
    if (!yRange) yMin = Math.min(0, yMin);
    const px = (x: number): number => pad.l + (x / xMax) * (WIDTH - pad.l - pad.r);
    const py = (y: number): number => HEIGHT - pad.b - ((y - yMin) / (yMax - yMin)) * (HEIGHT - pad.t - pad.b);
    // Cached theme colours: a getComputedStyle per repaint would recalculate the page's styles.
    ctx.strokeStyle = chartColors().axis;
    ctx.fillStyle = chartColors().axis;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(pad.l, pad.t);
    ctx.lineTo(pad.l, HEIGHT - pad.b);
    ctx.lineTo(WIDTH - pad.r, HEIGHT - pad.b);
    ctx.stroke();
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText(yRange ? '100%' : yMax.toPrecision(2), 2, pad.t + 8);
    ctx.fillText(yRange ? '0%' : yMin.toPrecision(2), 2, HEIGHT - pad.b);
    ctx.fillText(`step ${Math.round(xMax)}`, WIDTH - 70, HEIGHT - 3);
    for (const line of lines) {
      ctx.strokeStyle = line.color;
      ctx.fillStyle = line.color;
      ctx.lineWidth = line.width ?? 1.5;
      ctx.setLineDash(line.dashed ? [5, 3] : []);
      ctx.beginPath();
      let started = false;
      line.xs.forEach((x, i) => {
        const y = line.ys[i] ?? Number.NaN;
        if (!Number.isFinite(y)) return;
        const cy = Math.min(HEIGHT - pad.b, Math.max(pad.t, py(y)));
        if (started) ctx.lineTo(px(x), cy);
        else ctx.moveTo(px(x), cy);
        started = true;
        if (line.markers) ctx.fillRect(px(x) - 2, cy - 2, 4, 4);
      });
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
}

/** The curves in words: the latest epoch and the best test accuracy so far. */
export function summaryOf(view: Readonly<TrainView>): string {
  const n = view.epochs.length;
  if (n === 0) return view.state.step === 0 ? 'No training yet: press Play or Step.' : `Step ${view.state.step}: no epoch finished yet; train loss ${lossText(view.trainLoss)}.`;
  const last = view.epochs[n - 1]!;
  let best = last;
  for (const e of view.epochs) if (e.testAccuracy > best.testAccuracy) best = e;
  const mode = last.testInTrainingMode ? ' (test evaluated in training mode, Dropout on)' : '';
  return `After ${n} epoch${n === 1 ? '' : 's'} (step ${last.step}): train loss ${lossText(last.trainLoss)}, accuracy ${percent(last.trainAccuracy)}; test loss ${lossText(last.testLoss)}, accuracy ${percent(last.testAccuracy)}${mode}. Best test accuracy ${percent(best.testAccuracy)} after epoch ${best.epoch + 1}.`;
}
