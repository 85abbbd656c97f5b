import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasTopLevelTypeSweep, isSweepSpecFile } from '../../../src/core/spec/specFiles';

describe('which files are sweep specs', () => {
  test('*.sweep.yaml / *.sweep.yml by name, whatever they hold', () => {
    assert.equal(isSweepSpecFile('a/b.sweep.yaml', ''), true);
    assert.equal(isSweepSpecFile('b.SWEEP.YML', 'x: 1'), true);
  });

  test('any other YAML file whose top level has `type: sweep`', () => {
    for (const text of ['type: sweep\n', 'a: 1\ntype: Sweep  # Azure ML\n', "$schema: x\ntype: 'sweep'\r\nb: 2", 'type : "sweep"']) {
      assert.equal(isSweepSpecFile('examples/x/sweep.yaml', text), true, text);
    }
    for (const text of ['  type: sweep\n', 'type: command\n', 'job:\n  type: sweep\n', 'Type: sweep\n', 'type: sweeps\n', '# type: sweep\n']) {
      assert.equal(hasTopLevelTypeSweep(text), false, text);
    }
    assert.equal(isSweepSpecFile('docker-compose.yaml', 'services:\n  web:\n    image: x\n'), false);
    assert.equal(isSweepSpecFile('notes.txt', 'type: sweep\n'), false, 'only YAML files');
  });
});
