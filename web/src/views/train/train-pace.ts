// Pace and the stopping rule: how fast Play steps (from one batch a second, where each batch
// and its loss can be followed, to full speed) and when it pauses by itself (after every N
// epochs, so the learning phase is seen and the run does not go on for ever unnoticed).
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import { PACES } from '../../train/page/pace.ts';
import { validateStopEpochs } from '../../model/training/settings.ts';
import { el, setAttr, setText, uniqueId } from '../kit/dom.ts';

export function paceLabel(pace: number | null): string {
  return pace === null ? 'Full speed' : `${pace} batch${pace === 1 ? '' : 'es'} a second`;
}

export class PaceControls {
  readonly root: HTMLElement;
  private readonly pace: HTMLSelectElement;
  private readonly stop: HTMLInputElement;
  private readonly stopError: HTMLElement;

  constructor(controller: TrainController) {
    const paceId = uniqueId('train-pace');
    const stopId = uniqueId('train-stop');
    this.pace = el(
      'select',
      { id: paceId, 'data-train': 'pace' },
      PACES.map((p) => el('option', { value: p === null ? 'full' : String(p), text: paceLabel(p) })),
    );
    this.pace.addEventListener('change', () => controller.setPace(this.pace.value === 'full' ? null : Number(this.pace.value)));
    this.stopError = el('span', { id: `${stopId}-error`, class: 'field-error', 'data-train-error': 'stop' });
    this.stop = el('input', { id: stopId, type: 'text', inputmode: 'numeric', 'data-train': 'stop', 'aria-describedby': `${stopId}-error` });
    this.stop.addEventListener('change', () => {
      const v = validateStopEpochs(this.stop.value);
      setText(this.stopError, v.ok ? '' : v.error);
      setAttr(this.stop, 'aria-invalid', v.ok ? null : 'true');
      if (v.ok) controller.setStopEpochs(v.value);
    });
    this.root = el('div', { class: 'train-grid train-pace' }, [
      el('div', { class: 'train-field' }, [el('label', { for: paceId, text: 'Pace' }), this.pace]),
      el('div', { class: 'train-field' }, [el('label', { for: stopId, text: 'Stop after (epochs, 0 never)' }), this.stop, this.stopError]),
    ]);
  }

  render(view: Readonly<TrainView>): void {
    const pace = view.pace === null ? 'full' : String(view.pace);
    if (this.pace.value !== pace) this.pace.value = pace;
    if (document.activeElement !== this.stop && this.stopError.textContent === '') {
      const text = String(view.stopEpochs);
      if (this.stop.value !== text) this.stop.value = text;
    }
  }
}
