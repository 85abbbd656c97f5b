import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpec, parseSpecYaml, MAX_NESTING_DEPTH } from '../../../src/core/spec';
import { MINIMAL, pointAt, positionAt, rangeOf, withCode } from './specTestHelpers';

describe('parseSpecYaml', () => {
  test('a YAML syntax error is a yaml-syntax error at the offending place', () => {
    const text = 'type: sweep\nsearch_space: [1, 2\n';
    const parsed = parseSpecYaml(text);
    const syntax = withCode(parsed.diagnostics, 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    const first = syntax[0];
    assert.equal(first?.severity, 'error');
    assert.match(first?.message ?? '', /^YAML: /);
    assert.equal(first?.range.start.line, 3);
  });

  test('a duplicated key is a yaml-syntax error with the exact record', () => {
    const text = 'type: sweep\ntype: sweep\n';
    const [diagnostic] = withCode(parseSpecYaml(text).diagnostics, 'yaml-syntax');
    assert.deepEqual(diagnostic, {
      severity: 'error', code: 'yaml-syntax', message: 'YAML: Map keys must be unique',
      range: { start: positionAt(text, 12), end: positionAt(text, 13) },
    });
  });

  test('an empty file and a comment-only file are a clear empty-file error', () => {
    for (const text of ['', '# nothing here\n', '\n\n']) {
      const result = loadSpec(text);
      assert.equal(result.spec, undefined);
      assert.deepEqual(result.diagnostics, [{
        severity: 'error', code: 'empty-file',
        message: 'The file is empty; a sweep spec needs at least `type: sweep`, `trial`, `search_space`, `objective` and `sampling_algorithm`.',
        range: pointAt(text, 0),
      }]);
    }
  });

  test('a second document with content is an error; the first is still read', () => {
    const text = `${MINIMAL}---\nother: 1\n`;
    const result = loadSpec(text);
    const start = text.indexOf('---');
    assert.deepEqual(result.diagnostics, [{
      severity: 'error', code: 'multiple-documents',
      message: 'Only one YAML document is allowed in a sweep spec (the Azure ML CLI refuses more); move this document to its own file.',
      range: { start: positionAt(text, start), end: positionAt(text, text.length) },
    }]);
    assert.equal(result.spec, undefined);
  });

  test('an empty trailing document is only a warning and the spec loads', () => {
    const text = `${MINIMAL}---\n`;
    const result = loadSpec(text);
    assert.ok(result.spec);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'multiple-documents']]);
  });

  test('columns count UTF-16 code units (an emoji is two) and lines are 1-based', () => {
    const text = MINIMAL.replace('objective:\n  goal: maximize\n  primary_metric: accuracy', 'objective: {primary_metric: "😀ü", goal: maximize, gaol: x}');
    const [diagnostic] = withCode(loadSpec(text).diagnostics, 'unknown-key');
    assert.deepEqual(diagnostic?.range, rangeOf(text, 'gaol'));
    assert.equal(diagnostic?.range.start.line, 8);
    assert.equal(diagnostic?.range.start.column, 'objective: {primary_metric: "😀ü", goal: maximize, '.length + 1);
  });

  test(`nesting deeper than ${MAX_NESTING_DEPTH} levels is a too-deep error, not a crash (200-deep nested choice)`, () => {
    let text = 'type: sweep\nsampling_algorithm: random\nsearch_space:\n  p:\n';
    let indent = '    ';
    for (let i = 0; i < 200; i += 1) {
      text += `${indent}type: choice\n${indent}values:\n${indent}  - k:\n`;
      indent += '      ';
    }
    text += `${indent}1\n`;
    const result = loadSpec(text);
    assert.equal(result.spec, undefined);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code, d.message]), [[
      'error', 'too-deep', `The document nests deeper than ${MAX_NESTING_DEPTH} levels; flatten the search space or nested choices.`,
    ]]);
  });

  test('deeply nested flow collections (100 000 brackets) do not crash', () => {
    const text = `type: sweep\nsearch_space: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const result = loadSpec(text);
    assert.equal(result.spec, undefined);
    assert.ok(result.diagnostics.some((d) => d.code === 'too-deep'));
  });

  test('an alias bomb is refused instead of expanding exponentially', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i += 1) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    const result = loadSpec(`${lines.join('\n')}\n`);
    assert.ok(result.diagnostics.some((d) => d.code === 'too-many-aliases'));
  });

  test('aliases within budget are resolved like PyYAML does', () => {
    const text = MINIMAL.replace('  max_total_trials: 10', '  max_total_trials: &n 10\n  max_concurrent_trials: *n');
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.spec?.limits.max_concurrent_trials, 10);
  });

  test('a 10 MB spec (a 140 000-line description and a 1 MB command) loads without crashing', () => {
    const line = 'Sweep notes: lorem ipsum dolor sit amet, consectetur adipiscing elit.';
    const description = Array.from({ length: 140_000 }, (_, i) => `  ${line} ${i}`).join('\n');
    const text = MINIMAL.replace('python train.py', `python train.py ${'--flag '.repeat(130_000)}`) + `description: |\n${description}\n`;
    assert.ok(text.length > 10_000_000);
    const result = loadSpec(text);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.spec?.description?.split('\n').length, 140_001);
  });
});
