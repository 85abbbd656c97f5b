/**
 * The trial detail in real Chromium names where a trial runs: a Slurm job waiting in the queue and
 * why, then the node it moved to (a `trial-placement` event arriving live), and an SSH host with
 * its GPUs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardPages } from './support';
import { LiveJournal, seededRandom } from './liveJournal';

const pages = useDashboardPages();

describe('trial detail placement', () => {
  test('pending: Priority, then Slurm job on its node; an SSH trial on its host and GPUs', async () => {
    const journal = await LiveJournal.create('where', seededRandom(3));
    try {
      const slurm = { target: 'cluster', slot: 0, jobId: '123', gres: 'gpu:1' };
      await journal.write([
        { type: 'trial-created', trialId: 'where_0', index: 0, sequence: 0, params: { lr: 0.1 } },
        { type: 'trial-started', trialId: 'where_0', attempt: 1, pid: 123, processStartTime: null, target: 'cluster', argv: ['node'], cwd: '/w', placement: { ...slurm, queueState: 'PENDING', pendingReason: 'Priority' } },
        { type: 'trial-created', trialId: 'where_1', index: 1, sequence: 1, params: { lr: 0.2 } },
        { type: 'trial-started', trialId: 'where_1', attempt: 1, pid: 9, processStartTime: null, target: 'boxes', argv: ['node'], cwd: '/w', placement: { target: 'boxes', host: 'box1', gpus: ['0', '1'] } },
      ]);
      const dash = await pages.open(journal.dir, 'dark', 20);
      try {
        const page = dash.page;
        await page.locator('#row-count', { hasText: '2 of 2 trials' }).waitFor();
        await page.locator('.lb-row[data-id="where_0"]').click();
        await page.locator('#detail-placement', { hasText: 'pending: Priority, job 123' }).waitFor();
        await journal.write([{ type: 'trial-placement', trialId: 'where_0', attempt: 1, placement: { ...slurm, queueState: 'RUNNING', host: 'n1' } }]);
        await dash.session.refresh();
        await page.locator('#detail-placement', { hasText: 'Slurm job 123 on node n1 (gpu:1)' }).waitFor();
        await page.locator('.lb-row[data-id="where_1"]').click();
        await page.locator('#detail-title', { hasText: 'where_1' }).waitFor();
        assert.equal((await page.locator('#detail-placement').textContent())?.trim(), 'on box1, GPU 0,1');
      } finally {
        await dash.close();
      }
    } finally {
      await journal.close();
    }
  });
});
