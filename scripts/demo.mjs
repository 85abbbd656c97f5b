// `npm run demo`: a real sweep on the bundled example (examples/node-mlp): validates the spec,
// previews the first configurations, runs the sweep (16 trials of a small neural network, Sobol
// sampling, bandit early termination) and prints the leaderboard.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const spec = join(root, 'examples/node-mlp/sweep.yaml');
const sweepDir = join(root, '.hypersweep/demo');

function step(args) {
  console.log(`\n$ hypersweep ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [join(root, 'bin/hypersweep.js'), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\nhypersweep ${args[0]} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

mkdirSync(join(root, '.hypersweep'), { recursive: true });
rmSync(sweepDir, { recursive: true, force: true });
step(['validate', 'examples/node-mlp/sweep.yaml']);
step(['sample', 'examples/node-mlp/sweep.yaml', '-n', '4']);
step(['run', spec, '--out', '.hypersweep/demo']);
step(['export', '.hypersweep/demo', '--format', 'csv', '-o', '.hypersweep/demo/results.csv']);
console.log('\nThe sweep folder is .hypersweep/demo: journal.jsonl, spec.yaml, trials/<id>/stdout.log.');
console.log('Try: node bin/hypersweep.js status .hypersweep/demo');
