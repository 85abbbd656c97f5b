/**
 * The engine side of enqueue, warm start and extend: positioned reading of JSONL and CSV lines,
 * the exact value check (refused, never clipped), projecting another sweep's trials onto a changed
 * space, the new journal events through the real codec and replay, and what the samplers see.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLine, encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent } from '../../../src/core/journal/events';
import { historyForSampler, replay } from '../../../src/core/journal/replay';
import { createSampler } from '../../../src/core/samplers';
import { nextSequence } from '../../../src/core/samplers/history';
import type { Parameter, SearchSpace } from '../../../src/core/spec/model';
import { checkValue } from '../../../src/core/warmstart/configCheck';
import { readCsvLine } from '../../../src/core/warmstart/csvLine';
import { readEnqueued } from '../../../src/core/warmstart/enqueueFile';
import { originLines } from '../../../src/core/warmstart/describeOrigins';
import { readJsonLine } from '../../../src/core/warmstart/jsonLine';
import { projectPriors } from '../../../src/core/warmstart/projectPriors';
import { PriorSourceError } from '../../../src/core/warmstart/priorSource';
import { headerView } from '../../../src/core/dashboard/views';

const p = (name: string, distribution: Parameter['distribution']): Parameter => ({ name, distribution });

const SPACE: SearchSpace = {
  parameters: [
    p('lr', { type: 'loguniform', min_value: Math.log(1e-4), max_value: Math.log(0.1) }),
    p('units', { type: 'randint', upper: 4 }),
    p('wd', { type: 'qnormal', mu: 0, sigma: 1, q: 0.5 }),
    p('model', { type: 'choice', values: [
      { kind: 'nested', entries: [{ name: 'arch', value: 'mlp' }, { name: 'depth', value: { type: 'choice', values: [1, 2] } }] },
      { kind: 'nested', entries: [{ name: 'arch', value: 'cnn' }, { name: 'width', value: { type: 'uniform', min_value: 0, max_value: 1 } }] },
    ] }),
    p('flag', { type: 'choice', values: [true, false] }),
  ],
};

const param = (name: string): Parameter => {
  const found = SPACE.parameters.find((x) => x.name === name);
  assert.ok(found);
  return found;
};

void describe('enqueue: reading lines with positions', () => {
  void test('JSONL: each top-level key and value has its 1-based column; syntax errors say where', () => {
    const line = '  {"a": 1, "b" : {"c": [1, "}"]}, "d":"x"}';
    const read = readJsonLine(line);
    assert.ok(read.ok);
    const col = (text: string): number => line.indexOf(text) + 1;
    assert.deepEqual(read.entries.map((e) => [e.key, e.keyColumn, e.valueColumn]), [['a', col('"a"'), col('1')], ['b', col('"b"'), col('{"c"')], ['d', col('"d"'), col('"x"')]]);
    assert.deepEqual(read.entries[1]?.value, { c: [1, '}'] });
    const bad = readJsonLine('{"a": 1 "b": 2}');
    assert.ok(!bad.ok);
    assert.equal(bad.column, 9);
    assert.match(bad.message, /expected `,` or `}`/);
    const open = readJsonLine('{"a": {"b": 1}');
    assert.ok(!open.ok);
    assert.match(open.message, /expected `,` or `}`, found the end of the line/);
  });

  void test('CSV: quoted fields with commas and doubled quotes, columns of each field', () => {
    const read = readCsvLine('1, "a, ""b""",x');
    assert.ok(read.ok);
    assert.deepEqual(read.fields.map((f) => [f.text, f.column]), [['1', 1], ['a, "b"', 4], ['x', 15]]);
    const bad = readCsvLine('1,"open');
    assert.ok(!bad.ok);
    assert.equal(bad.column, 3);
  });
});

void describe('enqueue: values are checked exactly', () => {
  void test('continuous values within bounds pass, outside are refused; loguniform bounds are e^min..e^max', () => {
    assert.equal(checkValue(param('lr'), 0.001), undefined);
    assert.equal(checkValue(param('lr'), 0.1), undefined, 'the upper bound itself');
    assert.match(checkValue(param('lr'), 0.5) ?? '', /outside its range.*\[e\^.*\] = \[0\.0001, 0\.1\]/);
    assert.match(checkValue(param('lr'), 'a') ?? '', /not a finite number/);
  });

  void test('randint, q grid, booleans', () => {
    assert.equal(checkValue(param('units'), 3), undefined);
    assert.match(checkValue(param('units'), 4) ?? '', /an integer from 0 to 3/);
    assert.match(checkValue(param('units'), 1.5) ?? '', /outside its range/);
    assert.equal(checkValue(param('wd'), -1.5), undefined);
    assert.match(checkValue(param('wd'), 0.2) ?? '', /not on its q grid \(q = 0\.5\)/);
    assert.equal(checkValue(param('flag'), false), undefined);
    assert.match(checkValue(param('flag'), 'false') ?? '', /not one of its values/);
  });

  void test('a nested choice is the chosen mapping: constants equal, inner distributions within range, same keys', () => {
    assert.equal(checkValue(param('model'), { arch: 'mlp', depth: 2 }), undefined);
    assert.equal(checkValue(param('model'), { arch: 'cnn', width: 0.3 }), undefined);
    assert.match(checkValue(param('model'), { arch: 'mlp', depth: 3 }) ?? '', /matches none of its mapping options/);
    assert.match(checkValue(param('model'), { arch: 'cnn', width: 1.5 }) ?? '', /matches none/);
    assert.match(checkValue(param('model'), { arch: 'mlp', depth: 1, extra: 1 }) ?? '', /matches none/);
  });

  void test('CSV cells become typed values: numbers, the choice option by its text, a mapping as JSON', () => {
    const text = 'lr,units,wd,model,flag\n0.01,2,0.5,"{""arch"":""mlp"",""depth"":1}",False\n';
    const read = readEnqueued(text, SPACE, true);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.configs, [{ lr: 0.01, units: 2, wd: 0.5, model: { arch: 'mlp', depth: 1 }, flag: false }]);
  });

  void test('an empty file and a repeated configuration are errors', () => {
    assert.match(readEnqueued('\n# only a comment\n', SPACE, false).problems[0]?.message ?? '', /no configuration found/);
    const line = '{"lr": 0.01, "units": 2, "wd": 0, "model": {"arch": "cnn", "width": 0.5}, "flag": true}';
    const twice = readEnqueued(`${line}\n\n${line}\n`, SPACE, false);
    assert.deepEqual(twice.problems.map((x) => [x.line, x.column, x.message]), [[3, 1, 'the same configuration as line 1; each configuration runs once, remove one of them.']]);
  });
});

const SMALL: SearchSpace = {
  parameters: [
    p('x', { type: 'uniform', min_value: 0, max_value: 1 }),
    p('k', { type: 'choice', values: ['a', 'b', 'c'] }),
  ],
};

void describe('warm start: projecting another sweep onto this space', () => {
  const source = {
    kind: 'sweep folder', primaryMetric: 'loss', goal: 'minimize' as const,
    trials: [
      { id: 's_0', params: { x: 0.2, gone: 1 }, status: 'Completed', value: 0.5 },
      { id: 's_1', params: { x: 1.5, gone: 2 }, status: 'Completed', value: 0.1 },
      { id: 's_2', params: { x: 0.4, gone: 3 }, status: 'Running', value: 0.3 },
      { id: 's_3', params: { x: 0.6, gone: 4 }, status: 'Canceled', value: null },
      { id: 's_4', params: { x: 0.8, gone: 5 }, status: 'Failed', value: null },
      { id: 's_5', params: { x: 0.2, gone: 6 }, status: 'Completed', value: 0.7 },
    ],
  };

  void test('kept, dropped with reasons, parameters used, dropped and imputed, in one line', () => {
    const projected = projectPriors(source, 'old', SMALL, { primaryMetric: 'loss', goal: 'minimize' });
    assert.deepEqual(projected.trials, [
      { id: 's_0', params: { x: 0.2, k: 'b' }, status: 'Completed', value: 0.5, imputed: ['k'] },
      { id: 's_4', params: { x: 0.8, k: 'b' }, status: 'Failed', value: null, imputed: ['k'] },
    ]);
    assert.equal(projected.summary,
      'warm start from sweep folder old: 6 trials, 2 kept as prior; 4 dropped (1 `x` outside this space, 1 not finished (Running), 1 no primary value, 1 same configuration as an earlier one); parameters used: x; dropped (not in this space): gone; new here, priors take the space\'s centre value: k="b"');
  });

  void test('another primary metric or goal is refused', () => {
    assert.throws(() => projectPriors(source, 'old', SMALL, { primaryMetric: 'acc', goal: 'minimize' }), PriorSourceError);
    assert.throws(() => projectPriors(source, 'old', SMALL, { primaryMetric: 'loss', goal: 'maximize' }), /goal minimize, this spec maximize/);
  });
});

const T = 1_700_000_000_000;
const created: JournalEvent = {
  v: 1, t: T, type: 'sweep-created', name: 'w', specPath: '/s.yaml', specHash: 'h', sampler: 'bayesian', seed: 3, goal: 'minimize',
  primaryMetric: 'loss', limits: { max_total_trials: 2, timeout: 60 }, policy: null, hypersweepVersion: 'test',
};
const NEW_EVENTS: JournalEvent[] = [
  { v: 1, t: T + 1, type: 'configs-enqueued', source: 'c.jsonl', configs: [{ x: 0.5, k: 'a' }] },
  { v: 1, t: T + 2, type: 'priors-loaded', source: 'old', summary: 'warm start', trials: [
    { id: 'o_0', params: { x: 0.1, k: 'c' }, status: 'Completed', value: 0.25, imputed: ['k'] },
    { id: 'o_1', params: { x: 0.9, k: 'a' }, status: 'Failed', value: null },
  ] },
  { v: 1, t: T + 3, type: 'runner-started', pid: 1, host: 'h', resume: false },
  { v: 1, t: T + 4, type: 'trial-created', trialId: 'w_0', index: 0, sequence: 0, params: { x: 0.5, k: 'a' }, origin: 'enqueued' },
  { v: 1, t: T + 5, type: 'trial-created', trialId: 'w_1', index: 1, sequence: 0, params: { x: 0.3, k: 'b' } },
  { v: 1, t: T + 6, type: 'sweep-ended', status: 'Completed', reason: 'max_total_trials' },
  { v: 1, t: T + 7, type: 'sweep-extended', addTrials: 3, maxTotalTrials: 5, timeout: 30 },
];

void describe('journal: the new events', () => {
  void test('round-trip through the codec unchanged', () => {
    for (const event of NEW_EVENTS) {
      const line = encodeEventLine(event);
      const back = decodeEventLine(line.slice(0, -1));
      assert.ok(back.ok, back.ok ? '' : back.message);
      assert.deepEqual(back.event, event);
    }
  });

  void test('replay: enqueued origin, priors apart from trials, the extension raises the limit and keeps the earlier outcome', () => {
    const state = replay([created, ...NEW_EVENTS]);
    assert.equal(state.trials.length, 2, 'priors are not trials');
    assert.equal(state.trials[0]?.origin, 'enqueued');
    assert.equal(state.info?.limits.max_total_trials, 5);
    assert.equal(state.info?.limits.timeout, 30);
    assert.deepEqual(state.extensions, [{
      addTrials: 3, maxTotalTrials: 5, previousMaxTotalTrials: 2, timeout: 30, previousStatus: 'Completed', previousReason: 'max_total_trials', trialsBefore: 2, time: T + 7,
    }]);
    assert.deepEqual(originLines(state), [
      "prior: 2 trials from old (warm start): best loss 0.25 (o_0); the sampler's prior observations, not trials of this sweep (not run, not counted in max_total_trials, never its best)",
      'enqueued: 1 configuration from c.jsonl, 1 created (w_0)',
      `extended at ${new Date(T + 7).toISOString().slice(11, 19)} UTC: +3 trials (max_total_trials 2 → 5) after Completed (max_total_trials) with 2 trials; timeout 30 s from then`,
    ]);
    const header = headerView(state);
    assert.equal(header.canExtend, true);
    assert.equal(header.total, 5);
    assert.equal(header.origins?.length, 3);
  });

  void test('the sampler sees priors first, enqueued trials as observations, and only its own proposals move its sequence', () => {
    const state = replay([created, ...NEW_EVENTS]);
    const history = historyForSampler(state);
    assert.deepEqual(history.map((h) => [h.origin, h.state, h.primary]), [
      ['prior', 'completed', [0.25]], ['prior', 'failed', []], ['enqueued', 'pending', []], [undefined, 'pending', []],
    ]);
    assert.equal(nextSequence(history), 1);
    const sampler = createSampler({ type: 'random', rule: 'random', form: 'object' }, { space: SMALL, seed: 3, goal: 'minimize' });
    assert.equal(sampler.propose(history, 1).proposals[0]?.sequence, 1);
  });
});
