// node bench/update-readme.mjs: copies the latest benchmark tables (bench/results/*.md) into
// README.md between <!-- bench:NAME --> and <!-- /bench:NAME --> markers, so the README shows
// figures from one run instead of hand-copied ones. Run it after `npm run bench` on a quiet
// machine (check `uptime`); the benchmarks themselves never edit the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
let readme = readFileSync(root('README.md'), 'utf8');
for (const name of ['latest', 'train']) {
  const table = readFileSync(root(`bench/results/${name}.md`), 'utf8').trim();
  const pattern = new RegExp(`(<!-- bench:${name} -->)[\\s\\S]*?(<!-- /bench:${name} -->)`);
  if (!pattern.test(readme)) throw new Error(`README.md has no <!-- bench:${name} --> … <!-- /bench:${name} --> block`);
  readme = readme.replace(pattern, (_, open, close) => `${open}\n${table}\n${close}`);
}
writeFileSync(root('README.md'), readme);
console.log('README.md: benchmark tables updated from bench/results/{latest,train}.md');
