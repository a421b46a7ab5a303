// Live curves: loss (train per step, train and test per epoch) and accuracy (train and test
// per epoch), on canvas, against epochs (steps ÷ batches per epoch), so the learning phase
// of the first epochs is as wide as it is interesting; a log epoch axis spreads it further
// and a log loss axis shows the slow tail. Colour-blind safe: Okabe–Ito blue and vermillion,
// and train and test also differ by line style (solid / dashed) and marker (none / hollow
// circle); the test line is thin and drawn over the train line, so both read where they meet.
// Pinned runs are drawn faint behind. A text summary says the same for screen readers.
import { decadeRange, formatDecade, linearScale, logScale, niceTicks, type Scale } from '../../learn/plot-scale.ts';
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import type { KeptRun } from '../../train/page/kept-runs.ts';
import type { EpochRecord } from '../../train/protocol.ts';
import { chartColors, fitCanvas } from '../kit/canvas.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';
import { lossText, percent } from './train-format.ts';

const TRAIN = '#0072b2';
const TEST = '#d55e00';
const STEP = 'rgba(0, 114, 178, 0.3)';
const WIDTH = 460;
const HEIGHT = 230;
const PAD = { l: 44, r: 10, t: 10, b: 34 };
/** The epoch axis is at least this many steps wide. */
const MIN_STEPS_SHOWN = 20;
/** Hollow markers on the test line up to this many epochs; past it they would be a solid band. */
const MARKERS_UP_TO = 40;

interface Line {
  xs: readonly number[];
  ys: readonly number[];
  color: string;
  dashed?: boolean;
  markers?: boolean;
  width?: number;
  faint?: boolean;
}

/** Kept runs' colours (Okabe–Ito green, reddish purple, orange; grey for the run an edit replaced). */
const PIN_COLORS = ['#009e73', '#cc79a7', '#e69f00'];
const PREVIOUS = '#888888';

/** The runs drawn behind the current one, each with its colour. */
export function keptLines(view: Readonly<TrainView>): (KeptRun & { color: string; name: string })[] {
  const out = view.pins.map((p, i) => ({ ...p, color: PIN_COLORS[i % PIN_COLORS.length]!, name: `Pinned ${i + 1}` }));
  if (view.previous) out.unshift({ ...view.previous, color: PREVIOUS, name: 'Previous run (before the edit)' });
  return out;
}

/** Epochs at the end of each record (1, 2, …) and the test/train values, as drawn. */
export function epochXs(epochs: readonly EpochRecord[], batchesPerEpoch: number): number[] {
  return epochs.map((e) => e.step / batchesPerEpoch);
}

export class TrainCurves {
  readonly root: HTMLElement;
  private readonly lossCanvas: HTMLCanvasElement;
  private readonly accCanvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private readonly logX: HTMLInputElement;
  private readonly logY: HTMLInputElement;
  private readonly kept: HTMLElement;
  private readonly pinButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private drawnKey = '';
  private view: Readonly<TrainView> | null = null;
  /** The epoch axis's least extent (MIN_STEPS_SHOWN steps, in epochs). */
  private minX = 1;

  constructor(controller: TrainController) {
    const titleId = uniqueId('curves-title');
    const summaryId = uniqueId('curves-summary');
    this.lossCanvas = el('canvas', { class: 'train-canvas', role: 'img', 'aria-label': 'Loss against epochs', 'aria-describedby': summaryId, 'data-curves': 'loss' });
    this.accCanvas = el('canvas', { class: 'train-canvas', role: 'img', 'aria-label': 'Accuracy against epochs', 'aria-describedby': summaryId, 'data-curves': 'accuracy' });
    this.summary = el('p', { id: summaryId, class: 'train-summary', 'data-curves': 'summary', 'aria-live': 'polite' });
    this.logX = el('input', { type: 'checkbox', 'data-curves': 'log-x' });
    this.logY = el('input', { type: 'checkbox', 'data-curves': 'log-y' });
    for (const box of [this.logX, this.logY]) box.addEventListener('change', () => this.redraw());
    this.kept = el('ul', { class: 'train-kept', 'data-curves': 'kept' });
    this.pinButton = el('button', { type: 'button', class: 'button', 'data-curves': 'pin', text: 'Pin this run', title: 'Keep these curves, then train again with another setting to compare' });
    this.pinButton.addEventListener('click', () => controller.pin());
    this.clearButton = el('button', { type: 'button', class: 'button', 'data-curves': 'clear-pins', text: 'Clear kept runs' });
    this.clearButton.addEventListener('click', () => controller.clearPins());
    const legend = el('p', { class: 'train-legend' }, [
      el('span', { class: 'legend-train', text: '━ train (per epoch)' }),
      el('span', { class: 'legend-test', text: '╌○ test (per epoch)' }),
      el('span', { class: 'legend-step', text: '— train loss per step' }),
    ]);
    this.root = el('section', { class: 'panel panel-curves', 'aria-labelledby': titleId, 'data-panel': 'curves' }, [
      el('h2', { id: titleId, class: 'panel-title', text: 'Learning curves' }),
      el('div', { class: 'train-curves' }, [
        el('figure', { class: 'figure' }, [this.lossCanvas, el('figcaption', { text: 'Loss' })]),
        el('figure', { class: 'figure' }, [this.accCanvas, el('figcaption', { text: 'Accuracy' })]),
      ]),
      legend,
      el('p', { class: 'train-legend' }, [
        el('label', { class: 'train-check' }, [this.logX, ' Log epoch axis (spreads the first epochs)']),
        el('label', { class: 'train-check' }, [this.logY, ' Log loss axis']),
      ]),
      el('div', { class: 'train-buttons' }, [this.pinButton, this.clearButton]),
      this.kept,
      this.summary,
    ]);
    controller.subscribe((view) => this.render(view));
  }

