// Hostile training settings in a link: every value out of range, not a number, negative,
// NaN, infinite or unknown is reported in words naming its field and replaced by the default;
// reading never throws, and what comes out is always within the stated ranges (steps at most
// MAX_STEPS, so a link can never make the worker replay for hours).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUrlState } from '../../../web/src/model/link/url-state';
import { DATASET_IDS, DEFAULT_TRAIN_SETTINGS, LOSSES, MAX_STEPS, OPTIMIZERS, TRAIN_LIMITS } from '../../../web/src/model/training/settings';

/** key=value -> the words the report must hold. */
const HOSTILE: [string, string, RegExp][] = [
  ['lr', '1e300', /Learning rate must be from 1e-7 to 100 \(got 1e\+300\)/],
  ['lr', '-0.01', /Learning rate must be from 1e-7 to 100 \(got -0\.01\)/],
  ['lr', '0', /Learning rate must be from 1e-7 to 100 \(got 0\)/],
  ['lr', '1e-400', /Learning rate must be from 1e-7 to 100 \(got 0\)/],
  ['lr', 'NaN', /Learning rate must be a number from 1e-7 to 100 \(got "NaN"\)/],
  ['lr', 'Infinity', /Learning rate must be a number from 1e-7 to 100 \(got "Infinity"\)/],
  ['lr', '-Infinity', /Learning rate must be a number/],
  ['bs', '0', /Batch size must be from 1 to 4096 \(got 0\)/],
  ['bs', '-32', /Batch size must be from 1 to 4096 \(got -32\)/],
  ['bs', '2.5', /Batch size must be a whole number \(got 2\.5\)/],
  ['bs', '1e12', /Batch size must be from 1 to 4096 \(got 1000000000000\)/],
  ['bs', 'NaN', /Batch size must be a number/],
  ['wd', '1e9', /Weight decay must be from 0 to 1 \(got 1000000000\)/],
  ['wd', '-0.1', /Weight decay must be from 0 to 1 \(got -0\.1\)/],
  ['wd', 'NaN', /Weight decay must be a number/],
  ['wd', 'Infinity', /Weight decay must be a number/],
  ['momentum', '-1', /Momentum must be from 0 to 0\.999 \(got -1\)/],
  ['momentum', '1', /Momentum must be from 0 to 0\.999 \(got 1\)/],
  ['momentum', 'NaN', /Momentum must be a number/],
  ['noise', '-0.1', /Noise must be from 0 to 0\.5 \(got -0\.1\)/],
  ['split', 'NaN', /Training share must be a number/],
  ['steps', '1e12', /Steps must be from 0 to 200000 \(got 1000000000000\)/],
  ['steps', '200001', /Steps must be from 0 to 200000 \(got 200001\)/],
  ['steps', '-5', /Steps must be from 0 to 200000 \(got -5\)/],
  ['steps', '1.5', /Steps must be a whole number \(got 1\.5\)/],
  ['steps', 'NaN', /Steps must be a number/],
  ['dataset', 'nope', /Data set: unknown "nope" \(choose circle, xor, gauss, spiral, moons, digits, fashion-mnist\)/],
  ['dataset', '..%2Fetc', /Data set: unknown "\.\.\/etc"/],
  ['opt', 'rmsprop', /Optimizer: unknown "rmsprop" \(choose sgd, adam, adamw\)/],
  ['loss', 'hinge', /Loss: unknown "hinge"/],
  ['nesterov', 'maybe', /expected 1 or 0 \(got "maybe"\)/],
];

describe('hostile training values in a link', () => {
  it.each(HOSTILE)('%s=%s is reported, naming the field, and the default is used', (key, value, words) => {
    const { model, training, problems } = decodeUrlState(`#in=32x64&net=linear(10)&${key}=${value}`);
    const own = problems.filter((p) => p.startsWith(`${key}: `));
    expect(own.join('\n')).toMatch(words);
    expect(own.at(-1)).toMatch(new RegExp(`^${key}: using the default`));
    expect(training).toEqual({ settings: DEFAULT_TRAIN_SETTINGS, steps: 0 });
    // The rest of the link still opens.
    expect(model.input.features).toEqual([64]);
    expect(model.blocks).toHaveLength(1);
  });

  it('all at once: each is reported once, the good ones are kept', () => {
    const { training, problems } = decodeUrlState('#in=32x64&net=linear(10)&lr=1e300&bs=0&dataset=nope&steps=1e12&wd=1e9&momentum=NaN&opt=sgd&noise=0.2');
    for (const key of ['lr', 'bs', 'dataset', 'steps', 'wd', 'momentum']) expect(problems.filter((p) => p.startsWith(`${key}: using the default`))).toHaveLength(1);
    expect(training).toEqual({ settings: { ...DEFAULT_TRAIN_SETTINGS, optimizer: 'sgd', noise: 0.2 }, steps: 0 });
  });

  it('the largest replay a link may ask for is MAX_STEPS, stated in the report', () => {
    expect(MAX_STEPS).toBe(200_000);
    expect(decodeUrlState(`#net=relu&steps=${MAX_STEPS}`)).toMatchObject({ training: { steps: MAX_STEPS }, problems: [] });
    expect(decodeUrlState(`#net=relu&steps=${MAX_STEPS + 1}`).problems[0]).toMatch(/at most|from 0 to 200000/);
  });

  it('any text for any training field: never throws, always within the stated ranges', () => {
    const keys = ['dataset', 'noise', 'split', 'loss', 'opt', 'lr', 'momentum', 'nesterov', 'bs', 'wd', 'steps'];
    const value = fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e300', '-0', '0x10', '1e-400', ''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 6 }), (pairs) => {
        const hash = '#net=relu&' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const { training } = decodeUrlState(hash);
        const s = training.settings;
        const inside = (v: number, [min, max]: readonly [number, number]): boolean => Number.isFinite(v) && v >= min && v <= max;
        expect(inside(s.lr, TRAIN_LIMITS.lr) && inside(s.batchSize, TRAIN_LIMITS.batchSize) && inside(s.weightDecay, TRAIN_LIMITS.weightDecay)).toBe(true);
        expect(inside(s.momentum, TRAIN_LIMITS.momentum) && inside(s.noise, TRAIN_LIMITS.noise) && inside(s.trainFraction, TRAIN_LIMITS.trainFraction)).toBe(true);
        expect(Number.isInteger(s.batchSize) && Number.isInteger(training.steps) && training.steps >= 0 && training.steps <= MAX_STEPS).toBe(true);
        expect(DATASET_IDS).toContain(s.dataset);
        expect(LOSSES).toContain(s.loss);
        expect(OPTIMIZERS).toContain(s.optimizer);
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});
