// Real inputs in the cards: while a data set is loaded for training, the cards can take real
// test samples as their input (a batch of them, from a sample the learner steps through),
// so every heatmap, mask and histogram is of the data the network learns from. The first
// sample is drawn beside its label; the cards' input panel data is used again when off.
import type { RealInput } from '../../engine/snapshot.ts';
import type { TrainView } from '../../train/page/controller.ts';
import { el, setHidden, setText } from '../kit/dom.ts';
import { paintSample, sampleColors } from '../learn/learn-confusion.ts';

export class RealInputControls {
  readonly root: HTMLElement;
  private readonly box: HTMLInputElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly text: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private first = 0;
  private on = false;

  constructor(private readonly choose: (first: number | null) => void) {
    this.box = el('input', { type: 'checkbox', 'data-train': 'real-input' });
    this.box.addEventListener('change', () => {
      this.on = this.box.checked;
      this.choose(this.on ? this.first : null);
    });
    this.canvas = el('canvas', { class: 'learn-sample modes-sample', role: 'img', 'data-train': 'real-sample' });
    this.text = el('p', { class: 'modes-sample-text', 'data-train': 'real-input-text' });
    this.prev = el('button', { type: 'button', class: 'button', text: 'Previous sample' });
    this.next = el('button', { type: 'button', class: 'button', 'data-train': 'real-next', text: 'Next sample' });
    this.prev.addEventListener('click', () => this.move(-1));
    this.next.addEventListener('click', () => this.move(1));
    this.root = el('div', { class: 'train-modes', 'data-train': 'real-input-box' }, [
      el('label', { class: 'train-check' }, [this.box, ' The cards take real test samples of the data set as their input (a batch, from the sample shown)']),
      el('div', { class: 'modes-one' }, [this.canvas, el('div', {}, [this.text, el('div', { class: 'train-buttons' }, [this.prev, this.next])])]),
    ]);
  }

  private move(by: number): void {
    this.first = Math.max(0, this.first + by);
    if (this.on) this.choose(this.first);
  }

  /** `real`: what the cards' last values were computed on; `view`: the data set loaded for training. */
  render(real: RealInput | null, view: Readonly<TrainView> | null): void {
    const ds = view?.dataset ?? null;
    const live = view !== null && ds !== null && view.state.status !== 'idle';
    setHidden(this.root, !live);
    setHidden(this.canvas.parentElement!, !this.on);
    if (!this.on || !ds) return;
    if (!real) {
      setText(this.text, `The network's input (${ds.inputShape.join(' × ')} features) does not take ${ds.name}'s samples, or they are still loading: the cards keep the input panel's data.`);
      setHidden(this.canvas, true);
      return;
    }
    this.first = real.first;
    const names = ds.classNames ?? [];
    const label = (k: number): string => names[k] ?? String(k);
    const shape = ds.imageShape;
    setHidden(this.canvas, shape === null);
    if (shape) {
      const { ink, paper } = sampleColors(this.root);
      paintSample(this.canvas, real.firstRow, shape, ink, paper);
      this.canvas.setAttribute('aria-label', `test sample ${real.first}, a ${label(real.labels[0] ?? 0)}`);
    }
    const rest = real.labels.slice(1, 8).map(label).join(', ');
    setText(this.text, `Input row 0: test sample ${real.first}, a ${label(real.labels[0] ?? 0)}. The batch's ${real.labels.length} rows are test samples ${real.first} on (then ${rest}${real.labels.length > 8 ? ', …' : ''}).`);
  }
}
