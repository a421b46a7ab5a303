// Whole-network figures (parameters, memory, multiply-adds, timing) and the WASM memory panel.
import type { AppState } from '../app/store.ts';
import { el, setHidden, setText } from './dom.ts';
import { formatBytes, formatCompact, formatCount, formatMs } from './format.ts';

function stat(label: string, key: string): { root: HTMLElement; value: HTMLElement; sub: HTMLElement } {
  const value = el('span', { class: 'total-value mono', 'data-total': key });
  const sub = el('span', { class: 'total-sub' });
  return { root: el('div', { class: 'total' }, [el('dt', { text: label }), el('dd', {}, [value, sub])]), value, sub };
}

export class TotalsPanel {
  readonly root: HTMLElement;
  readonly memoryRoot: HTMLElement;
  private readonly params = stat('Parameters', 'parameters');
  private readonly paramBytes = stat('Parameter memory', 'parameter-bytes');
  private readonly actBytes = stat('Activation memory', 'activation-bytes');
  private readonly macs = stat('Multiply-adds / forward', 'multiply-adds');
  private readonly forward = stat('Forward pass', 'forward-ms');
  private readonly status: HTMLElement;
  private readonly memText: HTMLElement;
  private readonly memBar: HTMLElement;
  private readonly kernel: HTMLElement;

  constructor() {
    this.status = el('p', { class: 'status', role: 'status' });
    this.root = el('section', { class: 'panel panel-totals', 'aria-labelledby': 'totals-title' }, [
      el('h2', { id: 'totals-title', class: 'panel-title', text: 'Totals' }),
      el('dl', { class: 'totals' }, [this.params.root, this.paramBytes.root, this.actBytes.root, this.macs.root, this.forward.root]),
      this.status,
    ]);
    this.memText = el('p', { class: 'memory-text', 'data-total': 'wasm-memory' });
    this.memBar = el('span', { class: 'meter-fill' });
    this.kernel = el('p', { class: 'hint' });
    this.memoryRoot = el('section', { class: 'panel', 'aria-labelledby': 'memory-title' }, [
      el('h2', { id: 'memory-title', class: 'panel-title', text: 'WASM memory' }),
      el('div', { class: 'meter', 'aria-hidden': 'true' }, [this.memBar]),
      this.memText,
      this.kernel,
    ]);
  }

  render(state: Readonly<AppState>): void {
    const s = state.snapshot;
    if (!s) return;
    const t = s.totals;
    setText(this.params.value, formatCount(t.parameters));
    setText(this.params.sub, formatCompact(t.parameters));
    setText(this.paramBytes.value, formatBytes(t.parameterBytes));
    setText(this.paramBytes.sub, 'float32');
    setText(this.actBytes.value, formatBytes(t.activationBytes));
    setText(this.actBytes.sub, `batch of ${s.inputShape[0] ?? 0}, + ${formatBytes(t.inputBytes)} input`);
    setText(this.macs.value, formatCount(t.multiplyAdds));
    setText(this.macs.sub, formatCompact(t.multiplyAdds));
    setText(this.forward.value, formatMs(s.forwardMs));
    setText(this.forward.sub, `engine run ${formatMs(s.runMs)}${state.lastFrameMs !== null ? ` · last update ${formatMs(state.lastFrameMs)}` : ''}`);
    let status = '';
    if (state.engineError) status = `The engine failed: ${state.engineError}. Showing the last result.`;
    else if (s.error) status = 'The network has a shape error; totals count the blocks before it.';
    else if (state.computingValues) status = 'computing values…';
    else if (s.valuesSkipped) status = `Values not computed: ${s.valuesSkipped}.`;
    setText(this.status, status);
    setHidden(this.status, status === '');
    this.status.dataset.kind = state.engineError || s.error ? 'error' : 'info';
    const { inUse, heap } = s.memory;
    setText(this.memText, `${formatBytes(inUse)} in use of ${formatBytes(heap)} heap`);
    this.memBar.style.width = `${heap > 0 ? Math.min(100, (inUse / heap) * 100).toFixed(1) : 0}%`;
    setText(this.kernel, `Kernel: ${s.kernel}`);
  }
}
