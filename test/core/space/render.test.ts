import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { renderTrialCommand } from '../../../src/core/space/render';
import type { RenderRequest, RenderedCommand } from '../../../src/core/space/render';
import type { Input, Params } from '../../../src/core/spec/model';

const fixtures = path.resolve(__dirname, '../../fixtures/space');
const printArgv = path.join(fixtures, 'print-argv.cjs');
const printArgs = path.join(fixtures, 'print-args.sh');
let workDir = '';

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'hypersweep-render-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

function render(command: string, params: Params = {}, inputs: Record<string, Input> = {}, outputs: Record<string, string> = {}): RenderedCommand {
  const request: RenderRequest = { command, params, inputs, outputs, specDir: '/specs/project' };
  return renderTrialCommand(request);
}

/** Really runs the rendered argv (no shell unless argv is sh -c) in the scratch folder. */
function run(rendered: RenderedCommand): string {
  const [program = '', ...args] = rendered.argv;
  return execFileSync(program, args, { cwd: workDir, encoding: 'utf8' });
}

const node = JSON.stringify(process.execPath).slice(1, -1);
const hostile = ['a b; rm -rf ~', '$(touch pwned); rm -rf x', '`touch pwned`', "'; touch pwned; '", '"; touch pwned; "', '', 'x\ny', '*', '$HOME', 'é ✓'];

describe('renderTrialCommand: direct execution', () => {
  test('one argument per word, values glued into their word, nothing executed', () => {
    for (const value of hostile) {
      const rendered = render(`${node} ${printArgv} --lr=\${{search_space.lr}} --name \${{ search_space.name }} {search_space.lr}`, { lr: 0.1, name: value });
      assert.equal(rendered.shell, false);
      assert.deepEqual(JSON.parse(run(rendered)), ['--lr=0.1', '--name', value, '0.1']);
      assert.equal(existsSync(path.join(workDir, 'pwned')), false);
    }
  });
  test("the template's own quotes and backslashes follow POSIX rules", () => {
    const rendered = render(`${node} ${printArgv} "a b" 'c  d' e\\ f "x=\${{search_space.v}}" '' "q\\"uote" 'it'\\''s'`, { v: 'p q' });
    assert.equal(rendered.shell, false);
    assert.deepEqual(JSON.parse(run(rendered)), ['a b', 'c  d', 'e f', 'x=p q', '', 'q"uote', "it's"]);
  });
  test('numbers, booleans and nested choices take their documented text', () => {
    const rendered = render(`${node} ${printArgv} \${{search_space.a}} \${{search_space.b}} \${{search_space.c}} \${{search_space.d}}`, {
      a: 0.30000000000000004,
      b: 32,
      c: true,
      d: { kind: 'svm', c: 0.5, deep: { x: 1 } },
    });
    assert.deepEqual(JSON.parse(run(rendered)), ['0.30000000000000004', '32', 'True', '{"kind":"svm","c":0.5,"deep":{"x":1}}']);
  });
  test('any value arrives as one literal argument (property, real processes)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0')), (value) => {
        const rendered = render(`sh ${printArgs} --v=\${{search_space.v}} \${{search_space.v}}`, { v: value });
        assert.equal(rendered.shell, false);
        assert.equal(run(rendered), `--v=${value}\0${value}\0`);
      }),
      { numRuns: 25 },
    );
  });
});

