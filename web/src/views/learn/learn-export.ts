// "Export the trained model": model.py (the network as PyTorch code plus the lines that load
// the weights and switch to evaluation mode) and model.npz (the state_dict), as downloads,
// with the loading snippet shown.
import type { LinearValues } from '../../engine/weights.ts';
import { WEIGHTS_FILE, loadWeightsSnippet, toPyTorchTrained, weightsNpz } from '../../model/export/export-weights.ts';
import type { NetworkModel } from '../../model/network/network.ts';
import { el, setText } from '../kit/dom.ts';
import { formatBytes } from '../kit/format.ts';
import '../../styles/learn.css';

export interface TrainedModel {
  model: NetworkModel;
  linears: readonly LinearValues[];
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export class ExportTrained {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  /**
   * `trained` is asked at click time, so the files hold the weights of that moment; it may
   * answer later (the training worker sends them), and the buttons wait while it does.
   */
  constructor(private readonly trained: () => TrainedModel | Promise<TrainedModel>) {
    const py = el('button', { type: 'button', class: 'button', text: 'Download model.py', 'data-export': 'py' });
    const npz = el('button', { type: 'button', class: 'button', text: `Download ${WEIGHTS_FILE}`, 'data-export': 'npz' });
    this.buttons = [py, npz];
    this.status = el('p', { class: 'learn-readout', 'aria-live': 'polite', 'data-export': 'status' });
    py.addEventListener('click', () =>
      void this.guard(async () => {
        const text = toPyTorchTrained((await this.trained()).model);
        download('model.py', text, 'text/x-python');
        return `model.py: ${text.split('\n').length - 1} lines`;
      }),
    );
    npz.addEventListener('click', () =>
      void this.guard(async () => {
        const bytes = weightsNpz((await this.trained()).linears);
        download(WEIGHTS_FILE, bytes.slice().buffer, 'application/zip');
        return `${WEIGHTS_FILE}: ${formatBytes(bytes.length)}`;
      }),
    );
    this.root = el('section', { class: 'learn-export', 'aria-label': 'Export the trained model' }, [
      el('h3', { class: 'learn-heading', text: 'Export the trained model' }),
      el('div', { class: 'learn-toolbar' }, [py, npz]),
      el('p', { class: 'learn-note', text: 'Put both files in one folder; model.py builds the network, loads the weights and leaves it in evaluation mode, ready to predict:' }),
      el('pre', { class: 'learn-code', text: loadWeightsSnippet() }),
      this.status,
    ]);
  }

  /** Buttons off (with the reason shown) while there is nothing to export. */
  setAvailable(available: boolean, reason = ''): void {
    for (const b of this.buttons) b.disabled = !available;
    if (!available) setText(this.status, reason);
    else if (this.status.textContent === reason) setText(this.status, '');
  }

  private async guard(action: () => Promise<string>): Promise<void> {
    for (const b of this.buttons) b.disabled = true;
    try {
      setText(this.status, `Saved ${await action()}.`);
    } catch (e) {
      setText(this.status, `Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      for (const b of this.buttons) b.disabled = false;
    }
  }
}
