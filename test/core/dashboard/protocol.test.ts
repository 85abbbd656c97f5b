import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWebviewMessage } from '../../../src/shared/dashboardProtocol';

describe('parseWebviewMessage', () => {
  test('accepts every well-formed message as it is', () => {
    const good = [
      { type: 'ready', chartWidth: 640 },
      { type: 'requestCurves', metric: 'loss', chartWidth: 300 },
      { type: 'requestCurves', metric: 'acc', chartWidth: 300, selectedTrialId: 's_1' },
      { type: 'selectTrial', trialId: 's_2' },
      { type: 'runCommand', command: 'stopSweep' },
      { type: 'runCommand', command: 'rerunTrial', trialId: 's_3' },
      { type: 'exportCsv' },
      { type: 'exportPng', chart: 'curves', dataUrl: 'data:image/png;base64,AAAA' },
    ];
    for (const message of good) assert.deepEqual(parseWebviewMessage(message), message);
  });

  test('rejects malformed messages', () => {
    const bad: unknown[] = [
      null, 'ready', [], { type: 'nope' }, { type: 'ready', chartWidth: -1 }, { type: 'ready', chartWidth: NaN },
      { type: 'requestCurves', metric: '', chartWidth: 10 }, { type: 'selectTrial' }, { type: 'runCommand', command: 'rm -rf' },
      { type: 'runCommand', command: 'rerunTrial', trialId: 5 }, { type: 'exportPng', chart: 'curves', dataUrl: 'javascript:alert(1)' },
      { type: 'exportPng', chart: 'pie', dataUrl: 'data:image/png;base64,AA' },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });

  test('never throws, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      parseWebviewMessage(value);
    }));
    fc.assert(fc.property(fc.record({ type: fc.constantFrom('ready', 'requestCurves', 'selectTrial', 'runCommand', 'exportPng'), chartWidth: fc.anything(), metric: fc.anything(), trialId: fc.anything(), command: fc.anything() }), (value) => {
      parseWebviewMessage(value);
    }));
  });
});
