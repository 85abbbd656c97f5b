/**
 * The Bayesian example end to end through the real CLI: nested choice, early termination and
 * concurrency together (issue 6, "works from the CLI on every example spec").
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { replay } from '../../src/core/journal/replay';
import { ensureCliBuilt, ROOT, runCli } from '../cli/support';

const SPEC = join(ROOT, 'examples', 'node-mlp', 'bayesian.sweep.yaml');

describe('examples/node-mlp/bayesian.sweep.yaml', () => {
  before(ensureCliBuilt);

  test('runs to completion with nested choices reaching the script as JSON, and stops some trials early', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hypersweep-bayes-'));
    try {
      const out = join(work, 'sweep');
      const result = await runCli(['run', SPEC, '--out', out, '--max-trials', '14'], work);
      assert.equal(result.code, 0, result.stderr);
      const state = replay((await readJournal(join(out, 'journal.jsonl'))).events);
      assert.equal(state.status, 'Completed');
      assert.equal(state.info?.sampler, 'bayesian');
      assert.equal(state.trials.length, 14);
      const keys = new Set(state.trials.map((t) => JSON.stringify(t.params)));
      assert.equal(keys.size, 14, 'no configuration is proposed twice');
      for (const trial of state.trials) {
        const arch = trial.params['arch'];
        assert.ok(typeof arch === 'object' && arch !== null, `${trial.id}: arch is the chosen mapping`);
        const { activation, hidden } = arch as { activation: unknown; hidden: unknown };
        assert.ok(activation === 'tanh' || activation === 'relu');
        if (activation === 'tanh') assert.ok([4, 8, 16, 32].includes(Number(hidden)), `tanh width ${String(hidden)} from its choice`);
        else assert.ok(Number(hidden) % 4 === 0 && Number(hidden) >= 4 && Number(hidden) <= 32, `relu width ${String(hidden)} on its q-grid`);
        assert.ok(trial.status === 'Completed' || (trial.status === 'Canceled' && trial.reason === 'early_termination'), `${trial.id}: ${trial.status}`);
        assert.ok(trial.primary.length > 0, `${trial.id} reported val_loss`);
      }
      assert.ok(state.bestTrialId !== undefined);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
