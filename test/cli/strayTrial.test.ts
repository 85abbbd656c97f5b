/**
 * A runner killed between spawning a trial and journaling its start (HYPERSWEEP_TEST_DIE_AFTER_SPAWN
 * makes the runner SIGKILL itself in exactly that window) leaves a trial process the journal does
 * not know. `resume` must end it before it runs the trial again, and say so in the journal.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { livePids } from '../core/launchers/support';
import { eventsOf, journalEvents, tempFolder, writeSpec } from '../core/scheduler/support';
import { BIN, ensureCliBuilt, runCli, waitUntil, type CliResult } from './support';

const folder = tempFolder('hypersweep-cli-stray-');
const leftovers: number[] = [];
after(() => {
  for (const pid of livePids(leftovers)) process.kill(pid, 'SIGKILL');
  folder.remove();
});
before(ensureCliBuilt);

const FIXTURE = join(__dirname, '..', 'fixtures', 'journal', 'stray-trial.js');

/** `hypersweep ...args` with extra environment variables, to its end. */
function runWithEnv(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: folder.path, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

void test('a trial spawned just before the runner died, never journaled as started, is ended by resume before its re-run', async () => {
  const pidDir = join(folder.path, 'pids');
  mkdirSync(pidDir);
  const specPath = writeSpec(folder.path, [
    'type: sweep',
    'trial:',
    `  command: node ${JSON.stringify(FIXTURE)} ${JSON.stringify(pidDir)} \${{search_space.x}}`,
    'objective:',
    '  goal: minimize',
    '  primary_metric: loss',
    'sampling_algorithm: random',
    'search_space:',
    '  x:',
    '    type: choice',
    '    values: [1]',
    'limits:',
    '  max_total_trials: 1',
    '',
  ].join('\n'));
  const sweepDir = join(folder.path, 'stray');

  const crashed = await runWithEnv(['run', specPath, '--out', sweepDir, '--name', 'stray'], { HYPERSWEEP_TEST_DIE_AFTER_SPAWN: 'stray_0' });
  assert.equal(crashed.signal, 'SIGKILL', `the runner should have died after the spawn: ${crashed.stderr}`);
  const firstPidFile = join(pidDir, 'first.pid');
  assert.ok(await waitUntil(() => existsSync(firstPidFile) && readFileSync(firstPidFile, 'utf8') !== ''), 'the trial started');
  const first = Number(readFileSync(firstPidFile, 'utf8'));
  leftovers.push(first);
  const before = await journalEvents(sweepDir);
  assert.deepEqual(eventsOf(before, 'trial-created').map((e) => e.trialId), ['stray_0']);
  assert.deepEqual(eventsOf(before, 'trial-started'), [], 'the runner died before journaling the start');
  assert.deepEqual(livePids([first]), [first], 'the unjournaled trial is still running');

  const resumed = await runCli(['resume', sweepDir], folder.path);
  assert.equal(resumed.code, 0, resumed.stderr);
  leftovers.push(Number(readFileSync(join(pidDir, 'later.pid'), 'utf8')));
  assert.deepEqual(livePids([first]), [], 'the unjournaled trial was ended by resume');
  const events = await journalEvents(sweepDir);
  const warnings = eventsOf(events, 'sweep-warning');
  assert.ok(warnings.some((w) => w.trialId === 'stray_0' && w.message.includes(`pid ${first}`)), `a warning names the trial and pid: ${JSON.stringify(warnings)}`);
  // Ended before the re-run started: the warning comes before the trial's only start.
  const warnedAt = events.findIndex((e) => e.type === 'sweep-warning');
  const startedAt = events.findIndex((e) => e.type === 'trial-started');
  assert.ok(warnedAt >= 0 && warnedAt < startedAt, 'the stray was ended before the trial ran again');
  assert.equal(eventsOf(events, 'sweep-ended').at(-1)?.status, 'Completed');
});
