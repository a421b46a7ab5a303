// Whole-network figures (parameters, memory, multiply-adds, timing) and the WASM memory panel.
import type { AppState } from '../../app/store.ts';
import { courseCounts, flopsLine } from '../blocks/captions.ts';
import { el, setHidden, setText } from '../kit/dom.ts';
import { formatBytes, formatCompact, formatCount, formatMs } from '../kit/format.ts';

/** The rule for a network with a shape error, as the page states it (see block-stats.ts). */
export const SHAPE_ERROR_RULE =
  'Parameters count every block, whatever its input shape; from the failing block on, output shapes, activation memory and multiply-adds are unknown (—) and left out of these totals.';

/** The line under the totals: why they are what they are, or what is going on. */
export function totalsStatus(state: Readonly<AppState>): { text: string; kind: 'error' | 'info' } {
  const s = state.snapshot;
  if (state.engineError) return { text: `The engine failed: ${state.engineError}. Showing the last result.`, kind: 'error' };
  if (state.refusal) {
    return {
      text: `Budget refusal (not a shape error): block ${state.refusal.block + 1} takes the parameters over the memory budget, so nothing was run. The figures above are arithmetic, for every block.`,
      kind: 'error',
    };
  }
  if (s?.error) {
    const at = s.blocks.findIndex((b) => b.error !== null);
    return { text: `Shape error at block ${at + 1}. ${SHAPE_ERROR_RULE}`, kind: 'error' };
  }
  if (state.computingValues && state.valuesSlow) return { text: 'computing values…', kind: 'info' };
  if (s?.valuesSkipped) return { text: `Values not computed: ${s.valuesSkipped}.`, kind: 'info' };
  return { text: '', kind: 'info' };
}

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
  private readonly flops: HTMLElement;
  private readonly courseFlops: HTMLElement;
  private readonly courseMemory: HTMLElement;
  private readonly course: HTMLElement;
  private readonly memText: HTMLElement;
  private readonly memBar: HTMLElement;
  private readonly kernel: HTMLElement;

  constructor() {
    this.status = el('p', { class: 'status', role: 'status' });
    this.flops = el('p', { class: 'hint', 'data-total': 'flops' });
    this.courseFlops = el('span', { 'data-total': 'course-flops' });
    this.courseMemory = el('span', { 'data-total': 'course-memory' });
    this.course = el('div', { class: 'hint course-counts' }, [
      el('p', {}, [this.courseFlops]),
      el('p', {}, [this.courseMemory]),
      el('p', { text: 'The course’s “≈ 7.5 million FLOPs” and “≈ 147 KB” are these two counts for its 784→256→128→10 network at batch 32 (the Course 3-layer preset).' }),
    ]);
    this.root = el('section', { class: 'panel panel-totals', 'aria-labelledby': 'totals-title' }, [
      el('h2', { id: 'totals-title', class: 'panel-title', text: 'Totals' }),
      el('dl', { class: 'totals' }, [this.params.root, this.paramBytes.root, this.actBytes.root, this.macs.root, this.forward.root]),
      this.flops,
      this.course,
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
    // After a shape error these two cover the blocks before it only (the rule in the status).
    const partial = s.error !== null && state.refusal === null ? ' · before the error' : '';
    setText(this.actBytes.sub, `batch of ${s.inputShape[0] ?? 0}, + ${formatBytes(t.inputBytes)} input${partial}`);
    setText(this.macs.value, formatCount(t.multiplyAdds));
    setText(this.macs.sub, `${formatCompact(t.multiplyAdds)}${partial}`);
    setText(this.flops, flopsLine(t.multiplyAdds));
    // Counted for the whole network only: after a shape error the figures are partial.
    setHidden(this.course, s.error !== null);
    if (s.error === null) {
      const c = courseCounts({
        batch: s.inputShape[0] ?? 0,
        inputFeatures: s.inputShape.slice(1).reduce((a, b) => a * b, 1),
        linearOuts: state.model.blocks.flatMap((b, i) => (b.kind === 'linear' ? [(s.blocks[i]?.outputShape ?? [0, 0]).slice(1).reduce((a, b) => a * b, 1)] : [])),
        multiplyAdds: t.multiplyAdds,
      });
      setText(this.courseFlops, c.flops);
      setText(this.courseMemory, c.memory);
    }
    setText(this.forward.value, formatMs(s.forwardMs));
    setText(this.forward.sub, `engine run ${formatMs(s.runMs)}${state.lastFrameMs !== null ? ` · last update ${formatMs(state.lastFrameMs)}` : ''}`);
    const status = totalsStatus(state);
    setText(this.status, status.text);
    setHidden(this.status, status.text === '');
    this.status.dataset.kind = status.kind;
    // The engine's heap: the worker's on the page (its first answer brings it), or this thread's.
    const { inUse, heap } = s.memory;
    setText(this.memText, s.kernel === '' ? 'starting the engine…' : `${formatBytes(inUse)} in use of ${formatBytes(heap)} heap`);
    this.memBar.style.width = `${heap > 0 ? Math.min(100, (inUse / heap) * 100).toFixed(1) : 0}%`;
    setText(this.kernel, s.kernel === '' ? '' : `Kernel: ${s.kernel}`);
  }
}
