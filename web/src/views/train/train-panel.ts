// The training panel: data set, loss, optimizer and its numbers, Play / Pause / Step / Reset,
// and what the run is doing. Every typed value is checked (settings.ts) and a bad one is shown
// as text under its field, never sent. "Train" runs the optimizer; whether Dropout is active
// is the separate "Training mode" switch, as model.train() and the loop are in PyTorch.
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import {
  DATASET_IDS,
  type DatasetId,
  isToySet,
  LOSSES,
  type LossId,
  OPTIMIZERS,
  type OptimizerId,
  type TrainSettings,
  validateBatchSize,
  validateLr,
  validateMomentum,
  validateNoise,
  validateTrainFraction,
  validateWeightDecay,
} from '../../model/training/settings.ts';
import type { Validated } from '../../model/network/validate.ts';
import { el, setAttr, setHidden, setText, uniqueId } from '../kit/dom.ts';
import { bytesText, lossText, percent, STATUS_WORDS } from './train-format.ts';
import { formatCount } from '../kit/format.ts';

const DATASET_LABELS: { readonly [K in DatasetId]: string } = {
  circle: 'Circle (2-D)',
  xor: 'XOR (2-D)',
  gauss: 'Two Gaussians (2-D)',
  spiral: 'Spiral (2-D)',
  moons: 'Two moons (2-D)',
  digits: 'Digits 8×8 (1,797 images)',
  'fashion-mnist': 'Fashion-MNIST 28×28 (6,000 images, 2.6 MB)',
};
const LOSS_LABELS: { readonly [K in LossId]: string } = { 'cross-entropy': 'Cross-entropy', bce: 'BCE with logits (2 classes)', mse: 'MSE (one-hot)' };
const OPTIMIZER_LABELS: { readonly [K in OptimizerId]: string } = { sgd: 'SGD (momentum)', adam: 'Adam', adamw: 'AdamW' };

type NumberKey = 'lr' | 'momentum' | 'batchSize' | 'weightDecay' | 'noise' | 'trainFraction';

interface NumberField {
  input: HTMLInputElement;
  error: HTMLElement;
  row: HTMLElement;
}

export class TrainPanel {
  readonly root: HTMLElement;
  private readonly dataset: HTMLSelectElement;
  private readonly loss: HTMLSelectElement;
  private readonly optimizer: HTMLSelectElement;
  private readonly nesterov: HTMLInputElement;
  private readonly nesterovRow: HTMLElement;
  private readonly evalTraining: HTMLInputElement;
  private readonly numbers = new Map<NumberKey, NumberField>();
  private readonly playButton: HTMLButtonElement;
  private readonly stepButton: HTMLButtonElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly counters: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly progressText: HTMLElement;
  private readonly message: HTMLElement;
  private readonly fitBox: HTMLElement;
  private readonly fitText: HTMLElement;
  private readonly fitButton: HTMLButtonElement;
  /** The fit button was used: focus goes to Play once the fix has landed. */
  private focusAfterFit = false;
  private readonly memory: HTMLElement;
  private readonly seedNote: HTMLElement;
  private view: Readonly<TrainView> | null = null;

