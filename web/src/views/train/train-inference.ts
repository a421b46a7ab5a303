// "Dropout left on at inference", seen: with the switch on, the test set's accuracy in
// evaluation mode beside training mode at the same step, and one test sample predicted
// several times in each mode. In training mode each pass draws new dropout masks, so the
// answers (or at least their confidence) change; in evaluation mode they are the same every time.
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import type { InferenceReport } from '../../train/protocol.ts';
import { el, setHidden, setText } from '../kit/dom.ts';
import { paintSample, sampleColors } from '../learn/learn-confusion.ts';
import { formatCount } from '../kit/format.ts';
import { lossText, percent } from './train-format.ts';

export class InferenceModes {
  readonly root: HTMLElement;
  private readonly evalFigure: HTMLElement;
  private readonly trainFigure: HTMLElement;
  private readonly sampleCanvas: HTMLCanvasElement;
  private readonly sampleText: HTMLElement;
  private readonly evalRow: HTMLElement;
  private readonly trainRow: HTMLElement;
  private readonly note: HTMLElement;
  private readonly next: HTMLButtonElement;
  private shown: InferenceReport | null = null;

  constructor(private readonly controller: TrainController) {
    this.evalFigure = el('p', { class: 'modes-figure', 'data-train': 'modes-eval' });
    this.trainFigure = el('p', { class: 'modes-figure is-training', 'data-train': 'modes-training' });
    this.sampleCanvas = el('canvas', { class: 'learn-sample modes-sample', role: 'img' });
    this.sampleText = el('p', { class: 'modes-sample-text' });
    this.evalRow = el('p', { class: 'modes-passes', 'data-train': 'passes-eval' });
    this.trainRow = el('p', { class: 'modes-passes', 'data-train': 'passes-training' });
    this.note = el('p', { class: 'panel-foot', 'data-train': 'modes-note' });
    this.next = el('button', { type: 'button', class: 'button', 'data-train': 'modes-next', text: 'Next test image' });
    this.next.addEventListener('click', () => {
      const r = this.shown;
      if (r) controller.measureModesOn(r.sample.index + 1);
    });
    this.root = el('div', { class: 'train-modes', 'data-train': 'modes', hidden: true }, [
      el('div', { class: 'modes-pair' }, [this.evalFigure, this.trainFigure]),
      el('div', { class: 'modes-one' }, [this.sampleCanvas, el('div', {}, [this.sampleText, this.evalRow, this.trainRow, this.next])]),
      this.note,
    ]);
  }

  render(view: Readonly<TrainView>): void {
    const r = view.inference;
    setHidden(this.root, !view.testInTrainingMode || (r === null && view.inferenceProblem === null));
    if (!view.testInTrainingMode) return;
    if (r === null) {
      setText(this.note, view.inferenceProblem ? `The two modes could not be measured: ${view.inferenceProblem}` : 'Measuring both modes…');
      return;
    }
    if (r === this.shown) return;
    this.shown = r;
    setText(this.evalFigure, `Evaluation mode (model.eval()): test accuracy ${percent(r.evaluation.accuracy)}, loss ${lossText(r.evaluation.loss)}`);
    setText(this.trainFigure, `Training mode (Dropout on): test accuracy ${percent(r.training.accuracy)}, loss ${lossText(r.training.loss)}`);
    const names = view.dataset?.classNames ?? [];
    const name = (k: number): string => names[k] ?? String(k);
    const shape = view.dataset?.imageShape ?? null;
    const image = shape !== null && r.sample.features.length === shape[0] * shape[1];
    setHidden(this.sampleCanvas, !image);
    const truth = name(r.sample.label);
    if (image && shape) {
      const { ink, paper } = sampleColors(this.root);
      paintSample(this.sampleCanvas, r.sample.features, shape, ink, paper);
      this.sampleCanvas.setAttribute('aria-label', `test image ${r.sample.index}, a ${truth}`);
    }
    const where = image ? `Test image ${r.sample.index}` : `Test point ${r.sample.index} at (${Array.from(r.sample.features, (v) => v.toFixed(2)).join(', ')})`;
    setText(this.sampleText, `${where}, true class ${truth}, predicted ${r.sample.training.predicted.length} times at step ${formatCount(r.step)}:`);
    const passes = (p: { predicted: number[]; confidence: number[] }): string => p.predicted.map((k, i) => `${name(k)} (${Math.round((p.confidence[i] ?? 0) * 100)} %)`).join(' · ');
    setText(this.evalRow, `Evaluation mode: ${passes(r.sample.evaluation)}`);
    setText(this.trainRow, `Training mode: ${passes(r.sample.training)}`);
    const changes = new Set(r.sample.training.predicted).size > 1;
    setText(
      this.note,
      !r.hasDropout
        ? 'This network has no Dropout block with p > 0, so both modes compute the same function and agree. Add a Dropout block to see the mistake.'
        : `In training mode every pass draws new dropout masks: the same image gets ${changes ? 'different answers' : 'different confidences'}, and the test accuracy is lower. In evaluation mode Dropout is the identity and every pass agrees. Left on at inference, Dropout makes predictions random and worse.`,
    );
  }
}
