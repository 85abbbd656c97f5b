import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createMetricLineParser, compileMetricPattern, MetricPatternError } from '../../../src/core/metrics/stdoutParser';
import { parseMetricNumber } from '../../../src/core/metrics/metricValue';

type Pair = [string, number];

/** Name/value pairs a fresh default parser finds in one line. */
function pairs(line: string, pattern?: string): Pair[] {
  return createMetricLineParser(pattern).parse(line).map((m) => [m.name, m.value]);
}

// Real-world lines and what must (and must not) be read from them.
const DEFAULT_TABLE: readonly [string, Pair[]][] = [
  ['loss=0.3 acc=0.9', [['loss', 0.3], ['acc', 0.9]]],
  ['accuracy: 0.93', [['accuracy', 0.93]]],
  ['loss = 0.25, acc = 0.75; f1=0.5', [['loss', 0.25], ['acc', 0.75], ['f1', 0.5]]],
  ['val_loss=1e-3 val/acc=.5 test-multi_logloss=2.5E+2', [['val_loss', 0.001], ['val/acc', 0.5], ['test-multi_logloss', 250]]],
  ['n=-4 m=+7 big=12345678901', [['n', -4], ['m', 7], ['big', 12345678901]]],
  ['lr=abc', []],
  ['Epoch 3/10', []],
  ['time=3s speed=120it/s', []],
  ['python train.py --lr=0.01 --epochs 10', []],
  ['Listening on localhost:8080 at 12:30:05', []],
  // Keras 2 and Keras 3 epoch summaries.
  [
    '1875/1875 [==============================] - 3s 2ms/step - loss: 0.2950 - accuracy: 0.9148 - val_loss: 0.1400 - val_accuracy: 0.9582',
    [['loss', 0.295], ['accuracy', 0.9148], ['val_loss', 0.14], ['val_accuracy', 0.9582]],
  ],
  ['469/469 ━━━━━━━━━━━━━━━━━━━━ 3s 5ms/step - accuracy: 0.8634 - loss: 0.4682', [['accuracy', 0.8634], ['loss', 0.4682]]],
  // PyTorch Lightning progress bar (final drawing).
  [
    'Epoch 0: 100%|██████████| 1875/1875 [00:15<00:00, 120.50it/s, v_num=0, train_loss=0.123, val_loss=0.0987, val_acc=0.968]',
    [['v_num', 0], ['train_loss', 0.123], ['val_loss', 0.0987], ['val_acc', 0.968]],
  ],
  // HuggingFace Trainer dict print and JSON.
  ["{'eval_loss': 0.35, 'eval_accuracy': 0.87, 'epoch': 1.0}", [['eval_loss', 0.35], ['eval_accuracy', 0.87], ['epoch', 1]]],
  ['{"loss":0.3,"val/acc":0.25}', [['loss', 0.3], ['val/acc', 0.25]]],
  // sklearn / plain prints and Python logging.
  ['Accuracy: 0.9533', [['Accuracy', 0.9533]]],
  ['Final accuracy: 0.93.', [['accuracy', 0.93]]],
  ['INFO:root:accuracy: 0.93', [['accuracy', 0.93]]],
  ['Test set: Average loss: 0.0329, Accuracy: 9893/10000 (99%)', [['loss', 0.0329]]],
  ['Namespace(lr=0.01, batch_size=32, optimizer=adam)', [['lr', 0.01], ['batch_size', 32]]],
  ['| epoch=2 | loss=0.5 |', [['epoch', 2], ['loss', 0.5]]],
  // XGBoost's colon-without-space form is not a default report (see the custom pattern test).
  ['[0]\tvalidation_0-logloss:0.61026', []],
];

