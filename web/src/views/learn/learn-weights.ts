// Weights as pictures: a first Linear's W (in, out) on image data, each output unit's column
// drawn as an image of the input's shape, on one symmetric diverging scale (±the largest
// |w|, so tiles compare with each other), with a legend. One atlas, one putImageData per
// redraw; the tiles are scaled up by CSS with crisp pixels.
import { maxAbsOf } from '../../learn/diverging.ts';
import { type AtlasLayout, atlasHit, paintWeightAtlas, unitMaxAbs, weightAtlasLayout } from '../../learn/weight-atlas.ts';
import { imageFor } from '../kit/canvas.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';
import { formatStat } from '../kit/format.ts';
import { learnColors, packedColor, pageDivergingLut } from './learn-palette.ts';
import '../../styles/learn.css';

export interface WeightPicturesInput {
  /** (in, out) row-major, as Linear.weight().toArray() gives it. */
  weight: Float32Array;
  inFeatures: number;
  outFeatures: number;
  /** (height, width) of one input image: (8, 8) for digits, (28, 28) for Fashion-MNIST. */
  imageShape: readonly [number, number];
  /** Fixes the colour range (e.g. across training steps); default ±max |w|. */
  maxAbs?: number;
}

const TARGET_CSS_WIDTH = 480;

export class WeightPictures {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLCanvasElement;
  private readonly lo: HTMLElement;
  private readonly hi: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly highlight: HTMLElement;
  private readonly frame: HTMLElement;
  private layout: AtlasLayout | null = null;
  private input: WeightPicturesInput | null = null;
  private lut: Uint32Array | null = null;
  /** The border colour between tiles (0 is the surface colour, so gaps need their own); read once: getComputedStyle forces a style pass. */
  private background: number | null = null;
  private zoom = 1;
  private selected = 0;
  private readonly scale: HTMLSelectElement;
  private readonly scaleNote: HTMLElement;

