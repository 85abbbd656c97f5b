import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec } from '../../../src/core/spec';
import { MINIMAL, edit, positionAt, rangeOf } from './specTestHelpers';

const withCommand = (command: string): string => edit(MINIMAL, '  command: python train.py --lr ${{search_space.lr}}\n', command);

describe('placeholder checks', () => {
  test('unknown-placeholder in a plain command points at the placeholder, with a fix', () => {
    const text = withCommand('  command: python train.py --lr ${{search_space.lr}} --x ${{search_space.lrr}}\n');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'error', code: 'unknown-placeholder',
      message: '`${{search_space.lrr}}` names no search-space key `lrr`. Did you mean `lr`?',
      range: rangeOf(text, '${{search_space.lrr}}'),
      fix: { title: 'Replace with `${{search_space.lr}}`', edits: [{ range: rangeOf(text, '${{search_space.lrr}}'), newText: '${{search_space.lr}}' }] },
    }]);
  });

  test('unknown inputs and outputs placeholders inside a folded block scalar, with inner spaces', () => {
    const text = withCommand('  command: >-\n    python train.py\n    --lr ${{search_space.lr}}\n    --data ${{ inputs.data }}\n    --out ${{outputs.model}}\n');
    assert.deepEqual(loadSpec(text).diagnostics, [
      { severity: 'error', code: 'unknown-placeholder', message: '`${{ inputs.data }}` names no input `data`.', range: rangeOf(text, '${{ inputs.data }}') },
      { severity: 'error', code: 'unknown-placeholder', message: '`${{outputs.model}}` names no output `model`.', range: rangeOf(text, '${{outputs.model}}') },
    ]);
  });

  test('literal block scalars and double-quoted strings map to exact positions', () => {
    const literal = withCommand('  command: |\n    python train.py \\\n      --lr ${{search_space.lr}} --b ${{search_space.b}}\n');
    assert.deepEqual(loadSpec(literal).diagnostics.map((d) => d.range), [rangeOf(literal, '${{search_space.b}}')]);
    const quoted = withCommand('  command: "python train.py --lr ${{search_space.lr}} --b ${{search_space.b}}"\n');
    assert.deepEqual(loadSpec(quoted).diagnostics.map((d) => d.range), [rangeOf(quoted, '${{search_space.b}}')]);
  });

  test('a quoted command with escapes falls back to the range of the whole command', () => {
    const text = withCommand('  command: "python \\"t.py\\" --lr ${{search_space.lr}} --b ${{search_space.b}}"\n');
    const value = '"python \\"t.py\\" --lr ${{search_space.lr}} --b ${{search_space.b}}"';
    const [diagnostic] = loadSpec(text).diagnostics;
    assert.equal(diagnostic?.code, 'unknown-placeholder');
    assert.deepEqual(diagnostic?.range, rangeOf(text, value));
    assert.equal(diagnostic?.fix, undefined);
  });

  test('an input inside an optional [ ... ] group may be absent', () => {
    const text = withCommand('  command: python train.py --lr ${{search_space.lr}} [--data ${{inputs.data}}]\n');
    assert.deepEqual(loadSpec(text).diagnostics, []);
  });

  test('declared inputs and outputs satisfy their placeholders', () => {
    const text = withCommand('  command: python t.py --lr ${{search_space.lr}} --a ${{inputs.a}} --o ${{outputs.o}}\n').replace('trial:', 'inputs:\n  a: 0.5\noutputs:\n  o:\ntrial:');
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.spec?.inputs, { a: { kind: 'literal', value: 0.5 } });
    assert.deepEqual(result.spec?.outputs, { o: null });
  });

  test('unused-parameter warning with a fix that removes the key', () => {
    const text = edit(MINIMAL, 'objective:', '  unused:\n    type: choice\n    values: [1, 2]\nobjective:');
    const start = text.indexOf('  unused:');
    const end = text.indexOf('objective:');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'warning', code: 'unused-parameter',
      message: 'Search-space key `unused` is never used in `trial.command`; it is still sampled, and the trial can read it from `AZUREML_SWEEP_unused`.',
      range: rangeOf(text, 'unused'),
      fix: { title: 'Remove `unused`', edits: [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, newText: '' }] },
    }]);
  });

  test('legacy-placeholder warning with a rewrite fix; the key counts as used', () => {
    const text = withCommand('  command: python train.py --lr {search_space.lr}\n');
    assert.deepEqual(loadSpec(text).diagnostics, [{
      severity: 'warning', code: 'legacy-placeholder',
      message: '`{search_space.lr}` is the deprecated single-brace form; write `${{search_space.lr}}`.',
      range: rangeOf(text, '{search_space.lr}'),
      fix: { title: 'Rewrite as `${{search_space.lr}}`', edits: [{ range: rangeOf(text, '{search_space.lr}'), newText: '${{search_space.lr}}' }] },
    }]);
  });
  test('unsafe-placeholder: a value the shell would read as code again is an error at its placeholder, with the fix', () => {
    const shapes: [string, RegExp][] = [
      ['  command: sh -c "python train.py --lr ${{search_space.lr}}"\n', /`sh -c`.*"\$1"/],
      ['  command: |\n    cd src && bash -lc "python train.py --lr ${{search_space.lr}}"\n', /`bash -c`/],
      ['  command: |\n    python train.py --lr "${LR:-${{search_space.lr}}}"\n', /\$\{\.\.\.\}.*V=\$\{\{search_space\.x\}\}/],
      ['  command: |\n    python train.py --steps $(( ${{search_space.lr}} * 10 ))\n', /\$\(\( \)\)/],
      ['  command: eval python train.py --lr ${{search_space.lr}}\n', /eval/],
    ];
    for (const [command, message] of shapes) {
      const text = withCommand(command);
      const diagnostics = loadSpec(text).diagnostics;
      assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.range]), [['error', 'unsafe-placeholder', rangeOf(text, '${{search_space.lr}}')]], command);
      assert.match(diagnostics[0]?.message ?? '', message);
    }
  });

  test('safe shapes of the same commands validate cleanly', () => {
    for (const command of [
      "  command: sh -c 'python train.py --lr \"$1\"' _ ${{search_space.lr}}\n",
      '  command: |\n    LR=${{search_space.lr}}; python train.py --lr "${X:-$LR}" # tuned ${{search_space.lr}}\n',
      '  command: |\n    cd src && python train.py --lr ${{search_space.lr}} --steps $((2 * 10)) | tee log\n',
      '  command: python train.py --lr ${{search_space.lr}} [--data ${{inputs.data}}]\n',
    ]) {
      assert.deepEqual(loadSpec(withCommand(command)).diagnostics, [], command);
    }
  });

  test('command-syntax: a command the runner cannot split is an error on the command', () => {
    const text = withCommand("  command: python train.py --name 'unclosed ${{search_space.lr}}\n");
    const diagnostics = loadSpec(text).diagnostics;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [['command-syntax', rangeOf(text, "python train.py --name 'unclosed ${{search_space.lr}}")]]);
    assert.match(diagnostics[0]?.message ?? '', /single quote .* never closed/);
  });
});
