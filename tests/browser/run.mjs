// Browser tests: node tests/browser/run.mjs [name filter]. Starts Vite's dev server, drives
// Debian's Chromium with playwright-core, saves screenshots to test-output/screenshots/, and
// ends with "N passed, M failed" (exit code 1 on any failure). Each flow runs under its own
// time limit and the run under a watchdog (suite.mjs).
import { limitTests } from './flows-limits.mjs';
import { coreTests } from './flows.mjs';
import { moreTests } from './flows-more.mjs';
import { closeEmbedFixture, embedTests } from './flows-embed.mjs';
import { cspTests, removeBuiltSite } from './csp.mjs';
import { trainTests } from './flows-train.mjs';
import { embedTrainTests } from './flows-embed-train.mjs';
import { noWasmTests } from './flows-no-wasm.mjs';
import { runSuite } from './suite.mjs';

const tests = [
  ...limitTests,
  ...coreTests,
  ...moreTests,
  ...embedTests,
  ...cspTests,
  ...(await import('./flows-ux.mjs')).uxTests,
  ...(await import('./flows-learn.mjs')).learnTests,
  ...trainTests,
  ...(await import('./flows-pace.mjs')).paceTests,
  ...(await import('./flows-check.mjs')).checkTests,
  ...(await import('./flows-predict.mjs')).predictTests,
  ...embedTrainTests,
  ...noWasmTests,
];

await runSuite('browser suite', tests, { filter: process.argv[2], closers: [closeEmbedFixture, removeBuiltSite] });
