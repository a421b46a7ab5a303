// The depth lab: per block, the spread of the activations going forward and of the gradients
// coming back, one line per init scheme (at initialisation) or per training step, on log
// scales, with one verdict per line from the spreads, the saturation, the units' sameness and,
// during training, the loss and the steps against the weights (learn/depth-verdict.ts).
import type { DepthSeries } from '../../learn/depth.ts';
import { depthVerdict } from '../../learn/depth-verdict.ts';
import { el } from '../kit/dom.ts';
import { formatStat } from '../kit/format.ts';
import { LineChart } from './learn-chart.ts';

export interface DepthLabInput {
  series: readonly DepthSeries[];
  /** Block kinds in order ("linear", "tanh", ...), for the x read-out and the reading. */
  kinds: readonly string[];
  /** "at initialisation" or "during training (step 120)". */
  when: string;
}

export class DepthLab {
  readonly root: HTMLElement;
  private readonly activations = new LineChart('Activation spread per block');
  private readonly gradients = new LineChart('Gradient spread per block');
  private readonly readings: HTMLElement;
  private readonly heading: HTMLElement;

  constructor() {
    this.heading = el('h3', { class: 'learn-heading', text: 'Depth lab' });
    this.readings = el('ul', { class: 'learn-readings' });
    this.root = el('section', { class: 'learn-depth', 'aria-label': 'Depth lab' }, [
      this.heading,
      el('p', { class: 'learn-note', text: 'Standard deviation of each block’s output (forward) and of the loss gradient at that output (backward), on one batch. An init matched to the activation (LeCun or Xavier for Tanh and Sigmoid, He for ReLU) keeps both lines roughly level; a line falling or climbing steeply block after block points to a mismatched init. Whether the layers learn is judged from the loss and from each step’s size against the weights (the readings below), not from the gradient line alone: Adam’s step does not grow with the gradient.' }),
      el('div', { class: 'learn-row' }, [this.activations.root, this.gradients.root]),
      this.readings,
    ]);
  }

  render(input: DepthLabInput): void {
    const { kinds } = input;
    this.heading.textContent = `Depth lab — ${input.when}`;
    const describe = (x: number): string => `block ${x} (${kinds[x - 1] ?? '?'})`;
    const lines = (pick: 'outputStd' | 'gradStd') =>
      input.series.map((s, i) => ({ label: s.label, color: i, dashed: i % 2 === 1, points: s.blocks.map((b, k) => [k + 1, b[pick]] as const) }));
    const common = { xLabel: 'block', logY: true, formatX: (x: number) => String(x), describeX: describe, formatY: formatStat, width: 400, height: 230 };
    this.activations.render(lines('outputStd'), { ...common, yLabel: 'std of output' });
    this.gradients.render(lines('gradStd'), { ...common, yLabel: 'std of gradient' });
    this.readings.replaceChildren(
      ...input.series.map((s) => {
        const zero = s.blocks.some((b) => b.outputStd === 0 || b.gradStd === 0);
        const note = zero ? ' (zeros cannot be drawn on a log scale: those points are left out)' : '';
        const reading = s.reading ?? depthVerdict({ kinds, blocks: s.blocks });
        return el('li', { 'data-verdict': reading.verdict }, [el('strong', { text: `${s.label}: ` }), reading.text + note]);
      }),
    );
  }
}
