// `npm run demo`: shows HyperSweep on the bundled example (examples/node-mlp): validates the spec,
// then prints the first configurations its Sobol sampler proposes.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const spec = 'examples/node-mlp/sweep.yaml';

function step(title, args) {
  console.log(`\n$ hypersweep ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['bin/hypersweep.js', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

step('validate', ['validate', spec]);
step('sample', ['sample', spec, '-n', '8']);
