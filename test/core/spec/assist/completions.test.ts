import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { completionsAt } from '../../../../src/core/spec/assist';

const SPEC = `type: sweep
sampling_algorithm: random
search_space:
  lr:
    type: loguniform
    min_value: -6.9
    max_value: -2.3
  opt:
    type: 
objective:
  goal: maximize
  primary_metric: 
limits:
  max_total_trials: 3
  
trial:
  command: python train.py --lr \${{search_space.
`;

/** The offset just after the `nth` occurrence of `needle`. */
function after(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `fixture lacks ${needle}`);
  return index + needle.length;
}

function labels(text: string, offset: number, metricNames?: readonly string[]): string[] {
  return completionsAt(text, offset, metricNames ? { metricNames } : {}).map((c) => c.label);
}

describe('completionsAt', () => {
  test('a distribution `type:` offers every distribution, each inserting its required keys', () => {
    const items = completionsAt(SPEC, after(SPEC, '  opt:\n    type: '));
    assert.deepEqual(items.map((i) => i.label), ['choice', 'randint', 'uniform', 'loguniform', 'quniform', 'qloguniform', 'normal', 'lognormal', 'qnormal', 'qlognormal']);
    const quniform = items.find((i) => i.label === 'quniform');
    assert.equal(quniform?.insertText, 'quniform\n    min_value: ${1:0}\n    max_value: ${2:1}\n    q: ${3:1}');
    assert.equal(quniform?.snippet, true);
    assert.match(quniform?.documentation ?? '', /Requires `min_value`, `max_value`, `q`/);
  });

  test('a policy `type:` offers the five policies; truncation_selection inserts truncation_percentage, bandit a slack, hyperband a max_resource', () => {
    const text = 'type: sweep\nearly_termination:\n  type: \n';
    const items = completionsAt(text, after(text, '  type: '));
    assert.deepEqual(items.map((i) => i.label), ['bandit', 'median_stopping', 'truncation_selection', 'asha', 'hyperband']);
    assert.equal(items[4]?.insertText, 'hyperband\n  max_resource: ${1:81}');
    assert.equal(items[2]?.insertText, 'truncation_selection\n  truncation_percentage: ${1:20}');
    assert.equal(items[0]?.insertText, 'bandit\n  slack_factor: ${1:0.1}');
    const withAmount = 'type: sweep\nearly_termination:\n  slack_amount: 0.2\n  type: \n';
    assert.equal(completionsAt(withAmount, after(withAmount, '  type: '))[0]?.insertText, 'bandit', 'a slack already written is enough');
    const keyed = 'type: sweep\nearly_termination:\n  ';
    assert.equal(completionsAt(keyed, keyed.length).find((i) => i.label === 'type: bandit')?.insertText, 'type: bandit\n  slack_factor: ${1:0.1}');
  });

  test('each key is offered once, and only the keys of the chosen type', () => {
    const bandit = 'type: sweep\nearly_termination:\n  type: bandit\n  ';
    assert.deepEqual(labels(bandit, bandit.length), ['slack_factor', 'slack_amount', 'evaluation_interval', 'delay_evaluation']);
    const uniform = 'type: sweep\nsearch_space:\n  x:\n    type: uniform\n    ';
    assert.deepEqual(labels(uniform, uniform.length), ['min_value', 'max_value']);
    const untyped = 'type: sweep\nsearch_space:\n  x:\n    ';
    const offered = labels(untyped, untyped.length);
    assert.deepEqual(offered, ['type: choice', 'type: randint', 'type: uniform', 'type: loguniform', 'type: quniform', 'type: qloguniform', 'type: normal', 'type: lognormal', 'type: qnormal', 'type: qlognormal']);
    const policy = 'type: sweep\nearly_termination:\n  ';
    assert.deepEqual(labels(policy, policy.length), ['type: bandit', 'type: median_stopping', 'type: truncation_selection', 'type: asha', 'type: hyperband']);
    for (const [text, offset] of [[bandit, bandit.length], [untyped, untyped.length], [SPEC, after(SPEC, 'max_total_trials: 3\n  ')], ['', 0]] as const) {
      const all = labels(text, offset);
      assert.deepEqual(all, [...new Set(all)], `duplicates in ${JSON.stringify(text)}`);
    }
  });

  test('HyperSweep snippets only where they fit: parameters among parameter names, policies and the job at the top level', () => {
    const snippetLabels = (text: string, offset: number): string[] => completionsAt(text, offset).filter((i) => i.kind === 'snippet').map((i) => i.label);
    assert.ok(snippetLabels('search_space:\n  ', 17).includes('Parameter: uniform'));
    assert.deepEqual(snippetLabels('', 0).filter((l) => !l.startsWith('Policy: ')), ['Sweep job']);
    assert.deepEqual(snippetLabels(SPEC, after(SPEC, 'goal: ')), [], 'not as a value');
    assert.deepEqual(snippetLabels(SPEC, after(SPEC, 'max_total_trials: 3\n  ')), [], 'not inside limits');
    const top = 'type: sweep\nearly_termination:\n  type: bandit\n';
    assert.deepEqual(snippetLabels(top, top.length), [], 'no second policy, no job in a non-empty spec');
    const fourSpace = 'search_space:\n    a:\n        type: choice\n        values: [1]\n    ';
    const uniform = completionsAt(fourSpace, fourSpace.length).find((i) => i.label === 'Parameter: uniform');
    assert.equal(uniform?.filterText, 'uniform');
    assert.equal(uniform?.insertText, '${1:name}:\n        type: uniform\n        min_value: ${2:0}\n        max_value: ${3:1}');
  });

  test('a variant snippet leaves out required keys already written', () => {
    const text = 'search_space:\n  x:\n    type: \n    min_value: 1\n';
    const uniform = completionsAt(text, after(text, 'type: ')).find((i) => i.label === 'uniform');
    assert.equal(uniform?.insertText, 'uniform\n    max_value: ${1:1}');
  });

  test('sampling_algorithm and goal values replace the written value', () => {
    const text = 'type: sweep\nsampling_algorithm: gr\nobjective:\n  goal: \n';
    const sampling = completionsAt(text, after(text, 'sampling_algorithm: gr'));
    assert.deepEqual(sampling.map((i) => i.label), ['random', 'grid', 'bayesian']);
    assert.deepEqual(sampling[0]?.range, { start: after(text, 'sampling_algorithm: '), end: after(text, 'sampling_algorithm: gr') });
    assert.deepEqual(labels(text, after(text, 'goal: ')), ['maximize', 'minimize']);
  });

  test('a value right after the colon gets a leading space', () => {
    const text = 'objective:\n  goal:';
    assert.equal(completionsAt(text, text.length)[0]?.insertText, ' maximize');
  });

  test('primary_metric offers the metric names earlier sweeps reported', () => {
    assert.deepEqual(labels(SPEC, after(SPEC, 'primary_metric: '), ['val_acc', 'loss']), ['val_acc', 'loss']);
    assert.deepEqual(labels(SPEC, after(SPEC, 'primary_metric: ')), []);
  });

  test('keys valid in the mapping at the cursor, minus those already there', () => {
    assert.deepEqual(labels(SPEC, after(SPEC, 'max_total_trials: 3\n  ')), ['max_concurrent_trials', 'timeout', 'trial_timeout']);
    const top = labels(SPEC, after(SPEC, 'max_total_trials: 3\n  \n') - 1 - 2);
    assert.deepEqual(top, labels('\n', 0).filter((l) => !['type', 'sampling_algorithm', 'search_space', 'objective', 'limits', 'trial', 'Sweep job'].includes(l)));
  });

  test('a key completion carries the schema doc and a value snippet', () => {
    const text = 'type: sweep\nobjective:\n  prim';
    const items = completionsAt(text, text.length);
    const metric = items.find((i) => i.label === 'primary_metric');
    assert.equal(metric?.insertText, 'primary_metric: ${1:accuracy}');
    assert.deepEqual(metric?.range, { start: text.length - 4, end: text.length });
    assert.match(metric?.documentation ?? '', /Exact name of the metric/);
    assert.equal(metric?.sortText?.startsWith('0_'), true, 'required keys sort first');
    const goal = items.find((i) => i.label === 'goal');
    assert.equal(goal?.insertText, 'goal: ${1|maximize,minimize|}');
  });

  test('mapping-valued top-level keys insert their placeholder block at the right indent', () => {
    const items = completionsAt('', 0);
    assert.equal(items.find((i) => i.label === 'objective')?.insertText, 'objective:\n  goal: maximize\n  primary_metric: accuracy');
  });

  test('inside an empty distribution, `type: <variant>` items insert the whole distribution', () => {
    const text = 'search_space:\n  lr:\n    ';
    const item = completionsAt(text, text.length).find((i) => i.label === 'type: normal');
    assert.equal(item?.insertText, 'type: normal\n    mu: ${1:0}\n    sigma: ${2:1}');
  });

  test('names after ${{search_space. and ${{inputs., closing the braces when needed', () => {
    const items = completionsAt(SPEC, after(SPEC, 'search_space.'));
    assert.deepEqual(items.map((i) => [i.label, i.insertText, i.detail]), [['lr', 'lr}}', 'search_space: loguniform'], ['opt', 'opt}}', 'search_space']]);
    const text = 'inputs:\n  data: ./d\n  rate: 3\ntrial:\n  command: run ${{inputs.ra}} x\n';
    const inputs = completionsAt(text, after(text, '${{inputs.ra'));
    assert.deepEqual(inputs.map((i) => [i.label, i.insertText]), [['data', 'data'], ['rate', 'rate']]);
    assert.deepEqual(inputs[0]?.range, { start: after(text, '${{inputs.'), end: after(text, '${{inputs.ra') });
  });

  test('nested choice options (list items under `values`) complete as distributions', () => {
    const text = 'search_space:\n  model:\n    type: choice\n    values:\n      - depth:\n          type: \n';
    assert.ok(labels(text, after(text, '          type: ')).includes('randint'));
  });

  test('nothing in comments, free text values, or user-named maps', () => {
    assert.deepEqual(labels('# ty', 4), []);
    assert.deepEqual(labels('name: my', 8), []);
    assert.deepEqual(completionsAt('search_space:\n  ', 17).filter((i) => i.kind !== 'snippet'), []);
  });

  test('never throws, and every range lies inside the text', () => {
    const pieces = fc.constantFrom('type: ', 'sweep', '\n', '  ', '- ', 'search_space:', 'lr:', '${{search_space.', 'values: [1]', '#', ':', '"', 'type: choice', '|');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')), fc.nat(), (text, n) => {
      const offset = n % (text.length + 1);
      for (const item of completionsAt(text, offset)) {
        assert.ok(item.range.start >= 0 && item.range.start <= item.range.end && item.range.end <= text.length);
      }
    }), { numRuns: 300 });
  });
});
