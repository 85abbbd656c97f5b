/**
 * Trials that cannot start are failures of the sweep, never a success: a sweep where a trial's
 * program could not be spawned exits 1 and says so, and a flood of connections to the MLflow
 * endpoint (from anyone on the machine, without the token) no longer takes the open files the
 * runner needs to spawn trials. Both run the real CLI; the flood runs it under a 256-file limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { readSweepState } from '../../src/core/journal/record';
import { tempFolder, writeSpec } from '../core/scheduler/support';
import { BIN, ensureCliBuilt, runCli, waitUntil, type CliResult } from './support';

const folder = tempFolder('hypersweep-cli-spawn-');
after(() => folder.remove());
before(ensureCliBuilt);

const WAIT_FOR_GO = join(__dirname, '..', 'fixtures', 'mlflow', 'waitForGo.js');

void test('a sweep in which a trial could not start ends non-zero and says how many could not start', async () => {
  const specPath = writeSpec(folder.path, `type: sweep
trial:
  command: \${{search_space.program}} -e "console.log('acc=1')"
objective: {goal: maximize, primary_metric: acc}
sampling_algorithm: grid
search_space:
  program: {type: choice, values: [${JSON.stringify(process.execPath)}, /nonexistent/hypersweep-no-such-program]}
limits: {max_total_trials: 2, max_concurrent_trials: 1}
`, 'missing.yaml');
  const sweepDir = join(folder.path, 'missing');
  const result = await runCli(['run', specPath, '--out', sweepDir, '--name', 'missing'], folder.path);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /Completed, 1 of 2 trials could not start/);
  const state = await readSweepState(sweepDir);
  assert.deepEqual(state.trials.map((t) => t.status), ['Completed', 'Failed']);
  assert.match(state.trials[1]?.note ?? '', /not found/);
});

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

void test('1,100 connections without the token do not stop a sweep (runner limited to 256 open files)', { skip: !hasPrlimit && 'needs prlimit (Linux)', timeout: 120_000 }, async () => {
  const work = join(folder.path, 'flood-code');
  mkdirSync(work, { recursive: true });
  const specPath = writeSpec(folder.path, `type: sweep
trial:
  command: node ${JSON.stringify(WAIT_FOR_GO)} ${JSON.stringify(work)} \${{search_space.x}}
objective: {goal: maximize, primary_metric: acc}
sampling_algorithm: grid
search_space:
  x: {type: choice, values: [1, 2, 3, 4, 5, 6]}
limits: {max_total_trials: 6, max_concurrent_trials: 3}
`, 'flood.yaml');
  const sweepDir = join(folder.path, 'flood');
  const child = spawn('prlimit', ['--nofile=256:256', process.execPath, BIN, 'run', specPath, '--out', sweepDir, '--name', 'flood'], { cwd: folder.path, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.resume();
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr })));

  const uriFile = join(work, 'uri.txt');
  assert.ok(await waitUntil(() => existsSync(uriFile) && readFileSync(uriFile, 'utf8') !== '', 30_000), `no trial started: ${stderr}`);
  const port = Number(new URL(readFileSync(uriFile, 'utf8')).port);
  const flood: Socket[] = [];
  await Promise.all(Array.from({ length: 1100 }, () => new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    flood.push(socket);
    socket.on('error', () => resolve());
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  })));
  try {
    // The flood holds (or keeps retrying) its connections while the runner goes on spawning trials.
    writeFileSync(join(work, 'go'), '');
    const result = await done;
    const state = await readSweepState(sweepDir);
    assert.deepEqual(state.trials.map((t) => [t.status, t.note ?? '']), Array.from({ length: 6 }, () => ['Completed', '']), result.stderr);
    assert.equal(result.code, 0, result.stderr);
  } finally {
    for (const socket of flood) socket.destroy();
  }
});
