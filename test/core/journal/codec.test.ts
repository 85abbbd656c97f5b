import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEventLine, encodeEventLine } from '../../../src/core/journal/codec';
import type { JournalEvent, JournalEventType, MetricEvent } from '../../../src/core/journal/events';
import { makeEvent } from '../../../src/core/journal/events';
import { SAMPLE_EVENTS } from './sample-events';

function roundTrip(event: JournalEvent): JournalEvent {
  const line = encodeEventLine(event);
  assert.ok(line.endsWith('\n'));
  assert.equal(line.indexOf('\n'), line.length - 1, 'exactly one newline, at the end');
  const result = decodeEventLine(line.slice(0, -1));
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.event;
}

describe('journal codec', () => {
  test('every event type survives encode -> decode unchanged', () => {
    const types = new Set<JournalEventType>();
    for (const event of SAMPLE_EVENTS) {
      assert.deepEqual(roundTrip(event), event);
      types.add(event.type);
    }
    assert.equal(types.size, 14, 'the sample covers all 14 event types');
  });

  test('non-finite numbers are written as strings, not null', () => {
    const line = encodeEventLine(makeEvent({ type: 'metric', trialId: 'a_0', name: 'm', value: Number.NaN, step: 0, timestamp: 1, source: 'stdout' }, 5));
    assert.match(line, /"value":"NaN"/);
    assert.doesNotMatch(line, /null/);
  });

  test('any metric value, name and step round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.double(), fc.string(), fc.integer({ min: 0, max: 1e9 }), (value, name, step) => {
        const event: MetricEvent = { v: 1, t: 1, type: 'metric', trialId: 'x_1', name, value, step, timestamp: 2, source: 'mlflow' };
        const back = roundTrip(event);
        assert.equal(back.type, 'metric');
        if (back.type === 'metric') assert.ok(Object.is(back.value, value) || (value === 0 && back.value === 0));
        assert.equal(back.type === 'metric' ? back.name : undefined, name);
      }),
    );
  });

  test('invalid lines are reported with the reason, never thrown', () => {
    const cases: [string, RegExp][] = [
      ['{"v":1,"type":"metric"', /not valid JSON/],
      ['[1,2]', /must be a JSON object/],
      ['{"v":2,"type":"metric","t":1}', /newer than this HyperSweep/],
      ['{"v":1,"type":"party","t":1}', /type must be one of/],
      ['{"v":1,"type":"runner-started","t":1,"pid":"12","host":"h","resume":false}', /pid must be an integer/],
      ['{"v":1,"type":"metric","t":1,"trialId":"a","name":"m","value":"nan","step":0,"timestamp":1,"source":"stdout"}', /value must be a number/],
      ['{"v":1,"type":"trial-ended","t":1,"trialId":"a","attempt":1,"status":"Done","exitCode":0,"signal":null}', /status must be one of Completed, Failed, Canceled/],
      ['{"v":1,"type":"trial-created","t":1,"trialId":"a","index":0,"sequence":0,"params":{"x":[1]}}', /params.x must be/],
      ['{"v":1,"type":"sweep-created","t":1}', /name must be a string/],
      ['null', /must be a JSON object/],
    ];
    for (const [line, pattern] of cases) {
      const result = decodeEventLine(line);
      assert.equal(result.ok, false, line);
      if (!result.ok) assert.match(result.message, pattern, line);
    }
  });

  test('makeEvent stamps version and time', () => {
    assert.deepEqual(makeEvent({ type: 'cancel-requested', by: 'cli' }, 99), { v: 1, t: 99, type: 'cancel-requested', by: 'cli' });
  });
});