  constructor(caption = 'Weights as pictures: one image per output unit') {
    this.canvas = el('canvas', { class: 'learn-atlas', tabindex: 0, role: 'img', 'aria-label': caption });
    this.highlight = el('div', { class: 'learn-atlas-highlight', hidden: true });
    this.frame = el('div', { class: 'learn-atlas-frame' }, [this.canvas, this.highlight]);
    this.legend = el('canvas', { class: 'learn-legend-bar', 'aria-hidden': 'true' });
    this.lo = el('span');
    this.hi = el('span');
    const legend = el('div', { class: 'learn-scale' }, [this.lo, this.legend, this.hi, el('span', { class: 'learn-scale-note', text: 'blue negative · orange positive · 0 is the plain background colour' })]);
    this.readout = el('p', { class: 'learn-readout', 'aria-live': 'polite', text: 'Point at a tile, or focus the picture and use the arrow keys, to read a unit’s weights.' });
    const scaleId = uniqueId('weights-scale');
    this.scale = el('select', { id: scaleId, 'data-learn': 'weights-scale' }, [
      el('option', { value: 'shared', text: 'one scale for all units (tiles compare)' }),
      el('option', { value: 'unit', text: 'each unit its own scale (every pattern at full contrast)' }),
    ]);
    this.scale.addEventListener('change', () => {
      if (this.input) this.render(this.input);
    });
    this.scaleNote = el('span', { class: 'learn-scale-note' });
    // A setting, not a read-out: the one read-out below the picture stays the one live region.
    const scaleRow = el('p', { class: 'learn-note' }, [el('label', { for: scaleId, text: 'Colour scale: ' }), this.scale, ' ', this.scaleNote]);
    this.root = el('figure', { class: 'learn-weights' }, [el('figcaption', { class: 'learn-title', text: caption }), this.frame, legend, scaleRow, this.readout]);
    this.canvas.addEventListener('pointermove', (e) => this.pointAt(e.offsetX / this.zoom, e.offsetY / this.zoom));
    this.canvas.addEventListener('pointerleave', () => this.select(this.selected, false));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.select(this.selected, true));
    this.canvas.addEventListener('blur', () => this.highlight.toggleAttribute('hidden', true));
  }

  /** Redraws every tile; cheap enough to call several times a second while training. */
  render(input: WeightPicturesInput): void {
    const layout = weightAtlasLayout(input.inFeatures, input.outFeatures, input.imageShape);
    if (input.weight.length !== input.inFeatures * input.outFeatures) {
      throw new RangeError(`weights: ${input.weight.length} values do not fill (${input.inFeatures}, ${input.outFeatures})`);
    }
    this.input = input;
    const sized = this.layout?.width !== layout.width || this.layout.height !== layout.height;
    this.layout = layout;
    this.lut ??= pageDivergingLut();
    const maxAbs = input.maxAbs ?? maxAbsOf(input.weight);
    const perUnit = this.scale.value === 'unit';
    const target = imageFor(this.canvas, layout.width, layout.height);
    if (!target) return;
    const pixels = new Uint32Array(target.image.data.buffer);
    // The gaps in the muted text colour: the grid's pale grey read as near-zero weights, so tiles ran together.
    this.background ??= packedColor(learnColors(this.canvas).muted);
    paintWeightAtlas(input.weight, layout, perUnit ? unitMaxAbs(input.weight, input.outFeatures) : maxAbs, this.lut, this.background, pixels);
    setText(this.scaleNote, perUnit ? 'the bar’s ends are each tile’s own largest |w|' : '');
    target.ctx.putImageData(target.image, 0, 0);
    if (sized) {
      this.zoom = Math.max(1, Math.floor(TARGET_CSS_WIDTH / layout.width));
      this.canvas.style.width = `${layout.width * this.zoom}px`;
      this.canvas.style.height = `${layout.height * this.zoom}px`;
      this.drawLegend();
    }
    setText(this.lo, `−${formatStat(maxAbs)}`);
    setText(this.hi, `+${formatStat(maxAbs)}`);
    const [h, w] = input.imageShape;
    this.canvas.setAttribute(
      'aria-label',
      perUnit
        ? `${input.outFeatures} output units, each drawn as a ${h}×${w} image of its weights, each on its own colour scale from minus its largest |w| (blue) through 0 to plus it (orange)`
        : `${input.outFeatures} output units, each drawn as a ${h}×${w} image of its weights; colour scale from −${formatStat(maxAbs)} (blue) through 0 to +${formatStat(maxAbs)} (orange)`,
    );
  }

  /** 'shared': one colour range for all tiles; 'unit': each tile its own. */
  setScale(scale: 'shared' | 'unit'): void {
    if (this.scale.value === scale) return;
    this.scale.value = scale;
    if (this.input) this.render(this.input);
  }

  /** Drops the colour table (call when the colour scheme changes), then render again. */
  invalidate(): void {
    this.lut = null;
    this.background = null;
    if (this.layout) this.drawLegend();
  }

  private drawLegend(): void {
    const lut = this.lut ?? pageDivergingLut();
    const target = imageFor(this.legend, lut.length, 1);
    if (!target) return;
    new Uint32Array(target.image.data.buffer).set(lut);
    target.ctx.putImageData(target.image, 0, 0);
  }

  private pointAt(x: number, y: number): void {
    if (!this.layout || !this.input) return;
    const hit = atlasHit(this.layout, x, y);
    if (!hit) return;
    this.select(hit.unit, true);
    const v = this.input.weight[hit.index]!;
    setText(this.readout, `unit ${hit.unit}, pixel (row ${hit.row}, column ${hit.col}): w = ${formatStat(v)}`);
  }

  private key(e: KeyboardEvent): void {
    if (!this.layout) return;
    const { cols, units } = this.layout;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -cols, ArrowDown: cols, Home: -units, End: units };
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    this.select(Math.max(0, Math.min(units - 1, this.selected + move)), true);
    this.describeUnit();
  }

  private select(unit: number, show: boolean): void {
    this.selected = unit;
    const layout = this.layout;
    if (!layout || !show) {
      this.highlight.toggleAttribute('hidden', true);
      return;
    }
    const { gap, tileWidth: tw, tileHeight: th, cols } = layout;
    const s = this.highlight.style;
    s.left = `${(gap + (unit % cols) * (tw + gap) - 1) * this.zoom}px`;
    s.top = `${(gap + Math.floor(unit / cols) * (th + gap) - 1) * this.zoom}px`;
    s.width = `${(tw + 2) * this.zoom}px`;
    s.height = `${(th + 2) * this.zoom}px`;
    this.highlight.toggleAttribute('hidden', false);
  }

  private describeUnit(): void {
    if (!this.input) return;
    const { weight, inFeatures, outFeatures } = this.input;
    let min = Infinity;
    let max = -Infinity;
    let sumAbs = 0;
    for (let i = 0; i < inFeatures; i++) {
      const v = weight[i * outFeatures + this.selected]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sumAbs += Math.abs(v);
    }
    setText(this.readout, `unit ${this.selected} of ${outFeatures}: weights from ${formatStat(min)} to ${formatStat(max)}, mean |w| ${formatStat(sumAbs / inFeatures)}`);
  }
}
