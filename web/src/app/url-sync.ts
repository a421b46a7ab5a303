// Keeps location.hash equal to the model's encoding (replaceState, so edits do not flood the
// history) and reads it back when the learner changes the link by hand.
import { type NetworkModel } from '../model/network/network.ts';
import { type DecodedUrl, type TrainUrl, decodeUrlState, encodeUrlState } from '../model/link/url-state.ts';

export class UrlSync {
  private written = '';
  private lastModel: NetworkModel | null = null;
  private lastTraining: TrainUrl | undefined = undefined;

  /** Writes the hash for `model` (and training settings) when either changed since the last write. */
  write(model: NetworkModel, training?: TrainUrl): void {
    if (model === this.lastModel && training === this.lastTraining) return;
    this.lastModel = model;
    this.lastTraining = training;
    const hash = encodeUrlState(model, training);
    if (hash === this.written && location.hash === hash) return;
    this.written = hash;
    history.replaceState(history.state, '', hash);
  }

  /** The model in the current hash, or null when there is no hash. */
  read(): DecodedUrl | null {
    const hash = location.hash;
    if (hash === '' || hash === '#') return null;
    return decodeUrlState(hash);
  }

  /** Calls back when the hash changes to something this page did not write. */
  onExternalChange(callback: (decoded: DecodedUrl) => void): void {
    window.addEventListener('hashchange', () => {
      if (location.hash === this.written) return;
      const decoded = this.read();
      if (decoded) callback(decoded);
    });
  }
}