describe('default metric line pattern', () => {
  for (const [line, expected] of DEFAULT_TABLE) {
    test(JSON.stringify(line), () => assert.deepEqual(pairs(line), expected));
  }

  test('nan and infinities in any case are metrics', () => {
    const found = pairs('a=nan b=NaN c=inf d=-INF e=+Infinity f: -infinity');
    assert.deepEqual(found.map(([name]) => name), ['a', 'b', 'c', 'd', 'e', 'f']);
    const values = found.map(([, value]) => value);
    assert.ok(Number.isNaN(values[0]) && Number.isNaN(values[1]));
    assert.deepEqual(values.slice(2), [Infinity, -Infinity, Infinity, -Infinity]);
  });

  test('nan and inf as prefixes of longer words are not metrics', () => {
    assert.deepEqual(pairs('a=nano b=info c=1.5e'), []);
  });

  test('step counts earlier reports of the same name, per parser', () => {
    const parser = createMetricLineParser();
    parser.parse('loss=3 acc=0.1');
    parser.parse('loss=2');
    const third = parser.parse('acc=0.2 loss=1');
    assert.deepEqual(third, [{ name: 'acc', value: 0.2, step: 1 }, { name: 'loss', value: 1, step: 2 }]);
    assert.deepEqual(createMetricLineParser().parse('loss=9'), [{ name: 'loss', value: 9, step: 0 }]);
  });

  test('any number printed by Python-like formatting is read back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('=', ': ', ' = '), (value, separator) => {
        const printed = Object.is(value, -0) ? '-0' : String(value);
        const found = pairs(`metric${separator}${printed}`);
        assert.equal(found.length, 1);
        assert.equal(found[0]?.[1], Number(printed));
      }),
      { numRuns: 300 },
    );
  });

  test('every name=value pair in a generated line is found, in order', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_./-]{0,10}$/);
    const value = fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8);
    const separator = fc.constantFrom(' ', ', ', '; ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 6 }), separator, (entries, sep) => {
        const line = entries.map(([n, v]) => `${n}=${v}`).join(sep);
        assert.deepEqual(pairs(line), entries);
      }),
      { numRuns: 300 },
    );
  });
});

describe('custom metric pattern', () => {
  test('XGBoost eval lines with a custom regex', () => {
    const pattern = String.raw`(?<name>[\w-]+):(?<value>[-+.\deE]+|nan|inf)`;
    assert.deepEqual(pairs('[0]\tvalidation_0-logloss:0.61026\tvalidation_1-logloss:0.6152', pattern), [
      ['validation_0-logloss', 0.61026],
      ['validation_1-logloss', 0.6152],
    ]);
  });

  test('a fixed name written inside the name group', () => {
    assert.deepEqual(pairs('the accuracy is 0.91 today', String.raw`(?<name>accuracy) is (?<value>\S+)`), [['accuracy', 0.91]]);
  });

  test('matches whose value is not a number are skipped', () => {
    assert.deepEqual(pairs('a=1 b=x c=2', String.raw`(?<name>\w+)=(?<value>\S+)`), [['a', 1], ['c', 2]]);
  });

  test('an invalid regex gives a MetricPatternError that explains the fix', () => {
    assert.throws(() => createMetricLineParser('(?<name>\\w+=(?<value>\\S+)'), (error: unknown) => {
      assert.ok(error instanceof MetricPatternError);
      assert.match(error.message, /not a valid JavaScript regular expression/);
      assert.match(error.message, /\(\?<name>/);
      return true;
    });
  });

  test('a pattern without the name or value group is refused', () => {
    assert.throws(() => compileMetricPattern(String.raw`loss=(?<value>\S+)`), /no named group "name"/);
    assert.throws(() => compileMetricPattern(String.raw`(?<name>\w+)=\S+`), /no named group "value"/);
    assert.throws(() => compileMetricPattern('  '), /empty/);
  });

  test('a pattern that can match the empty string does not loop', () => {
    assert.deepEqual(pairs('abc', String.raw`(?<name>\w*)(?<value>\d*)`), []);
  });
});

describe('parseMetricNumber', () => {
  test('accepts the numeric spellings and nothing else', () => {
    assert.equal(parseMetricNumber(' 42 '), 42);
    assert.equal(parseMetricNumber('-1.5e-3'), -0.0015);
    assert.equal(parseMetricNumber('Infinity'), Infinity);
    assert.equal(parseMetricNumber('-inf'), -Infinity);
    assert.ok(Number.isNaN(parseMetricNumber('NaN')));
    for (const text of ['', 'abc', '1.2.3', '0x10', '1e', 'nanx', '--1']) assert.equal(parseMetricNumber(text), undefined, text);
  });
});