  constructor(private readonly controller: TrainController) {
    const titleId = uniqueId('train-title');
    this.dataset = this.select('dataset', DATASET_IDS, DATASET_LABELS, (v) => controller.setSettings({ dataset: v }));
    this.loss = this.select('loss', LOSSES, LOSS_LABELS, (v) => controller.setSettings({ loss: v }));
    this.optimizer = this.select('optimizer', OPTIMIZERS, OPTIMIZER_LABELS, (v) => controller.setSettings({ optimizer: v }));
    this.nesterov = el('input', { type: 'checkbox', 'data-train': 'nesterov' });
    this.nesterov.addEventListener('change', () => controller.setSettings({ nesterov: this.nesterov.checked }));
    this.nesterovRow = el('label', { class: 'train-check' }, [this.nesterov, ' Nesterov']);
    this.evalTraining = el('input', { type: 'checkbox', 'data-train': 'eval-training' });
    this.evalTraining.addEventListener('change', () => controller.setTestInTrainingMode(this.evalTraining.checked));

    this.playButton = el('button', { type: 'button', class: 'button button-primary', 'data-train': 'play', text: 'Play' });
    this.playButton.addEventListener('click', () => (this.view?.state.status === 'running' ? controller.pause() : controller.play()));
    this.stepButton = el('button', { type: 'button', class: 'button', 'data-train': 'step', text: 'Step', title: 'One batch, one optimizer step' });
    this.stepButton.addEventListener('click', () => controller.step());
    this.resetButton = el('button', { type: 'button', class: 'button', 'data-train': 'reset', text: 'Reset', title: 'Back to the weights the seed gives' });
    this.resetButton.addEventListener('click', () => controller.reset());

    this.status = el('p', { class: 'train-status', 'data-train': 'status', role: 'status' });
    this.counters = el('p', { class: 'train-counters', 'data-train': 'counters' });
    this.progress = el('progress', { class: 'train-progress', max: 1, 'aria-label': 'Loading progress' });
    this.progressText = el('span', { class: 'train-progress-text' });
    this.message = el('p', { class: 'train-message', 'data-train': 'message', role: 'alert' });
    this.fitText = el('span', {});
    this.fitButton = el('button', { type: 'button', class: 'button', 'data-train': 'fit' });
    this.fitButton.addEventListener('click', () => {
      // The button hides itself once the network fits: focus moves on to what comes next.
      this.focusAfterFit = true;
      controller.fit();
    });
    this.fitBox = el('div', { class: 'train-fit', 'data-train': 'fit-box' }, [this.fitText, this.fitButton]);
    this.memory = el('p', { class: 'train-message', 'data-train': 'memory' });
    this.seedNote = el('p', { class: 'panel-foot', 'data-train': 'seed' });

    const field = (key: NumberKey, label: string, validate: (v: string) => Validated<number>, attrs: Record<string, string>): HTMLElement => {
      const id = uniqueId(`train-${key}`);
      const errorId = `${id}-error`;
      const input = el('input', { id, type: 'text', inputmode: 'decimal', 'data-train': key, 'aria-describedby': errorId, ...attrs });
      const error = el('span', { id: errorId, class: 'field-error', 'data-train-error': key });
      const row = el('div', { class: 'train-field' }, [el('label', { for: id, text: label }), input, error]);
      input.addEventListener('change', () => {
        const v = validate(input.value);
        setText(error, v.ok ? '' : v.error);
        setAttr(input, 'aria-invalid', v.ok ? null : 'true');
        if (v.ok) controller.setSettings({ [key]: v.value } as Partial<TrainSettings>);
      });
      this.numbers.set(key, { input, error, row });
      return row;
    };

    const labelled = (text: string, control: HTMLElement): HTMLElement => {
      const id = uniqueId('train-select');
      control.id = id;
      return el('div', { class: 'train-field' }, [el('label', { for: id, text }), control]);
    };

    this.root = el('section', { class: 'panel panel-train', 'aria-labelledby': titleId, 'data-panel': 'train' }, [
      el('h2', { id: titleId, class: 'panel-title', text: 'Train' }),
      el('p', { class: 'panel-foot', text: 'Play runs the optimizer on the data set (the training loop). The Training mode switch (in the Mode panel) only decides whether Dropout is active, as model.train() in PyTorch.' }),
      labelled('Train on', this.dataset),
      field('noise', 'Noise (0–0.5)', validateNoise, {}),
      field('trainFraction', 'Training share', validateTrainFraction, {}),
      this.fitBox,
      el('div', { class: 'train-grid' }, [
        labelled('Loss', this.loss),
        labelled('Optimizer', this.optimizer),
        field('lr', 'Learning rate', validateLr, {}),
        field('batchSize', 'Mini-batch', validateBatchSize, { inputmode: 'numeric' }),
        field('momentum', 'Momentum', validateMomentum, {}),
        field('weightDecay', 'Weight decay', validateWeightDecay, {}),
      ]),
      this.nesterovRow,
      this.seedNote,
      this.memory,
      el('div', { class: 'train-buttons' }, [this.playButton, this.stepButton, this.resetButton]),
      this.status,
      el('div', { class: 'train-loading' }, [this.progress, this.progressText]),
      this.counters,
      this.message,
      el('label', { class: 'train-check' }, [this.evalTraining, ' Evaluate the test set in training mode (Dropout on: the "left on at inference" mistake)']),
    ]);
    controller.subscribe((view) => this.render(view));
  }

