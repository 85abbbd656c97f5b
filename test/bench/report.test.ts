import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatJson, formatMachine, formatTable, formatValue, machineInfo } from '../../bench/report';
import type { BenchResult } from '../../bench/harness';

const RESULTS: BenchResult[] = [
  { group: 'grid', name: 'create + first point', value: 0.0212, unit: 'ms', notes: '12 keys' },
  { group: 'metrics', name: 'stdout', value: 506586.4, unit: 'lines/s', notes: '' },
];

describe('formatValue', () => {
  test('large values are whole numbers with separators, mid values two decimals, small ones 3 digits', () => {
    assert.equal(formatValue(506586.4), '506,586');
    assert.equal(formatValue(62.718), '62.72');
    assert.equal(formatValue(0.021234), '0.0212');
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(Number.POSITIVE_INFINITY), 'Infinity');
  });

  test('law: a finite value prints as a number that stays within 1% or 0.5 of it', () => {
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (v) => {
      const back = Number(formatValue(v).replaceAll(',', ''));
      assert.ok(Math.abs(back - v) <= Math.max(0.5, Math.abs(v) * 0.01), `${v} printed as ${formatValue(v)}`);
    }));
  });
});

describe('formatTable', () => {
  test('one aligned row per result under a header, failures listed after', () => {
    const lines = formatTable(RESULTS, [{ group: 'runner', message: 'boom' }]).split('\n');
    assert.equal(lines.length, 2 + RESULTS.length + 1);
    assert.match(lines[0] ?? '', /^benchmark\s+value\s+unit\s+notes$/);
    assert.match(lines[2] ?? '', /^grid: create \+ first point\s+0\.0212\s+ms\s+12 keys$/);
    assert.match(lines[3] ?? '', /^metrics: stdout\s+506,586\s+lines\/s$/);
    assert.equal(lines[4], 'FAILED runner: boom');
    // Values are right-aligned: both end in the same column.
    const valueEnd = (line: string, value: string): number => line.indexOf(value) + value.length;
    assert.equal(valueEnd(lines[2] ?? '', '0.0212'), valueEnd(lines[3] ?? '', '506,586'));
  });
});

describe('machine and JSON output', () => {
  test('the machine line names CPU count and node version', () => {
    const machine = machineInfo();
    assert.ok(machine.cpuCount >= 1);
    const line = formatMachine(machine);
    assert.ok(line.includes(`${machine.cpuCount} CPUs`) && line.includes(process.version));
  });

  test('JSON output round-trips the results and failures', () => {
    const machine = machineInfo();
    const parsed: unknown = JSON.parse(formatJson(machine, RESULTS, [{ group: 'runner', message: 'boom' }]));
    assert.deepEqual(parsed, { machine, results: RESULTS, failures: [{ group: 'runner', message: 'boom' }] });
  });
});
