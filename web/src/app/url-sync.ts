// Keeps location.hash equal to the model's encoding (replaceState, so edits do not flood the
// history) and reads it back when the learner changes the link by hand.
import { type NetworkModel } from '../model/network.ts';
import { decodeUrlState, encodeUrlState } from '../model/url-state.ts';

export class UrlSync {
  private written = '';
  private lastModel: NetworkModel | null = null;

  /** Writes the hash for `model` when the model changed since the last write. */
  write(model: NetworkModel): void {
    if (model === this.lastModel) return;
    this.lastModel = model;
    const hash = encodeUrlState(model);
    if (hash === this.written && location.hash === hash) return;
    this.written = hash;
    history.replaceState(history.state, '', hash);
  }

  /** The model in the current hash, or null when there is no hash. */
  read(): { model: NetworkModel; problems: string[] } | null {
    const hash = location.hash;
    if (hash === '' || hash === '#') return null;
    return decodeUrlState(hash);
  }

  /** Calls back when the hash changes to something this page did not write. */
  onExternalChange(callback: (decoded: { model: NetworkModel; problems: string[] }) => void): void {
    window.addEventListener('hashchange', () => {
      if (location.hash === this.written) return;
      const decoded = this.read();
      if (decoded) callback(decoded);
    });
  }
}
