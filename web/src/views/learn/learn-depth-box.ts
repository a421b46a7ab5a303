// The depth lab in the page: the network's spread of activations and gradients per block at
// initialisation for each init scheme, and during training (first, middle and latest of the
// steps fetched so far), with the 10 × Linear(256) + Tanh preset and a switch for every
// Linear's init one click away. Inside a <details>: closed, nothing is fetched for it.
import { DEEP_TANH_PRESET, depthPresetFor, withInit } from '../../learn/depth-preset.ts';
import { type DepthSeries, type DepthStep, depthSeriesOfSteps } from '../../learn/depth.ts';
import { depthVerdict } from '../../learn/depth-verdict.ts';
import type { LayerUpdate } from '../../learn/update-probe.ts';
import { INIT_INFO, INIT_SCHEMES } from '../../vocabulary/blocks.ts';
import type { NetworkModel } from '../../model/network/network.ts';
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import type { OptimizerId, TrainSettings } from '../../model/training/settings.ts';
import type { BlockStats } from '../../engine/layerlab';
import { el, setText, uniqueId } from '../kit/dom.ts';
import { DepthLab } from './learn-depth.ts';

/** Steps of depth statistics kept per run (the lab draws three of them). */
const KEPT_STEPS = 400;

export interface DepthBoxDeps {
  model(): NetworkModel;
  replaceModel(model: NetworkModel): void;
  settings(): TrainSettings;
}

export class DepthBox {
  readonly root: HTMLDetailsElement;
  private readonly atInit = new DepthLab();
  private readonly during = new DepthLab();
  private readonly initSelect: HTMLSelectElement;
  private readonly note: HTMLElement;
  private steps: DepthStep[] = [];
  private kinds: string[] = [];

  constructor(private readonly deps: DepthBoxDeps) {
    const preset = el('button', { type: 'button', class: 'button', 'data-learn': 'depth-preset', text: `Load ${DEEP_TANH_PRESET.name}` });
    preset.addEventListener('click', () => deps.replaceModel(depthPresetFor(deps.model(), deps.settings())));
    const selectId = uniqueId('depth-init');
    this.initSelect = el('select', { id: selectId, 'data-learn': 'depth-init' }, [
      el('option', { value: '', text: 'as each block says' }),
      ...INIT_SCHEMES.map((s) => el('option', { value: s, text: INIT_INFO[s].label })),
    ]);
    this.initSelect.addEventListener('change', () => {
      const init = INIT_SCHEMES.find((s) => s === this.initSelect.value);
      if (init) deps.replaceModel(withInit(deps.model(), init));
    });
    this.note = el('p', { class: 'learn-readout', 'data-learn': 'depth-note', text: 'Train (Step or Play) to measure this network.' });
    this.root = el('details', { class: 'learn-depth-box', 'data-learn': 'depth' }, [
      el('summary', { class: 'learn-heading', text: 'Depth lab: activation and gradient spread per block' }),
      el('div', { class: 'learn-toolbar' }, [preset, el('label', { for: selectId, text: 'Every Linear’s init' }), this.initSelect]),
      this.note,
      this.atInit.root,
      this.during.root,
    ]);
  }

  get open(): boolean {
    return this.root.open;
  }

  onToggle(fn: () => void): void {
    this.root.addEventListener('toggle', fn);
  }

  /** A new run: the kept steps belong to the old one. */
  clear(layers: readonly LayerSpec[]): void {
    this.steps = [];
    this.kinds = layers.map((l) => l.kind);
    const inits = new Set(this.deps.model().blocks.flatMap((b) => (b.kind === 'linear' ? [b.init] : [])));
    this.initSelect.value = inits.size === 1 ? [...inits][0]! : '';
  }

  showInit(series: readonly DepthSeries[]): void {
    this.atInit.render({ series, kinds: this.kinds, when: 'at initialisation, this network with each init scheme' });
  }

  /**
   * A training step's statistics, judged with the last measured update (per Linear), the
   * losses of the run so far (oldest first) and the optimizer.
   */
  addStep(step: number, blocks: readonly BlockStats[], updates: readonly LayerUpdate[] | null, losses: readonly number[], optimizer: OptimizerId): void {
    // The same step again (a repaint after a colour-scheme change) redraws without a new point.
    if (this.steps.at(-1)?.step !== step) this.steps.push({ step, blocks, reading: depthVerdict({ kinds: this.kinds, blocks, updates, losses, optimizer }) });
    // Keep the first and thin the rest: the lab reads first, middle and latest.
    if (this.steps.length > KEPT_STEPS) this.steps = this.steps.filter((_, i) => i === 0 || i % 2 === 1);
    this.during.render({ series: depthSeriesOfSteps(this.steps), kinds: this.kinds, when: `during training (step ${step})` });
    setText(this.note, `Measured on one training batch; ${this.steps.length} measurements this run.`);
  }

  fail(message: string): void {
    setText(this.note, message);
  }
}