  /** Draws again (pinned runs or the axes changed). */
  redraw(): void {
    this.drawnKey = '';
    if (this.view) this.render(this.view);
  }

  render(view: Readonly<TrainView>): void {
    this.view = view;
    const steps = view.stepLosses.points();
    const pins = keptLines(view);
    this.pinButton.disabled = view.epochs.length === 0;
    this.clearButton.disabled = pins.length === 0;
    const key = `${view.run}:${steps.values.length}:${steps.steps[steps.steps.length - 1] ?? 0}:${view.epochs.length}:${view.state.step}:${this.logX.checked}:${this.logY.checked}:${pins.map((p) => p.label + p.epochs.length).join('|')}`;
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.kept.replaceChildren(
      ...pins.map((p) => {
        const swatch = el('span', { class: 'train-kept-swatch', 'aria-hidden': 'true' });
        swatch.style.background = p.color;
        const last = p.epochs[p.epochs.length - 1];
        const figures = last ? `: ${p.epochs.length} epochs, test ${percent(last.testAccuracy)}` : '';
        return el('li', {}, [swatch, `${p.name} (faint; solid train, dashed test) — ${p.label}${figures}`]);
      }),
    );
    if (pins.length > 0) this.kept.append(el('li', {}, [`Now — ${view.runLabel}`]));
    const bpe = view.batchesPerEpoch ?? 1;
    this.minX = MIN_STEPS_SHOWN / bpe;
    const xs = epochXs(view.epochs, bpe);
    const pinLines = (train: (e: EpochRecord) => number, test: (e: EpochRecord) => number): Line[] =>
      pins.flatMap((p) => {
        const px = epochXs(p.epochs, p.batchesPerEpoch);
        return [
          { xs: px, ys: p.epochs.map(train), color: p.color, width: 2, faint: true },
          { xs: px, ys: p.epochs.map(test), color: p.color, width: 1.5, dashed: true, faint: true },
        ];
      });
    const trainLoss = (e: EpochRecord): number => e.trainLoss;
    const testLoss = (e: EpochRecord): number => e.testLoss;
    const trainAcc = (e: EpochRecord): number => e.trainAccuracy ?? Number.NaN;
    const testAcc = (e: EpochRecord): number => e.testAccuracy;
    this.draw(this.lossCanvas, [
      ...pinLines(trainLoss, testLoss),
      // Before the first epoch ends the per-step loss is all there is: drawn in full colour.
      { xs: steps.steps.map((s) => s / bpe), ys: steps.values, color: view.epochs.length === 0 ? TRAIN : STEP, width: view.epochs.length === 0 ? 1.5 : 1 },
      { xs, ys: view.epochs.map(trainLoss), color: TRAIN, width: 2.5 },
      { xs, ys: view.epochs.map(testLoss), color: TEST, dashed: true, markers: true, width: 1.5 },
    ], null, this.logY.checked);
    this.draw(this.accCanvas, [
      ...pinLines(trainAcc, testAcc),
      { xs, ys: view.epochs.map(trainAcc), color: TRAIN, width: 2.5 },
      { xs, ys: view.epochs.map(testAcc), color: TEST, dashed: true, markers: true, width: 1.5 },
    ], [0, 1], false);
    setText(this.summary, summaryOf(view));
  }

