// Dropout comparison: the same network and seed trained with and without its Dropout blocks.
// The run with dropout is drawn in full, the run without as a ghost behind it; train solid,
// test dashed; below, each run's latest train/test gap and the verdict over the last epochs
// (both runs measured the same way: see dropout-compare.ts).
import { type CurveMetric, type EpochMetrics, curvePoints, dropoutVerdict, finalGap, verdictText } from '../../learn/dropout-compare.ts';
import { el, setText } from '../kit/dom.ts';
import { formatPercent, formatStat } from '../kit/format.ts';
import { LineChart } from './learn-chart.ts';

export interface DropoutComparisonInput {
  withDropout: readonly EpochMetrics[];
  withoutDropout: readonly EpochMetrics[];
}

export class DropoutComparison {
  readonly root: HTMLElement;
  private readonly chart = new LineChart('Dropout comparison: train and test per epoch');
  private readonly gaps: HTMLElement;
  private readonly verdict: HTMLElement;
  private readonly toggle: HTMLSelectElement;
  private input: DropoutComparisonInput | null = null;

  constructor() {
    this.toggle = el('select', { class: 'learn-select', 'aria-label': 'Metric' }, [el('option', { value: 'accuracy', text: 'Accuracy' }), el('option', { value: 'loss', text: 'Loss' })]);
    this.toggle.addEventListener('change', () => this.input && this.render(this.input));
    this.gaps = el('dl', { class: 'learn-gaps' });
    this.verdict = el('p', { class: 'learn-verdict' });
    this.root = el('section', { class: 'learn-dropout', 'aria-label': 'Dropout comparison' }, [
      el('div', { class: 'learn-toolbar' }, [el('h3', { class: 'learn-heading', text: 'With and without dropout' }), el('label', { class: 'learn-field' }, ['Show ', this.toggle])]),
      this.chart.root,
      this.gaps,
      this.verdict,
    ]);
  }

  render(input: DropoutComparisonInput): void {
    this.input = input;
    const metric = this.toggle.value as CurveMetric;
    const a = curvePoints(input.withDropout, metric);
    const b = curvePoints(input.withoutDropout, metric);
    const accuracy = metric === 'accuracy';
    this.chart.render(
      [
        { label: 'without dropout, train', points: b.train, color: 1, ghost: true },
        { label: 'without dropout, test', points: b.test, color: 1, dashed: true, ghost: true },
        { label: 'with dropout, train', points: a.train, color: 0 },
        { label: 'with dropout, test', points: a.test, color: 0, dashed: true },
      ],
      {
        xLabel: 'epoch',
        yLabel: accuracy ? 'accuracy' : 'loss',
        formatX: (x) => String(x),
        formatY: accuracy ? formatPercent : formatStat,
        width: 520,
        height: 260,
      },
    );
    const row = (label: string, run: readonly EpochMetrics[]): HTMLElement[] => {
      const g = finalGap(run, metric);
      const text = g
        ? accuracy
          ? `train ${formatPercent(g.train)}, test ${formatPercent(g.test)} (both in evaluation mode): gap ${(g.gap * 100).toFixed(1)} points (epoch ${g.epoch})`
          : `train ${formatStat(g.train)}, test ${formatStat(g.test)}: gap ${formatStat(g.gap)} (epoch ${g.epoch})`
        : 'not trained yet';
      return [el('dt', { text: label }), el('dd', { text })];
    };
    this.gaps.replaceChildren(...row('With dropout', input.withDropout), ...row('Without dropout (ghost)', input.withoutDropout));
    const verdict = dropoutVerdict(input.withDropout, input.withoutDropout);
    this.verdict.dataset.verdict = verdict.kind;
    setText(this.verdict, verdictText(verdict));
  }
}
