/**
 * The SSH transport against two real sshd on loopback (test/support/sshPool.ts): the master, the
 * session cap, quoting, reverse tunnels, the probe, and the messages for each way ssh fails.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { quoteForPosixShell as q } from '../../../../src/core/shell/quote';
import { MAX_SESSIONS_PER_MASTER, SshError, SshHost } from '../../../../src/core/launchers/ssh/sshHost';
import { probeHost } from '../../../../src/core/launchers/ssh/probe';
import { controlArgs, masterArgs } from '../../../../src/core/launchers/ssh/sshArgs';
import { runCapture } from '../../../../src/core/launchers/ssh/sshErrors';
import { sshPoolSkipReason, startSshPool, type SshPool } from '../../../support/sshPool';

const skip = sshPoolSkipReason();
if (skip !== undefined) process.stdout.write(`# skipping the SSH transport tests: ${skip}\n`);

/** Rejection of `promise` as an SshError (fails the test otherwise). */
async function sshErrorOf(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SshError, `expected an SshError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the connection to fail');
}

void describe('SshHost against real sshd', { skip, timeout: 180_000 }, () => {
  let pool: SshPool;
  const opened: SshHost[] = [];
  const connect = async (host: string, configFile?: string): Promise<SshHost> => {
    const h = new SshHost(host, await pool.connection(configFile === undefined ? {} : { configFile }));
    opened.push(h);
    return h;
  };

  before(async () => {
    pool = await startSshPool();
  });
  after(async () => {
    for (const h of opened) await h.close();
    await pool.stop();
  });

  void test('one master carries 12 concurrent commands, at most 8 at a time, with one login', async () => {
    const host = await connect('hs-a');
    const loginsBefore = pool.logins('hs-a');
    await host.open();
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, host.sessionsInUse)), 5);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => host.exec(`sleep 0.3; echo ${i}; exit ${i % 3}`)));
    clearInterval(watch);
    results.forEach((r, i) => {
      assert.equal(r.stdout, `${i}\n`);
      assert.equal(r.code, i % 3);
      assert.equal(r.stderr, '');
    });
    assert.ok(peak <= MAX_SESSIONS_PER_MASTER && peak >= 2, `peak sessions ${peak}`);
    assert.equal(pool.logins('hs-a') - loginsBefore, 1, 'only the master logged in');
    assert.equal(await host.check(), true);
  });

  void test('values reach the remote shell exactly, stdin is passed, user@host:port works', async () => {
    const host = await connect(pool.host('hs-b').spec);
    const nasty = `a'b "c" $(touch /tmp/pwned) \`id\` ; | & \n* \\ é`;
    const r = await host.exec(`printf %s ${q(nasty)}; cat`, { stdin: 'from stdin' });
    assert.equal(r.stdout, `${nasty}from stdin`);
    assert.equal((await host.exec('echo $HOME')).stdout.trim(), pool.host('hs-b').home);
  });

  void test('a command that outlives timeoutMs is an SshError of kind timeout', async () => {
    const host = await connect('hs-a');
    const error = await sshErrorOf(host.exec('sleep 5', { timeoutMs: 300 }));
    assert.equal(error.kind, 'timeout');
  });

  void test('forwardRemote: the remote side reaches a local token-guarded HTTP server', async () => {
    const token = 'tok-123';
    const server: Server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) res.writeHead(401).end('no');
      else res.writeHead(200).end(`ok ${req.url ?? ''}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      const host = await connect('hs-a');
      const remotePort = await host.forwardRemote(address.port);
      assert.ok(remotePort > 0 && remotePort !== address.port);
      const url = `http://127.0.0.1:${remotePort}/api/2.0/mlflow/runs/log-metric`;
      const withToken = await host.exec(`curl -s -H ${q(`Authorization: Bearer ${token}`)} ${q(url)}`);
      assert.equal(withToken.stdout, 'ok /api/2.0/mlflow/runs/log-metric');
      const without = await host.exec(`curl -s -o /dev/null -w '%{http_code}' ${q(url)}`);
      assert.equal(without.stdout, '401');
    } finally {
      server.close();
    }
  });

  void test('probe: OS, home, tools, no GPUs here', async () => {
    const host = await connect('hs-b');
    const probe = await probeHost(host);
    assert.equal(probe.os, 'Linux');
    assert.equal(probe.home, pool.host('hs-b').home);
    assert.deepEqual({ setsid: probe.tools.setsid, tar: probe.tools.tar, rsync: probe.tools.rsync }, { setsid: true, tar: true, rsync: true });
    assert.equal(probe.tools.nvidiaSmi, false);
    assert.deepEqual(probe.gpus, []);
  });

  void test('unknown host key: the message shows the fingerprint and the exact command to accept it', async () => {
    const empty = join(pool.dir, 'known_hosts.empty');
    writeFileSync(empty, '');
    const config = await pool.configWith([`UserKnownHostsFile ${empty}`]);
    const host = await connect('hs-a', config);
    const error = await sshErrorOf(host.open());
    assert.equal(error.kind, 'host-key-unknown');
    const { port, address } = pool.host('hs-a');
    const fingerprint = execFileSync('ssh-keygen', ['-lf', '-'], { input: `${pool.host('hs-a').knownHostsLine}\n`, encoding: 'utf8' }).split(' ')[1] ?? '';
    assert.match(fingerprint, /^SHA256:/);
    assert.ok(error.message.includes(fingerprint), error.message);
    assert.ok(error.fix.includes(`ssh-keyscan -p ${port} ${address} >> ${empty}`), error.fix);
    assert.match(error.message, /hs-a/);
  });

  void test('changed host key is refused even with accept-new', async () => {
    const wrong = join(pool.dir, 'known_hosts.wrong');
    const { address, port } = pool.host('hs-a');
    writeFileSync(wrong, `[${address}]:${port} ${pool.host('hs-b').knownHostsLine.split(' ').slice(1).join(' ')}\n`);
    const host = new SshHost('hs-a', await pool.connection({ configFile: await pool.configWith([`UserKnownHostsFile ${wrong}`]), strictHostKeyChecking: 'accept-new' }));
    opened.push(host);
    const error = await sshErrorOf(host.open());
    assert.equal(error.kind, 'host-key-changed');
    assert.match(error.fix, /ssh-keygen -R/);
  });

  void test('a key the host does not accept is an auth error that says what to do', async () => {
    const stranger = join(pool.dir, 'stranger_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    // Standalone config: IdentityFile accumulates, so including the pool's would offer its key too.
    const { address, port, user } = pool.host('hs-a');
    const config = join(pool.dir, 'ssh_config.stranger');
    writeFileSync(config, [`Host hs-a`, `  HostName ${address}`, `  Port ${port}`, `  User ${user}`, `  IdentityFile ${stranger}`, '  IdentitiesOnly yes',
      '  IdentityAgent none', `  UserKnownHostsFile ${pool.knownHostsFile}`, ''].join('\n'));
    const host = await connect('hs-a', config);
    const error = await sshErrorOf(host.open());
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /hs-a did not accept any of your keys/);
    assert.match(error.fix, /ssh-copy-id hs-a/);
  });

  void test('nothing listening is "unreachable"', async () => {
    const { address } = pool.host('hs-a');
    const host = await connect(`nobody@${address}:1`);
    const error = await sshErrorOf(host.open());
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /Connection refused/);
  });

  void test('a master whose runner died (its stdin pipe closed) ends by itself', async () => {
    const options = await pool.connection();
    const master = spawn('ssh', masterArgs('hs-a', options), { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => master.on('exit', resolve));
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = (await runCapture('ssh', controlArgs('hs-a', options, 'check'))).code === 0;
      if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(up, 'the master came up');
    master.stdin.end(); // what the kernel does when the runner is killed
    const timer = setTimeout(() => master.kill('SIGKILL'), 10_000);
    assert.equal(await exited, 0);
    clearTimeout(timer);
  });

  void test('a frozen host ends the master (keep-alives), then a killed host refuses', async () => {
    const host = await connect('hs-b');
    await host.open();
    const exited = new Promise<number>((resolve) => {
      const t0 = Date.now();
      host.onMasterExit(() => resolve(Date.now() - t0));
      setTimeout(() => resolve(Number.POSITIVE_INFINITY), 20_000).unref();
    });
    pool.freezeHost('hs-b');
    const ms = await exited;
    pool.thawHost('hs-b');
    assert.ok(ms < 15_000, `master noticed the frozen host after ${ms} ms`);
    assert.equal(await host.check(), false);
    await host.open();
    assert.equal((await host.exec('echo back')).stdout, 'back\n');
    await pool.killHost('hs-b');
    assert.deepEqual(pool.userPids('hs-b'), []);
    const error = await sshErrorOf(host.exec('true'));
    assert.equal(error.kind, 'unreachable');
  });
});
