// Runs the Node-tier tests (test/**/*.test.ts, but not the VS Code or browser tiers) with node's
// test runner; TypeScript is loaded through tsx so a test run needs no separate compile step.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) found.push(...collect(full));
    else if (name.endsWith('.test.ts') && !name.endsWith('.vscode.test.ts') && !name.endsWith('.browser.test.ts')) found.push(full);
  }
  return found;
}

const files = collect(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
