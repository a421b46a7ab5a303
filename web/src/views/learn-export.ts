// "Export the trained model": model.py (the network as PyTorch code plus the lines that load
// the weights) and model.npz (the state_dict), as downloads, with the loading snippet shown.
import { type LinearValues, WEIGHTS_FILE, loadWeightsSnippet, toPyTorchTrained, weightsNpz } from '../model/export-weights.ts';
import type { NetworkModel } from '../model/network.ts';
import { el, setText } from './dom.ts';
import { formatBytes } from './format.ts';
import '../styles/learn.css';

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

  /** `trained` is asked at click time, so the files hold the weights of that moment. */
  constructor(private readonly trained: () => TrainedModel) {
    const py = el('button', { type: 'button', class: 'button', text: 'Download model.py' });
    const npz = el('button', { type: 'button', class: 'button', text: `Download ${WEIGHTS_FILE}` });
    this.status = el('p', { class: 'learn-readout', 'aria-live': 'polite' });
    py.addEventListener('click', () => this.guard(() => {
      const text = toPyTorchTrained(this.trained().model);
      download('model.py', text, 'text/x-python');
      return `model.py: ${text.split('\n').length - 1} lines`;
    }));
    npz.addEventListener('click', () => this.guard(() => {
      const bytes = weightsNpz(this.trained().linears);
      download(WEIGHTS_FILE, bytes.slice().buffer, 'application/zip');
      return `${WEIGHTS_FILE}: ${formatBytes(bytes.length)}`;
    }));
    this.root = el('section', { class: 'learn-export', 'aria-label': 'Export the trained model' }, [
      el('h3', { class: 'learn-heading', text: 'Export the trained model' }),
      el('div', { class: 'learn-toolbar' }, [py, npz]),
      el('p', { class: 'learn-note', text: 'Put both files in one folder; model.py builds the network and loads the weights with:' }),
      el('pre', { class: 'learn-code', text: loadWeightsSnippet() }),
      this.status,
    ]);
  }

  private guard(action: () => string): void {
    try {
      setText(this.status, `Saved ${action()}.`);
    } catch (e) {
      setText(this.status, `Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