  private draw(canvas: HTMLCanvasElement, lines: Line[], yRange: [number, number] | null, logY: boolean): void {
    const ctx = fitCanvas(canvas, WIDTH, HEIGHT);
    if (!ctx) return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const logX = this.logX.checked;
    let xMin = Infinity;
    let xMax = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const line of lines) {
      line.xs.forEach((x, i) => {
        const y = line.ys[i] ?? Number.NaN;
        if (!Number.isFinite(y) || (logY && y <= 0) || !(x > 0)) return;
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, y);
        yMax = Math.max(yMax, y);
      });
    }
    const x0 = PAD.l;
    const x1 = WIDTH - PAD.r;
    const y0 = HEIGHT - PAD.b;
    const y1 = PAD.t;
    // The epoch axis grows with the run from MIN_STEPS_SHOWN steps wide: at a slow pace each
    // step's loss is a visible segment from the first, and the axis never runs backwards.
    xMax = Math.max(this.minX, xMax);
    let px: Scale;
    let xTicks: number[];
    if (logX) {
      const d = decadeRange(Math.min(Number.isFinite(xMin) ? xMin : 0.1, 1), xMax);
      px = logScale(d.lo, d.hi, x0, x1);
      xTicks = d.ticks;
    } else {
      xTicks = niceTicks(0, xMax, 6);
      px = linearScale(0, Math.max(xMax, xTicks[xTicks.length - 1] ?? xMax), x0, x1);
    }
    let py: Scale;
    let yTicks: number[];
    if (yRange) {
      py = linearScale(yRange[0], yRange[1], y0, y1);
      yTicks = [0, 0.25, 0.5, 0.75, 1];
    } else if (logY) {
      const d = decadeRange(Number.isFinite(yMin) ? yMin : 0.01, Number.isFinite(yMax) ? yMax : 1);
      py = logScale(d.lo, d.hi, y0, y1);
      yTicks = d.ticks;
    } else {
      const hi = Number.isFinite(yMax) && yMax > 0 ? yMax : 1;
      yTicks = niceTicks(0, hi, 4);
      py = linearScale(0, Math.max(hi, yTicks[yTicks.length - 1] ?? hi), y0, y1);
    }
    // Cached theme colours: a getComputedStyle per repaint would recalculate the page's styles.
    const colors = chartColors();
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = colors.axis;
    ctx.strokeStyle = colors.axis;
    ctx.globalAlpha = 0.25;
    ctx.beginPath();
    for (const t of yTicks) {
      const y = Math.round(py(t)) + 0.5;
      ctx.moveTo(x0, y);
      ctx.lineTo(x1, y);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.moveTo(x0, y1);
    ctx.lineTo(x0, y0);
    ctx.lineTo(x1, y0);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of yTicks) ctx.fillText(yRange ? `${Math.round(t * 100)}%` : logY ? formatDecade(t) : String(t), x0 - 4, py(t));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of xTicks) ctx.fillText(logX ? formatDecade(t) : String(t), px(t), y0 + 4);
    ctx.fillText(`epoch${logX ? ' (log)' : ''}`, (x0 + x1) / 2, y0 + 18);
    const clampY = (y: number): number => Math.min(y0, Math.max(y1, y));
    for (const line of lines) {
      ctx.strokeStyle = line.color;
      ctx.fillStyle = line.color;
      ctx.globalAlpha = line.faint ? 0.55 : 1;
      ctx.lineWidth = line.width ?? 1.5;
      ctx.setLineDash(line.dashed ? [6, 4] : []);
      ctx.beginPath();
      let pen = false;
      const points: [number, number][] = [];
      line.xs.forEach((x, i) => {
        const y = line.ys[i] ?? Number.NaN;
        if (!Number.isFinite(y) || (logY && y <= 0) || !(x > 0) || (logX && x < px.domain[0])) {
          pen = false;
          return;
        }
        const cx = px(x);
        const cy = clampY(py(y));
        if (pen) ctx.lineTo(cx, cy);
        else ctx.moveTo(cx, cy);
        pen = true;
        points.push([cx, cy]);
      });
      ctx.stroke();
      if (line.markers && points.length <= MARKERS_UP_TO) {
        ctx.setLineDash([]);
        ctx.lineWidth = 1.25;
        for (const [cx, cy] of points) {
          ctx.beginPath();
          ctx.arc(cx, cy, 3, 0, 2 * Math.PI);
          ctx.stroke();
        }
      }
    }
    ctx.globalAlpha = 1;
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
