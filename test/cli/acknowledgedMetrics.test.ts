/**
 * An MLflow logging call is answered only once its values are in the journal on disk: a trial
 * logs batches of values, and right after the answer to its last call it kills the runner
 * (`hypersweep run`) with SIGKILL. Every value it was answered 200 for must be in the journal.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { eventsOf, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, runCli } from './support';

const folder = tempFolder('hypersweep-cli-acks-');
after(() => folder.remove());
before(ensureCliBuilt);

const ACK_SCRIPT = join(__dirname, '..', 'fixtures', 'scheduler', 'mlflowAcks.js');

void test('after kill -9 right after acknowledged MLflow calls, every acknowledged value is in the journal', async () => {
  const acks = join(folder.path, 'acks.txt');
  const specPath = writeSpec(folder.path, `type: sweep
trial:
  command: node ${JSON.stringify(ACK_SCRIPT)} --out ${JSON.stringify(acks)} --batch 500 --batches 4
objective:
  goal: minimize
  primary_metric: acked
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1]
limits:
  max_total_trials: 1
`);
  const sweepDir = join(folder.path, 'acks');
  const result = await runCli(['run', specPath, '--out', sweepDir, '--name', 'acks'], folder.path);
  assert.equal(result.signal, 'SIGKILL', `the trial did not kill the runner: ${result.stderr}`);
  assert.ok(existsSync(acks), 'the trial acknowledged nothing');
  const lines = readFileSync(acks, 'utf8').trim().split('\n');
  assert.ok(!lines.some((line) => line.startsWith('error')), lines.join('\n'));
  const lastAcknowledged = Number(lines.at(-1));
  assert.equal(lastAcknowledged, 1999);
  const journaled = new Set(eventsOf((await readJournal(join(sweepDir, 'journal.jsonl'))).events, 'metric').filter((e) => e.name === 'acked').map((e) => e.value));
  const missing: number[] = [];
  for (let value = 0; value <= lastAcknowledged; value++) if (!journaled.has(value)) missing.push(value);
  assert.deepEqual(missing.length, 0, `${missing.length} acknowledged values are not in the journal, e.g. ${missing.slice(0, 5).join(', ')}`);
});
