/**
 * Reading Slurm's answers (pure): squeue lines, scontrol's Key=Value text, sacct lines, the exit
 * a trial gets from each way a job can end, and the files the batch wrapper sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseSacct, parseScontrolJob, parseSqueue, parseSqueueLine } from '../../../../src/core/launchers/slurm/squeue';
import { exitFrom } from '../../../../src/core/launchers/slurm/jobOutcome';
import { commandFileText, envFileText, sbatchArgs, timeLimitMinutes } from '../../../../src/core/launchers/slurm/batchScript';

void test('squeue lines: id, state, pending reason, node; junk lines are skipped', () => {
  assert.deepEqual(parseSqueueLine('12|RUNNING|None|node7'), { jobId: '12', state: 'RUNNING', node: 'node7' });
  assert.deepEqual(parseSqueueLine('13|PENDING|Resources|'), { jobId: '13', state: 'PENDING', reason: 'Resources' });
  assert.deepEqual(parseSqueueLine('2_4|PENDING|JobArrayTaskLimit|'), { jobId: '2_4', state: 'PENDING', reason: 'JobArrayTaskLimit' });
  assert.equal(parseSqueueLine('slurm_load_jobs error: Invalid job id specified'), undefined);
  assert.equal(parseSqueueLine(''), undefined);
  const jobs = parseSqueue('12|RUNNING|None|n1\n\n13|PENDING|Priority|\nnoise\n');
  assert.deepEqual([...jobs.keys()], ['12', '13']);
  assert.equal(jobs.get('13')?.reason, 'Priority');
});

void test('scontrol and sacct: state, exit code and signal, node', () => {
  const text = 'JobId=7 JobName=hs-s-1\n   JobState=NODE_FAIL Reason=NodeDown Dependency=(null)\n   Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:9\n   NodeList=vm\n';
  assert.deepEqual(parseScontrolJob(text), { state: 'NODE_FAIL', exitCode: 0, signal: 9, reason: 'NodeDown', node: 'vm' });
  assert.equal(parseScontrolJob('slurm_load_jobs error: Invalid job id specified'), undefined);
  assert.deepEqual(parseSacct('FAILED|3:0|vm\n'), { state: 'FAILED', exitCode: 3, node: 'vm' });
  assert.deepEqual(parseSacct('CANCELLED by 1001|0:15|\n'), { state: 'CANCELLED', exitCode: 0, signal: 15 });
  assert.equal(parseSacct(''), undefined);
});

void test('the exit a trial gets: exit file first, lost nodes re-run, TIMEOUT is trial_timeout, a stop keeps its reason', () => {
  assert.deepEqual(exitFrom('5', 3, undefined, undefined), { exitCode: 3, signal: null });
  assert.match(exitFrom('5', undefined, { state: 'NODE_FAIL', node: 'n1' }, undefined).hostFailure ?? '', /job 5 ended NODE_FAIL on node n1/);
  assert.ok(exitFrom('5', undefined, { state: 'PREEMPTED' }, undefined).hostFailure);
  assert.equal(exitFrom('5', undefined, { state: 'TIMEOUT' }, undefined).stopReason, 'trial_timeout');
  assert.deepEqual(exitFrom('5', 143, { state: 'CANCELLED' }, 'early_termination'), { exitCode: null, signal: 'SIGTERM', stopReason: 'early_termination' });
  assert.equal(exitFrom('5', undefined, { state: 'FAILED', exitCode: 2 }, undefined).exitCode, 2);
  assert.ok(exitFrom('5', undefined, undefined, undefined).hostFailure, 'no evidence at all: run it again');
});

void test('env and command files carry any value intact through sh', () => {
  const env = { A: 'a,b c', B: "it's $HOME `x`", C: 'line1\nline2', 'BAD-NAME': 'dropped' };
  const script = `${envFileText(env)}\n${commandFileText('/tmp', ['printf', '%s|', 'one two', "'q'"])}\nprintf '%s|%s|%s|' "$A" "$B" "$C"; cd "$HS_CWD" && "$@"`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: {} });
  assert.equal(out, "a,b c|it's $HOME `x`|line1\nline2|one two|'q'|");
});

void test('sbatch arguments: one job per trial, no requeue, output into the trial folder, --time from trial_timeout', () => {
  const args = sbatchArgs({
    target: { type: 'slurm', name: 'c', login: 'local', shared_dir: '/s', partition: 'gpu', gres: 'gpu:1', cpus_per_trial: 4, mem: '16G', sbatch_args: ['--account=ml'] },
    jobName: 'hs-sw-3', trialDir: '/s/sw/trials/sw_3/attempt-1', wrapperPath: '/s/sw/wrapper.sbatch', trialTimeoutSec: 600,
  });
  for (const expected of ['--parsable', '--no-requeue', '--job-name=hs-sw-3', '--output=/s/sw/trials/sw_3/attempt-1/stdout.log', '--open-mode=append',
    '--partition=gpu', '--gres=gpu:1', '--cpus-per-task=4', '--mem=16G', '--time=11', '--export=ALL,HYPERSWEEP_TRIAL_DIR=/s/sw/trials/sw_3/attempt-1']) {
    assert.ok(args.includes(expected), expected);
  }
  assert.deepEqual(args.slice(-2), ['--account=ml', '/s/sw/wrapper.sbatch']);
  assert.ok(timeLimitMinutes(30) >= 2);
});
