// The module's lessons as ready embeds: each a network, training settings and embed options
// that make its point within a minute of Play, for the Embed tab to offer as snippets the
// instructor can then adjust. Pure TS.
import { decodeUrlState, type TrainUrl } from '../model/link/url-state.ts';
import type { NetworkModel } from '../model/network/network.ts';
import type { SnippetOptions } from './embed-snippet.ts';

export interface Lesson {
  id: string;
  title: string;
  /** What the learner should do and see, shown above the embed. */
  caption: string;
  /** What Play reaches, as the caption promises (the browser test checks it). */
  expect: { testAccuracyAtLeast: number; withinSteps: number } | null;
  model: NetworkModel;
  training: TrainUrl;
  options: SnippetOptions;
}

function lesson(id: string, title: string, hash: string, options: Omit<SnippetOptions, 'training' | 'caption'>, caption: string, expect: Lesson['expect']): Lesson {
  // The lessons' links are this file's own: a problem in one is a bug, caught by its test.
  const { model, training } = decodeUrlState(hash);
  return { id, title, caption, expect, model, training, options: { ...options, caption, training } };
}

export const LESSONS: readonly Lesson[] = [
  lesson(
    'dropout-gap',
    'Dropout: the train/test gap',
    '#in=32x2&net=linear(256),relu,dropout(0.5),linear(256),relu,dropout(0.5),linear(2)&dataset=moons&noise=0.3&split=0.1&lr=0.01',
    { locked: false, lockStructure: true, hidden: ['code', 'heatmaps', 'histograms', 'masks', 'input'], show: ['train', 'curves', 'compare'] },
    'Press Play. On 50 noisy training points the copy without Dropout learns them by heart (train 100 %, test about 67 %); with Dropout the two stay close (about 84 % and 82 %). Move p to 0, press Reset, and the gap opens.',
    { testAccuracyAtLeast: 0.8, withinSteps: 1500 },
  ),
  lesson(
    'init-depth',
    'Initialisation in a deep tanh stack',
    '#in=32x2&net=linear(32),tanh,linear(32),tanh,linear(32),tanh,linear(32),tanh,linear(2)&dataset=circle&lr=0.01',
    { locked: false, lockStructure: true, hidden: ['code', 'heatmaps', 'histograms', 'masks', 'input'], show: ['train', 'curves', 'depth'] },
    'Press Play: with LeCun init the deep tanh stack learns the circle. Set every Linear’s init to Zeros, press Reset and Play: every unit stays the same and nothing is learnt.',
    { testAccuracyAtLeast: 0.9, withinSteps: 1500 },
  ),
  lesson(
    'w-columns',
    'What W’s columns learn',
    '#in=32x64&net=linear(10)&dataset=digits&lr=0.01',
    { locked: false, lockStructure: true, hidden: ['code', 'heatmaps', 'histograms', 'masks', 'input'], show: ['train', 'curves', 'weights'] },
    'One Linear(64, 10): column j of W holds the 64 weights that score digit j, drawn as an 8×8 picture (orange raises the score, blue lowers it). Press Play and watch each picture take on the strokes of its digit.',
    { testAccuracyAtLeast: 0.9, withinSteps: 1500 },
  ),
  lesson(
    'course-mlp-memory',
    'Parameters and memory of the course MLP',
    '#in=32x784&net=linear(256),relu,dropout(0.5),linear(128),relu,dropout(0.5),linear(10)',
    { locked: true, hidden: ['code', 'heatmaps', 'histograms', 'masks'], show: ['memory'] },
    'The course MLP: 784·256 + 256 + 256·128 + 128 + 128·10 + 10 = 235,146 parameters. Read each Linear’s count and the memory its weights and activations take.',
    null,
  ),
];
