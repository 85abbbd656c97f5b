// `npm run test:browser`: builds the bundles, then runs the browser tier (test/**/*.browser.test.ts)
// with node's test runner through tsx; each test drives Debian's Chromium with playwright-core.
// Prints the runner's report and ends with one `N passed, N failed` line.
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) found.push(...collect(full));
    else if (name.endsWith('.browser.test.ts')) found.push(relative(root, full));
  }
  return found;
}
const files = collect(join(root, 'test')).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no browser test files found');
  process.exit(1);
}
mkdirSync(join(root, 'out'), { recursive: true });
const tap = join(root, 'out', 'browser-tests.tap');
const result = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files,
], { cwd: root, stdio: 'inherit' });
const report = readFileSync(tap, 'utf8');
const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail')} failed`);
process.exit(result.status ?? 1);