describe('renderTrialCommand: shell commands', () => {
  test('pipes, && and redirects run through sh -c with every value single-quoted', () => {
    for (const value of hostile) {
      const rendered = render(`cd . && ${node} ${printArgv} \${{search_space.v}} "in dq \${{search_space.v}}" 'in sq \${{search_space.v}}' | cat`, { v: value });
      assert.equal(rendered.shell, true);
      assert.deepEqual(rendered.argv.slice(0, 2), ['sh', '-c']);
      assert.deepEqual(JSON.parse(run(rendered)), [value, `in dq ${value}`, `in sq ${value}`]);
      assert.equal(existsSync(path.join(workDir, 'pwned')), false);
    }
  });
  test('values inside $(...) and inside "$(...)" stay literal', () => {
    const value = "x'; touch pwned; echo '";
    const rendered = render(`${node} ${printArgv} "$(printf %s \${{search_space.v}})" $(printf %s "\${{search_space.w}}")`, { v: value, w: 'ab' });
    assert.equal(rendered.shell, true);
    assert.deepEqual(JSON.parse(run(rendered)), [value, 'ab']);
    assert.equal(existsSync(path.join(workDir, 'pwned')), false);
  });
  test('each shell trigger switches to sh -c', () => {
    const triggers = ['a | b', 'a && b', 'a; b', 'a > f', 'a < f', 'echo $HOME', 'ls *.py', 'cd x', 'FOO=1 python x', 'a\nb', 'echo ~/x', 'a `b`', 'a $(b)', 'a & b'];
    for (const command of triggers) assert.equal(render(command).shell, true, command);
    for (const command of ['python train.py --lr=1', 'python "a|b" \'c;d\'', 'python a=b', 'python x.py\n']) assert.equal(render(command).shell, false, command);
  });
});

describe('renderTrialCommand: inputs, outputs, optional brackets, env', () => {
  const inputs: Record<string, Input> = {
    flag: { kind: 'literal', value: true },
    rate: { kind: 'literal', value: 0.5 },
    data: { kind: 'data', type: 'uri_folder', path: './data' },
    remote: { kind: 'data', type: 'uri_file', path: 'azureml:iris:1' },
    web: { kind: 'data', type: 'uri_file', path: 'https://example.com/a.csv' },
  };
  test('literal inputs use Python str(), local data paths become absolute, others stay as written', () => {
    const rendered = render('train ${{inputs.flag}} ${{inputs.rate}} ${{inputs.data}} ${{inputs.remote}} ${{inputs.web}} ${{outputs.model}}', {}, inputs, { model: '/runs/t0/model' });
    assert.deepEqual(rendered.argv, ['train', 'True', '0.5', '/specs/project/data', 'azureml:iris:1', 'https://example.com/a.csv', '/runs/t0/model']);
  });
  test('optional brackets: dropped when the input is absent, unwrapped when present', () => {
    assert.deepEqual(render('train [--init ${{inputs.init}}] --r ${{inputs.rate}}', {}, inputs).argv, ['train', '--r', '0.5']);
    assert.deepEqual(render('train [--rate ${{inputs.rate}}]', {}, inputs).argv, ['train', '--rate', '0.5']);
  });
  test('env carries every search-space value and literal input', () => {
    const rendered = render('train', { lr: 0.001, model: { a: 1 } }, inputs);
    assert.deepEqual(rendered.env, {
      AZUREML_SWEEP_lr: '0.001',
      AZUREML_SWEEP_model: '{"a":1}',
      AZUREML_PARAMETER_flag: 'True',
      AZUREML_PARAMETER_rate: '0.5',
    });
  });
  test('bad commands give errors that say what to do', () => {
    assert.throws(() => render('train ${{search_space.lr}}'), /no search-space value 'lr'/);
    assert.throws(() => render('train ${{inputs.init}}'), /wrap the argument in \[ \]/);
    assert.throws(() => render('train ${{outputs.model}}'), /no path was given for output 'model'/);
    assert.throws(() => render('train "unclosed'), /double quote .* never closed/);
    assert.throws(() => render('echo `echo ${{search_space.v}}`', { v: 1 }), /backticks/);
    assert.throws(() => render('cat <<EOF\n${{search_space.v}}\nEOF', { v: 1 }), /here-document/);
    assert.throws(() => render('train \\${{search_space.v}}', { v: 1 }), /backslash/);
    assert.throws(() => render('   '), /empty/);
  });
});
