import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEvent, type EventBody, type JournalEvent } from '../../../src/core/journal/events';
import { sweepPaths } from '../../../src/core/journal/layout';
import { JournalWriter } from '../../../src/core/journal/writer';
import { DashboardSession, type DashboardActions } from '../../../src/core/dashboard/session';
import type { HostToWebview } from '../../../src/shared/dashboardProtocol';
import { runSmallSweep } from './support';

let sweepDir: string;
const messages: HostToWebview[] = [];
const commands: { command: string; ref: object }[] = [];
const saved: { kind: string; name: string; data: Uint8Array }[] = [];
let failCommands = false;
let session: DashboardSession;

const actions: DashboardActions = {
  runCommand: (command, ref) => {
    if (failCommands) return Promise.reject(new Error('no runner'));
    commands.push({ command, ref });
    return Promise.resolve();
  },
  save: (kind, name, data) => {
    saved.push({ kind, name, data });
    return Promise.resolve(`/saved/${name}`);
  },
};

async function waitFor<T extends HostToWebview['type']>(type: T, from: number, what = type): Promise<Extract<HostToWebview, { type: T }>> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = messages.slice(from).find((m): m is Extract<HostToWebview, { type: T }> => m.type === type);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${what} message arrived`);
}

before(async () => {
  sweepDir = await runSmallSweep();
  session = new DashboardSession(sweepDir, (m) => messages.push(m), actions, { batchMs: 20, curvesIntervalMs: 50, pollIntervalMs: 50 });
  await session.start();
});
after(() => session.dispose());

describe('DashboardSession on a real sweep', () => {
  test('sends nothing before the webview is ready, then a snapshot and the primary curves', async () => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(messages.length, 0);
    await session.handleMessage({ type: 'ready', chartWidth: 300 });
    const snapshot = await waitFor('snapshot', 0);
    assert.equal(snapshot.trials.length, 12);
    assert.equal(snapshot.header.name, 'dash-small');
    assert.ok(snapshot.terminations.length > 0);
    const curves = await waitFor('curves', 0);
    assert.equal(curves.curves.metric, 'loss');
    assert.equal(curves.curves.width, 300);
  });

  test('a selected trial gets its detail: command, policy sentence, log tail', async () => {
    const stopped = session.current.trials.find((t) => t.reason === 'early_termination');
    assert.ok(stopped);
    const from = messages.length;
    await session.handleMessage({ type: 'selectTrial', trialId: stopped.id });
    const { detail } = await waitFor('trialDetail', from);
    assert.equal(detail.row.id, stopped.id);
    assert.match(detail.command ?? '', /^node train\.js --lr [\d.]+ --width \d+$/);
    assert.match(detail.policySentence ?? '', new RegExp(`^${stopped.id} stopped at interval`));
    assert.match(detail.stdoutTail, /loss=/);
    assert.deepEqual(Object.keys(detail.metrics).sort(), ['acc', 'loss']);
  });

  test('new journal lines become an update holding only the changed rows', async () => {
    const from = messages.length;
    const writer = await JournalWriter.open(sweepPaths(sweepDir).journal);
    const event = (body: EventBody): JournalEvent => makeEvent(body) as JournalEvent;
    await writer.appendMany([
      event({ type: 'trial-created', trialId: 'dash-small_12', index: 12, sequence: 12, params: { lr: 0.3, width: 32 }, rerunOf: 'dash-small_1' }),
      event({ type: 'trial-started', trialId: 'dash-small_12', attempt: 1, pid: 1, processStartTime: null, target: 'local', argv: ['sh', '-c', 'node train.js'], cwd: sweepDir }),
      event({ type: 'metric', trialId: 'dash-small_12', name: 'loss', value: 0.05, step: 0, timestamp: Date.now(), source: 'stdout' }),
    ]);
    await writer.close();
    const update = await waitFor('update', from);
    assert.deepEqual(update.trials.map((r) => r.id), ['dash-small_12']);
    assert.equal(update.trials[0]?.best, 0.05);
    assert.equal(update.header.running, 1);
    const curves = await waitFor('curves', from);
    assert.ok(curves.curves.series.some((s) => s.trialId === 'dash-small_12'));
  });

  test('buttons run the sweeps area commands with the sweep and trial', async () => {
    await session.handleMessage({ type: 'runCommand', command: 'rerunTrial', trialId: 'dash-small_1' });
    await session.handleMessage({ type: 'runCommand', command: 'stopSweep' });
    assert.deepEqual(commands, [
      { command: 'rerunTrial', ref: { sweepDir, trialId: 'dash-small_1' } },
      { command: 'stopSweep', ref: { sweepDir } },
    ]);
    failCommands = true;
    const from = messages.length;
    await session.handleMessage({ type: 'runCommand', command: 'resumeSweep' });
    const notice = await waitFor('notice', from);
    assert.equal(notice.level, 'error');
    assert.match(notice.message, /resumeSweep failed: no runner/);
  });

  test('exports: the leaderboard as CSV, a chart PNG as its bytes', async () => {
    await session.handleMessage({ type: 'exportCsv' });
    await session.handleMessage({ type: 'exportPng', chart: 'curves', dataUrl: `data:image/png;base64,${Buffer.from('PNGDATA').toString('base64')}` });
    assert.equal(saved[0]?.name, 'dash-small-results.csv');
    const csv = Buffer.from(saved[0]?.data ?? []).toString('utf8');
    assert.match(csv, /^id,index,status,status_reason,best,param\.lr,param\.width/);
    assert.equal(csv.trim().split('\n').length, 14);
    assert.equal(saved[1]?.name, 'dash-small-curves.png');
    assert.equal(Buffer.from(saved[1]?.data ?? []).toString('utf8'), 'PNGDATA');
  });

  test('malformed messages are ignored', async () => {
    const before = messages.length;
    await session.handleMessage({ type: 'runCommand', command: 'rm -rf /' });
    await session.handleMessage('ready');
    assert.equal(messages.length, before);
  });
});
