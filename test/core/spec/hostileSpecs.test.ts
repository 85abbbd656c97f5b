/**
 * Hostile or huge spec files: a 36 KB file of 4,000 aliases of one 2,000-item anchor took 35 s and
 * 1.2 GB to validate (every alias was resolved by walking the whole document, then expanded in
 * full), and a 2.7 MB spec with 50,000 keys 30 s (the yaml package compared every key with every
 * earlier one). Aliases may now add at most MAX_ALIAS_NODES values (a positioned error), aliases
 * are resolved from one walk, and repeated keys are found with a set per mapping. Times are
 * measured by `npm run bench -- spec`, not here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alias } from 'yaml';
import { loadSpec, MAX_ALIAS_NODES, parseSpecYaml } from '../../../src/core/spec';
import { MINIMAL, positionAt, withCode } from './specTestHelpers';

/** 4,000 aliases of a 2,000-item anchor: 8 million values from 36 KB. */
function wideAliasBomb(): string {
  return ['type: sweep', `base: &b [${Array(2000).fill('xxxxxxxx').join(', ')}]`, `refs: [${Array(4000).fill('*b').join(', ')}]`, ''].join('\n');
}

test('aliases that expand past the node budget are refused at the alias that crosses it', () => {
  const text = wideAliasBomb();
  const [problem, ...more] = withCode(parseSpecYaml(text).diagnostics, 'too-many-aliases');
  assert.equal(more.length, 0);
  assert.equal(problem?.severity, 'error');
  assert.equal(problem?.message, `Aliases in the document expand to more than ${MAX_ALIAS_NODES} values; write the values out instead of repeating a large anchor.`);
  // 2,001 values per alias (the list and its items): the 50th alias crosses 100,000.
  const fiftieth = text.indexOf('*b') + 49 * '*b, '.length;
  assert.deepEqual(problem?.range.start, positionAt(text, fiftieth));
});

test('aliases are resolved without walking the document once per alias', (t) => {
  // Alias.resolve(doc) visits the whole document; with thousands of aliases that is quadratic.
  const resolve = t.mock.method(Alias.prototype, 'resolve');
  const refs = Array.from({ length: 500 }, (_, i) => `  r${i}: *n`).join('\n');
  const result = parseSpecYaml(`type: sweep\nlimits:\n  max_total_trials: &n 10\nrefs:\n${refs}\n`);
  assert.equal(resolve.mock.callCount(), 0);
  assert.equal(withCode(result.diagnostics, 'too-many-aliases').length, 0);
});

test('an alias names the last anchor of that name before it', () => {
  const text = MINIMAL.replace('  max_total_trials: 10', '  max_total_trials: &n 10\n  timeout: &n 60\n  trial_timeout: *n');
  const result = loadSpec(text);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.spec?.limits.trial_timeout, 60);
});

test('repeated keys are still errors, once per repeat, and not again where an alias copies the mapping', () => {
  const text = 'type: sweep\nbase: &m {a: 1, a: 2, "1": x, 1: y, a: 3}\ncopy: *m\ntype: sweep\n';
  const repeats = withCode(parseSpecYaml(text).diagnostics, 'yaml-syntax').filter((d) => d.message === 'YAML: Map keys must be unique');
  assert.deepEqual(repeats.map((d) => [d.range.start.line, d.range.start.column]), [[2, 17], [2, 37], [4, 1]]);
});
