// The flows for issue 14 (first use, accessibility, embedding on another origin) and issue
// 10's shape-error rule, as one list for run.mjs.
import { a11yTests } from './flows-a11y.mjs';
import { embedFitTests } from './flows-embed-fit.mjs';
import { firstUseTests } from './flows-first-use.mjs';
import { teachTests } from './flows-teach.mjs';

export const uxTests = [...firstUseTests, ...a11yTests, ...embedFitTests, ...teachTests];
