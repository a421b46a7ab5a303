// The confusion matrix (counts, each row shaded by its share, so a class with few test
// examples reads like the others) and a strip of misclassified test images with their true
// and predicted labels. Plain DOM: a real table reads well with a screen reader.
import { type Confusion, confusionMatrix, misclassified } from '../../learn/confusion.ts';
import { el } from '../kit/dom.ts';
import { formatPercent } from '../kit/format.ts';
import { hexToRgb, learnColors } from './learn-palette.ts';
import '../../styles/learn.css';

export interface ConfusionInput {
  predicted: ArrayLike<number>;
  actual: ArrayLike<number>;
  classNames: readonly string[];
}

export class ConfusionView {
  readonly root: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly summary: HTMLElement;

  constructor(caption = 'Confusion matrix (test set)') {
    this.table = el('table', { class: 'learn-confusion' });
    this.summary = el('p', { class: 'learn-readout' });
    this.root = el('figure', { class: 'learn-confusion-figure' }, [el('figcaption', { class: 'learn-title', text: caption }), this.summary, el('div', { class: 'learn-scroll' }, [this.table])]);
  }

  render(input: ConfusionInput): Confusion {
    const c = confusionMatrix(input.predicted, input.actual, input.classNames.length);
    const names = input.classNames;
    const head = el('tr', {}, [el('th', { class: 'learn-corner', scope: 'col', text: 'true ↓ predicted →' }), ...names.map((n) => el('th', { scope: 'col', text: n }))]);
    const rows = names.map((trueName, t) =>
      el('tr', {}, [
        el('th', { scope: 'row', text: trueName }),
        ...names.map((predName, p) => {
          const k = t * c.classes + p;
          const share = c.rowShare[k]!;
          const cell = el('td', {
            class: t === p ? 'is-diagonal' : null,
            title: `true ${trueName}, predicted ${predName}: ${c.counts[k]} of ${c.rowTotals[t]} (${formatPercent(share)})`,
            text: String(c.counts[k]),
          });
          cell.style.setProperty('--share', share.toFixed(3));
          return cell;
        }),
      ]),
    );
    this.table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, rows));
    this.summary.textContent = `${c.correct} of ${c.total} correct (${formatPercent(c.total ? c.correct / c.total : NaN)}). Rows are the true class, shaded by the share of that row; the diagonal is correct.`;
    return c;
  }
}

export interface MistakesInput extends ConfusionInput {
  /** (n, h × w) pixels in [0, 1], the test split's x. */
  images: Float32Array;
  imageShape: readonly [number, number];
  limit?: number;
  /** The examples' positions in the test set, when `images` holds only some of them. */
  positions?: ArrayLike<number>;
}

/** A few misclassified test examples: the image, then "true → predicted". */
export class MistakesView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;

  constructor(caption = 'Misclassified test examples') {
    this.list = el('ol', { class: 'learn-mistakes' });
    this.note = el('p', { class: 'learn-readout' });
    this.root = el('figure', { class: 'learn-mistakes-figure' }, [el('figcaption', { class: 'learn-title', text: caption }), this.list, this.note]);
  }

  render(input: MistakesInput): number[] {
    const [h, w] = input.imageShape;
    const size = h * w;
    if (input.images.length !== input.actual.length * size) {
      throw new RangeError(`misclassified: ${input.images.length} pixels are not ${input.actual.length} images of ${h}×${w}`);
    }
    const wrong = misclassified(input.predicted, input.actual, input.limit ?? 12);
    const colors = learnColors(this.root.isConnected ? this.root : document.documentElement);
    const ink = hexToRgb(colors.ink);
    const paper = hexToRgb(colors.paper);
    this.list.replaceChildren(
      ...wrong.map((i) => {
        const truth = input.classNames[input.actual[i]!] ?? String(input.actual[i]);
        const guess = input.classNames[input.predicted[i]!] ?? String(input.predicted[i]);
        const text = `test example ${input.positions?.[i] ?? i}: true ${truth}, predicted ${guess}`;
        const canvas = el('canvas', { class: 'learn-sample', role: 'img', 'aria-label': text, title: text });
        canvas.width = w;
        canvas.height = h;
        const ctx = canvas.getContext('2d');
        if (ctx) {
          const image = ctx.createImageData(w, h);
          for (let p = 0; p < size; p++) {
            const v = Math.min(1, Math.max(0, input.images[i * size + p]!)); // 1 = ink
            for (let ch = 0; ch < 3; ch++) image.data[p * 4 + ch] = paper[ch]! + (ink[ch]! - paper[ch]!) * v;
            image.data[p * 4 + 3] = 255;
          }
          ctx.putImageData(image, 0, 0);
        }
        return el('li', {}, [canvas, el('span', { class: 'learn-sample-label' }, [el('span', { text: truth }), ' → ', el('strong', { text: guess })])]);
      }),
    );
    this.note.textContent = wrong.length === 0 ? 'No mistakes on the test set.' : `The first ${wrong.length} mistakes in test-set order: true label → predicted.`;
    return wrong;
  }
}
