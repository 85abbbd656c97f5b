import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec } from '../../../../src/core/spec';
import { newSpecText, scanScriptOptions, scriptLanguage } from '../../../../src/core/spec/assist';

const ARGPARSE = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--learning-rate", type=float, default=0.01, help="step, (size)")
parser.add_argument('--batch_size', type=int, default=32)
parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
parser.add_argument("-v", "--verbose", action="store_true")
parser.add_argument("--epochs", default=10, dest="n_epochs")
parser.add_argument("--data")
args = parser.parse_args()
`;

describe('scanScriptOptions', () => {
  test('reads argparse options with type, default, choices and dest', () => {
    assert.deepEqual(scanScriptOptions(ARGPARSE, 'python'), [
      { flag: '--learning-rate', name: 'learning_rate', type: 'float', default: '0.01', takesValue: true },
      { flag: '--batch_size', name: 'batch_size', type: 'int', default: '32', takesValue: true },
      { flag: '--optimizer', name: 'optimizer', type: 'string', default: 'adam', choices: ['adam', 'sgd'], takesValue: true },
      { flag: '--verbose', name: 'verbose', type: 'bool', takesValue: false },
      { flag: '--epochs', name: 'n_epochs', type: 'int', default: '10', takesValue: true },
      { flag: '--data', name: 'data', type: 'unknown', takesValue: true },
    ]);
  });

  test('reads click options', () => {
    const source = "@click.option('--lr', type=float, default=0.1)\n@click.option('--fast', is_flag=True)\ndef main(lr, fast): pass\n";
    assert.deepEqual(scanScriptOptions(source, 'python').map((o) => [o.name, o.type, o.takesValue]), [['lr', 'float', true], ['fast', 'bool', false]]);
  });

  test('other languages: every --flag mentioned, once, without --help', () => {
    const source = "const lr = arg('--lr'); const e = arg(\"--epochs\"); if (argv.includes('--help')) usage(); arg('--lr');\n// a-b--c is not a flag\n";
    assert.deepEqual(scanScriptOptions(source, 'javascript').map((o) => o.flag), ['--lr', '--epochs']);
    assert.deepEqual(scanScriptOptions('case "$1" in\n  --depth) D=$2;;\n  --seed=*) S=${1#*=};;\nesac\n', 'shell').map((o) => o.name), ['depth', 'seed']);
  });

  test('languages by file name', () => {
    assert.deepEqual(['a.py', 'b.mjs', 'c.js', 'd.sh', 'e.txt'].map(scriptLanguage), ['python', 'javascript', 'javascript', 'shell', undefined]);
  });
});

describe('newSpecText', () => {
  test('a spec guessed from argparse options loads without errors and uses every option', () => {
    const text = newSpecText({ scriptFileName: 'train.py', options: scanScriptOptions(ARGPARSE, 'python'), primaryMetric: 'val_acc', goal: 'maximize' });
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
    const spec = result.spec;
    assert.ok(spec);
    assert.deepEqual(spec.search_space.parameters.map((p) => p.name), ['learning_rate', 'batch_size', 'optimizer', 'n_epochs', 'data']);
    assert.deepEqual(spec.objective, { goal: 'maximize', primary_metric: 'val_acc' });
    assert.match(spec.trial.command, /^python train\.py --learning-rate \$\{\{search_space\.learning_rate\}\} --batch_size/);
    assert.doesNotMatch(spec.trial.command, /verbose/);
    const lr = spec.search_space.parameters[0]?.distribution;
    assert.equal(lr?.type, 'loguniform');
    assert.deepEqual(spec.search_space.parameters[1]?.distribution, { type: 'choice', values: [16, 32, 64], range: spec.search_space.parameters[1]?.distribution.range });
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'loguniform-raw-bounds'), []);
  });

  test('a script without options still gives a loadable spec, run by its interpreter', () => {
    const text = newSpecText({ scriptFileName: 'run.sh', options: [], primaryMetric: 'loss', goal: 'minimize' });
    const result = loadSpec(text);
    assert.ok(result.spec);
    assert.equal(result.spec.trial.command, 'bash run.sh');
  });
});
