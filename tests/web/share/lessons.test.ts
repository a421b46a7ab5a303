// The lesson embeds: each link reads without a problem, its network fits its data set, and its
// snippets carry its settings and caption (the browser flow plays them and checks the accuracy).
import { describe, expect, it } from 'vitest';
import { encodeUrlState, decodeUrlState } from '../../../web/src/model/link/url-state';
import { dataShapeOf, modelFitProblem } from '../../../web/src/model/training/fit';
import { LESSONS } from '../../../web/src/share/lessons';
import { embedUrl } from '../../../web/src/share/embed-snippet';
import { elementSnippet } from '../../../web/src/share/element-snippet';
import { parseEmbedQuery } from '../../../web/src/share/embed-options';

describe('LESSONS', () => {
  it('are the module’s four lessons', () => {
    expect(LESSONS.map((l) => l.title)).toEqual(['Dropout: the train/test gap', 'Initialisation in a deep tanh stack', 'What W’s columns learn', 'Parameters and memory of the course MLP']);
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: a link that reads cleanly, a network that fits its data, snippets with its settings`, () => {
      const hash = encodeUrlState(lesson.model, lesson.training);
      expect(decodeUrlState(hash).problems).toEqual([]);
      if (lesson.expect) expect(modelFitProblem(lesson.model, dataShapeOf(lesson.training.settings.dataset), lesson.training.settings.loss)).toBeNull();
      const url = new URL(embedUrl('https://example.org/layerlab/', lesson.model, lesson.options));
      const options = parseEmbedQuery(url.search);
      expect(options.problems).toEqual([]);
      expect(options.caption).toBe(lesson.caption);
      expect(url.hash).toBe(hash);
      const element = elementSnippet('https://example.org/layerlab/', lesson.model, lesson.options);
      if (lesson.training.settings.dataset !== 'digits') expect(element).toContain(`dataset="${lesson.training.settings.dataset}"`);
      expect(element).toContain(lesson.caption.slice(0, 20));
    });
  }
});
