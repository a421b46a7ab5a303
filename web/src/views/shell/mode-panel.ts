// Training mode, seed and resampling, and which pictures to draw.
import type { AppState } from '../../app/store.ts';
import { type ViewOptions, setSeed, setTraining, setView } from '../../model/network/network.ts';
import { LIMITS, validateSeed } from '../../model/network/validate.ts';
import type { Edit } from '../../app/store.ts';
import { el, setAttr, setText, uniqueId } from '../kit/dom.ts';
import { Field } from '../kit/field.ts';

const VIEW_LABELS: { readonly [K in keyof ViewOptions]: string } = {
  masks: 'Dropout masks',
  heatmaps: 'Value heatmaps',
  histograms: 'Histograms',
};

/** A fresh seed for "Resample": any 32-bit value, different from the current one. */
export function freshSeed(current: number, random: () => number = Math.random): number {
  for (;;) {
    const seed = Math.floor(random() * (LIMITS.maxSeed + 1));
    if (seed !== current) return seed;
  }
}

export interface ModePanelOptions {
  /** The view checkboxes offered (all three on the full page; none when locked). */
  viewChoices: readonly (keyof ViewOptions)[];
  /** The embedded layout: a shorter explanation under the switch. */
  compact: boolean;
}

const ALL_VIEWS: ModePanelOptions = { viewChoices: ['heatmaps', 'histograms', 'masks'], compact: false };

export class ModePanel {
  readonly root: HTMLElement;
  private readonly training: HTMLButtonElement;
  private readonly trainingState: HTMLElement;
  private readonly seed: Field<number>;
  private readonly views = new Map<keyof ViewOptions, HTMLInputElement>();
  private model: AppState['model'] | null = null;

  constructor(edit: Edit, options: ModePanelOptions = ALL_VIEWS) {
    const stateId = uniqueId('training-state');
    this.training = el('button', { type: 'button', role: 'switch', class: 'switch', 'aria-checked': 'true', 'aria-describedby': stateId }, [
      el('span', { class: 'switch-track', 'aria-hidden': 'true' }, [el('span', { class: 'switch-thumb' })]),
      el('span', { class: 'switch-label', text: 'Training mode' }),
    ]);
    this.training.addEventListener('click', () => edit((m) => setTraining(m, !m.training)));
    this.trainingState = el('p', { id: stateId, class: 'hint' });
    this.seed = new Field({
      label: 'Seed',
      className: 'field-seed',
      validate: validateSeed,
      onValid: (seed) => edit((m) => setSeed(m, seed), 'seed'),
    });
    const resample = el('button', { type: 'button', class: 'button', text: 'Resample' });
    resample.title = 'Pick a new seed: new weights, masks and random input';
    resample.addEventListener('click', () => edit((m) => setSeed(m, freshSeed(m.seed))));
    const seedRow = el('div', { class: 'seed-row' }, [this.seed.root, resample]);
    const keys = (Object.keys(VIEW_LABELS) as (keyof ViewOptions)[]).filter((key) => options.viewChoices.includes(key));
    const checks = keys.map((key) => {
      const id = uniqueId(`view-${key}`);
      const input = el('input', { id, type: 'checkbox' });
      input.addEventListener('change', () => edit((m) => setView(m, { [key]: input.checked })));
      this.views.set(key, input);
      return el('div', { class: 'check' }, [input, el('label', { for: id, text: VIEW_LABELS[key] })]);
    });
    this.root = el('section', { class: 'panel', 'aria-labelledby': 'mode-title' }, [
      el('h2', { id: 'mode-title', class: 'panel-title', text: 'Mode' }),
      this.training,
      this.trainingState,
      seedRow,
    ]);
    if (checks.length > 0) {
      this.root.append(el('fieldset', { class: 'view-options' }, [el('legend', { class: 'field-label', text: 'Show' }), ...checks]));
    }
    if (options.compact) this.root.classList.add('panel-mode-compact');
  }

  render(state: Readonly<AppState>): void {
    const m = state.model;
    if (m === this.model) return;
    this.model = m;
    setAttr(this.training, 'aria-checked', m.training ? 'true' : 'false');
    setText(
      this.trainingState,
      m.training ? 'On: Dropout zeroes units and rescales the rest, like model.train().' : 'Off: Dropout passes values through, like model.eval().',
    );
    this.seed.sync(m.seed, state.generation);
    for (const [key, input] of this.views) input.checked = m.view[key];
  }
}