  private select<T extends string>(name: string, values: readonly T[], labels: { readonly [K in T]: string }, onChange: (value: T) => void): HTMLSelectElement {
    const select = el('select', { 'data-train': name }, values.map((v) => el('option', { value: v, text: labels[v] })));
    select.addEventListener('change', () => {
      const value = values.find((v) => v === select.value);
      if (value !== undefined) onChange(value);
    });
    return select;
  }

  render(view: Readonly<TrainView>): void {
    this.view = view;
    const { state, settings } = view;
    if (this.dataset.value !== settings.dataset) this.dataset.value = settings.dataset;
    if (this.loss.value !== settings.loss) this.loss.value = settings.loss;
    if (this.optimizer.value !== settings.optimizer) this.optimizer.value = settings.optimizer;
    this.nesterov.checked = settings.nesterov;
    this.evalTraining.checked = view.testInTrainingMode;
    for (const [key, f] of this.numbers) {
      // A field being typed in, or holding a refused value, keeps its text.
      if (document.activeElement !== f.input && f.error.textContent === '') {
        const text = String(settings[key]);
        if (f.input.value !== text) f.input.value = text;
      }
    }
    const toy = isToySet(settings.dataset);
    setHidden(this.numbers.get('noise')!.row, !toy);
    setHidden(this.numbers.get('trainFraction')!.row, !toy);
    setHidden(this.numbers.get('momentum')!.row, settings.optimizer !== 'sgd');
    setHidden(this.nesterovRow, settings.optimizer !== 'sgd');

    setHidden(this.fitBox, view.fit === null);
    if (view.fit) {
      setText(this.fitText, `This network does not fit the data set: ${view.fit.problem}.`);
      setText(this.fitButton, view.fit.fixLabel);
      setHidden(this.fitButton, !view.fit.canFix);
    }
    setText(this.seedNote, `Seed ${view.seed} (set under Mode): the initial weights, the batch order and the dropout masks all follow it; Reset goes back to them.`);
    setHidden(this.memory, view.memory === null);
    setText(this.memory, view.memory ?? '');

    const blocked = view.fit !== null || view.memory !== null;
    const running = state.status === 'running';
    setText(this.playButton, running ? 'Pause' : 'Play');
    setAttr(this.playButton, 'aria-pressed', running ? 'true' : 'false');
    this.playButton.disabled = blocked && !running;
    this.stepButton.disabled = blocked || state.status === 'loading';
    if (this.focusAfterFit && view.fit === null) {
      this.focusAfterFit = false;
      (this.playButton.disabled ? this.dataset : this.playButton).focus();
    }
    this.root.dataset.status = state.status;
    this.root.dataset.step = String(state.step);

    let status = STATUS_WORDS[state.status];
    if (state.replayLeft > 0) status = `Replaying steps from the seed: ${state.replayLeft} to go`;
    setText(this.status, status);
    const loading = state.status === 'loading' && state.loading !== null;
    const replaying = state.replayLeft > 0;
    setHidden(this.progress.parentElement!, !loading && !replaying);
    if (loading && state.loading) {
      const { received, total } = state.loading;
      if (total) this.progress.value = Math.min(1, received / total);
      else this.progress.removeAttribute('value');
      setText(this.progressText, `${bytesText(received)}${total ? ` of ${bytesText(total)}` : ''}`);
    } else if (replaying) {
      const target = state.step + state.replayLeft;
      this.progress.value = target > 0 ? state.step / target : 0;
      setText(this.progressText, `step ${state.step} of ${target}`);
    }

    const perEpoch = view.batchesPerEpoch;
    const epochText = perEpoch ? `${Math.floor(state.step / perEpoch)} epochs done, ${state.step % perEpoch} of ${perEpoch} batches into the next` : 'epochs —';
    const rate = view.samplesPerSecond !== null && running ? ` · ${formatCount(Math.round(view.samplesPerSecond))} samples/s` : '';
    const last = view.epochs[view.epochs.length - 1];
    const test = last ? ` · test ${percent(last.testAccuracy)} (loss ${lossText(last.testLoss)})` : '';
    setText(this.counters, `Step ${formatCount(state.step)} · ${epochText}${rate} · train loss ${lossText(view.trainLoss)}, accuracy ${percent(view.trainAccuracy)}${test}`);
    setText(this.message, state.message ?? '');
    setHidden(this.message, state.message === null);
    this.message.dataset.kind = state.status;
  }
}
