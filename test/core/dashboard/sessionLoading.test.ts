import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardSession, type DashboardActions } from '../../../src/core/dashboard/session';
import { trialRowView } from '../../../src/core/dashboard/views';
import { sweepPaths } from '../../../src/core/journal/layout';
import { readJournal } from '../../../src/core/journal/reader';
import { applyEvent } from '../../../src/core/journal/replay';
import { emptySweepState } from '../../../src/core/journal/state';
import type { HostToWebview, TrialRowView } from '../../../src/shared/dashboardProtocol';
import { runSmallSweep } from './support';

const actions: DashboardActions = {
  runCommand: () => Promise.resolve(),
  save: () => Promise.resolve(undefined),
};

let sweepDir: string;
before(async () => {
  sweepDir = await runSmallSweep();
});

describe('DashboardSession reading a journal in small chunks', () => {
  const messages: HostToWebview[] = [];
  let session: DashboardSession;
  after(() => session.dispose());

  test('the first message is a snapshot with loading set, the last update clears it, the rows equal a full replay', async () => {
    session = new DashboardSession(sweepDir, (m) => messages.push(m), actions, { batchMs: 5, loadingBatchMs: 1, curvesIntervalMs: 5, pollIntervalMs: 10_000, maxBatchBytes: 512 });
    // Ready first, as a webview that loaded before the host read anything.
    await session.handleMessage({ type: 'ready', chartWidth: 300 });
    await session.start();
    for (let i = 0; i < 200 && messages.filter((m) => m.type === 'curves').length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));

    const views = messages.filter((m): m is Extract<HostToWebview, { type: 'snapshot' | 'update' }> => m.type === 'snapshot' || m.type === 'update');
    const first = views[0];
    assert.equal(first?.type, 'snapshot');
    assert.ok(first.header.loading, 'the first snapshot says it is still reading');
    assert.ok(first.header.loading.readBytes > 0 && first.header.loading.readBytes < first.header.loading.totalBytes);
    assert.ok(views.length > 2, 'the rest came as several updates');
    assert.ok(views.slice(1).every((m) => m.type === 'update'));
    assert.equal(views.at(-1)?.header.loading, undefined);
    assert.ok(views.slice(0, -1).every((m) => m.header.loading !== undefined), 'loading is set until the last update');
    // Curves wait for the whole journal.
    assert.ok(messages.findIndex((m) => m.type === 'curves') > messages.indexOf(views.at(-1)!));

    // Folding the snapshot and the updates gives what a full replay of the journal gives.
    const rows = new Map<string, TrialRowView>();
    let checks = 0;
    let stops = 0;
    for (const view of views) {
      for (const row of view.trials) rows.set(row.id, row);
      checks = view.checks;
      stops += view.terminations.length;
    }
    const replayed = emptySweepState();
    for (const event of (await readJournal(sweepPaths(sweepDir).journal)).events) applyEvent(replayed, event);
    assert.deepEqual([...rows.values()].sort((a, b) => a.index - b.index), replayed.trials.map((t) => trialRowView(t)).sort((a, b) => a.index - b.index));
    assert.equal(checks, replayed.policyDecisions.length);
    assert.equal(stops, replayed.policyDecisions.filter((d) => d.outcome === 'stop').length);
    assert.deepEqual(session.current, replayed);
  });
});
