/**
 * The remote trial supervisor run on this machine (no ssh needed) under dash and under bash as
 * `sh`: start detached, pid + start time, output frames, atomic exit file, group stop, lease
 * watchdog, and injection strings in argv, env and cwd that must execute nothing.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameReader, type OutputFrame } from '../../../../src/core/launchers/ssh/outputFrames';
import { SUPERVISOR_SCRIPT, trialFiles, writeFilesScript, type TrialSpec } from '../../../../src/core/launchers/ssh/supervisor';
import { eventually, livePidsInSession, tempFolder } from '../support';

async function until(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  assert.ok(await eventually(condition, limitMs), what);
}

const folder = tempFolder();
after(() => folder.remove());
const script = join(folder.path, 'hs-trial.sh');
writeFileSync(script, SUPERVISOR_SCRIPT);

/** A PATH whose `sh` is the given shell, so the supervisor's inner `sh` calls use it too. */
function pathWithSh(shell: string): string {
  const bin = join(folder.path, `bin-${shell}`);
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(bin, 'sh'))) symlinkSync(execFileSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).trim(), join(bin, 'sh'));
  return `${bin}:${process.env.PATH ?? ''}`;
}

for (const shell of ['dash', 'bash']) {
  describe(`supervisor under ${shell}`, () => {
    const env = { ...process.env, PATH: pathWithSh(shell) };
    let n = 0;
    const run = (args: string[], input?: string): string => execFileSync('sh', [script, ...args], { env, encoding: 'utf8', input, timeout: 30_000 });

    function prepare(spec: Partial<TrialSpec> & Pick<TrialSpec, 'argv'>): string {
      n += 1;
      const dir = join(folder.path, `${shell}-trial-${n}`);
      const lease = join(folder.path, 'lease');
      writeFileSync(lease, '');
      const files = trialFiles({ cwd: folder.path, env: {}, setup: undefined, leaseFile: lease, leaseTtlSec: 0, ...spec });
      execFileSync('sh', ['-s'], { env, input: writeFilesScript(dir, files, [join(dir, 'outputs')]) });
      return dir;
    }

    function follow(dir: string): Promise<OutputFrame[]> {
      const child = spawn('sh', [script, 'follow', dir, '0', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const reader = new FrameReader();
      const frames: OutputFrame[] = [];
      child.stdout.on('data', (chunk: Buffer) => frames.push(...reader.push(chunk)));
      return new Promise((resolve) => child.once('close', () => resolve(frames)));
    }
    const text = (frames: OutputFrame[], kind: 'stdout' | 'stderr'): string =>
      Buffer.concat(frames.flatMap((frame) => (frame.kind === kind ? [frame.data] : []))).toString('utf8');

    test('runs the argv with env, setup and cwd; frames carry both streams, outputs and the exit status', async () => {
      const dir = prepare({
        argv: ['sh', '-c', 'echo "out $A"; echo err >&2; echo "$PWD"; echo "setup=$S"; mkdir -p "$D/outputs/m"; echo w >"$D/outputs/m/f"; exit 3'],
        env: { A: 'x y', D: '' },
        setup: 'S=ran; export S',
      });
      // D is the trial folder itself (as HYPERSWEEP_TRIAL_DIR is on a host).
      writeFileSync(join(dir, 'env.sh'), `${readFileSync(join(dir, 'env.sh'), 'utf8')}export D='${dir}'\n`);
      const started = run(['start', dir]).trim();
      assert.match(started, /^\d+ \d+$/);
      const frames = await follow(dir);
      assert.equal(text(frames, 'stdout'), `out x y\n${folder.path}\nsetup=ran\n`);
      assert.equal(text(frames, 'stderr'), 'err\n');
      assert.ok(frames.some((frame) => frame.kind === 'outputs' && frame.data.length > 0));
      assert.deepEqual(frames.at(-1), { kind: 'exit', status: { code: 3, lease: false } });
      assert.equal(readFileSync(join(dir, 'exit'), 'utf8'), '3\n');
    });

    test('injection strings in argv, env and cwd stay data', async () => {
      const marker = join(folder.path, `pwned-${shell}`);
      const evil = [`a b; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}; '`, `x\ntouch ${marker}\n`];
      const dir = prepare({ argv: ['sh', '-c', 'for a; do printf "[%s]" "$a"; done; printf "{%s}" "$V"', 'sh', ...evil], env: { V: evil.join('|') } });
      run(['start', dir]);
      const frames = await follow(dir);
      assert.equal(text(frames, 'stdout'), `${evil.map((value) => `[${value}]`).join('')}{${evil.join('|')}}`);
      assert.equal(existsSync(marker), false);
    });

    test('stop signals the whole group; the exit file says so', async () => {
      const dir = prepare({ argv: ['sh', '-c', 'sleep 300 & sleep 300; echo never'] });
      const [pid] = run(['start', dir]).trim().split(' ').map(Number);
      assert.ok(pid !== undefined);
      await until(() => livePidsInSession(pid).length >= 2, 'the trial and its child run');
      assert.match(run(['status', dir]), /^alive /);
      run(['stop', dir, 'TERM']);
      await until(() => existsSync(join(dir, 'exit')), 'the exit file appears');
      assert.equal(readFileSync(join(dir, 'exit'), 'utf8'), '143\n');
      await until(() => livePidsInSession(pid).length === 0, 'nothing of the trial is left');
      assert.match(run(['status', dir]), /^exit 143/);
      assert.equal(run(['stop', dir, 'KILL']), '', 'a second stop is harmless');
    });

    test('the lease watchdog ends a trial whose runner stopped renewing', async () => {
      const dir = prepare({ argv: ['sleep', '300'], leaseTtlSec: 1 });
      const lease = join(folder.path, 'lease');
      const [pid] = run(['start', dir]).trim().split(' ').map(Number);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lease, old, old);
      await until(() => existsSync(join(dir, 'exit')), 'the watchdog ends the trial', 10_000);
      assert.equal(readFileSync(join(dir, 'exit'), 'utf8'), '143 lease\n');
      assert.ok(pid !== undefined && livePidsInSession(pid).length === 0);
    });

    test('status says gone for a trial folder whose process vanished', () => {
      const dir = prepare({ argv: ['true'] });
      writeFileSync(join(dir, 'pid'), '999999 1\n');
      assert.equal(run(['status', dir]), 'gone\n');
    });
  });
}
