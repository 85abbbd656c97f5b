import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { controlArgs, execArgs, masterArgs, parseHostSpec, rsyncRemoteShell, sshCommonArgs } from '../../../../src/core/launchers/ssh/sshArgs';
import { classifySshFailure } from '../../../../src/core/launchers/ssh/sshErrors';

const base = { controlDir: '/tmp/hs-abc' };

/** The value of `-o Name=value` in an argv. */
function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const next = args[i + 1] ?? '';
    if (args[i] === '-o' && next.startsWith(`${name}=`)) return next.slice(name.length + 1);
  }
  return undefined;
}

void describe('ssh argv', () => {
  void test('non-interactive, keep-alives, strict host keys by default, control socket under the private folder', () => {
    const args = sshCommonArgs('box1', base);
    assert.ok(args.includes('-T'));
    assert.equal(option(args, 'BatchMode'), 'yes');
    assert.equal(option(args, 'StrictHostKeyChecking'), 'yes');
    assert.equal(option(args, 'ConnectTimeout'), '10');
    assert.equal(option(args, 'ServerAliveInterval'), '15');
    assert.equal(option(args, 'ServerAliveCountMax'), '4');
    assert.equal(option(args, 'ControlPath'), '/tmp/hs-abc/%C');
    assert.ok(!args.includes('-F'));
  });

  void test('options: config file, accept-new, timeouts', () => {
    const args = sshCommonArgs('box1', { ...base, configFile: '/a b/cfg', strictHostKeyChecking: 'accept-new', connectTimeoutSec: 3, serverAliveIntervalSec: 1, serverAliveCountMax: 2 });
    assert.deepEqual(args.slice(0, 2), ['-F', '/a b/cfg']);
    assert.equal(option(args, 'StrictHostKeyChecking'), 'accept-new');
    assert.equal(option(args, 'ConnectTimeout'), '3');
    assert.equal(option(args, 'ServerAliveInterval'), '1');
    assert.equal(option(args, 'ServerAliveCountMax'), '2');
  });

  void test('host specs: alias, user@host, user@host:port, [v6]:port', () => {
    assert.deepEqual(parseHostSpec('box1'), { destination: 'box1' });
    assert.deepEqual(parseHostSpec('alice@10.0.0.7'), { destination: 'alice@10.0.0.7' });
    assert.deepEqual(parseHostSpec('alice@10.0.0.7:2222'), { destination: 'alice@10.0.0.7', port: 2222 });
    assert.deepEqual(parseHostSpec('gpu.example.org:22'), { destination: 'gpu.example.org', port: 22 });
    assert.deepEqual(parseHostSpec('bob@[::1]:2200'), { destination: 'bob@::1', port: 2200 });
    assert.deepEqual(parseHostSpec('::1'), { destination: '::1' });
    const args = execArgs('alice@10.0.0.7:2222', base, 'true');
    const p = args.indexOf('-p');
    assert.equal(args[p + 1], '2222');
    assert.deepEqual(args.slice(-2), ['alice@10.0.0.7', 'true']);
  });

  void test('master is a foreground -M child whose session reads our pipe; exec is a mux client; the script is one argv word', () => {
    const m = masterArgs('box1', base);
    assert.ok(m.includes('-M'));
    assert.equal(m.at(-1), 'exec cat >/dev/null', 'the master ends when the runner\'s pipe closes');
    assert.equal(option(m, 'ControlMaster'), 'yes');
    assert.equal(option(m, 'ControlPersist'), 'no');
    const script = `echo 'a b' "$HOME"; exit 3`;
    const e = execArgs('box1', base, script);
    assert.equal(option(e, 'ControlMaster'), 'no');
    assert.equal(e.at(-1), script);
    assert.deepEqual(controlArgs('box1', base, 'forward', ['-R', '0:127.0.0.1:8080']).slice(-4), ['forward', '-R', '0:127.0.0.1:8080', 'box1']);
  });

  void test('rsync -e string quotes words with spaces', () => {
    const shell = rsyncRemoteShell('box1', { ...base, configFile: "/x/it's cfg" });
    assert.match(shell, /^ssh -F '\/x\/it'\\''s cfg' /);
    assert.match(shell, /ControlMaster=no$/);
  });
});

void describe('ssh failure classification', () => {
  const cases: [string, string, string][] = [
    ['No ED25519 host key is known for [127.0.0.2]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n', 'host-key-unknown', 'ssh-keyscan|accept-new'],
    ['@@@@@@@\r\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\nOffending ED25519 key in /k/known_hosts:3\r\nHost key for [127.0.0.3]:2222 has changed and you have requested strict checking.\r\nHost key verification failed.\r\n', 'host-key-changed', 'ssh-keygen -R \\[127.0.0.3\\]:2222'],
    ['hsa@127.0.0.2: Permission denied (publickey).\r\n', 'auth', 'ssh-copy-id'],
    ['ssh: connect to host 127.0.0.2 port 2299: Connection refused\r\n', 'unreachable', 'sshd runs there'],
    ['ssh: Could not resolve hostname nosuch: Name or service not known\r\n', 'unreachable', 'spelling'],
    ['ssh: connect to host 10.1.1.1 port 22: No route to host\r\n', 'unreachable', 'sshd runs there'],
    ['ssh: connect to host 10.255.255.1 port 22: Connection timed out\r\n', 'timeout', 'reachable'],
    ['Timeout, server 127.0.0.2 not responding.\r\n', 'timeout', 'reachable'],
  ];
  for (const [stderr, kind, fix] of cases) {
    void test(`${kind}: ${stderr.split('\n').find((l) => /\w/.test(l) && !l.startsWith('@'))?.trim() ?? ''}`, () => {
      const error = classifySshFailure('box1', 255, stderr);
      assert.ok(error);
      assert.equal(error.kind, kind);
      assert.match(error.message, /box1/);
      assert.match(error.fix, new RegExp(fix));
    });
  }

  void test('the remote command\'s own failures are not ssh failures', () => {
    assert.equal(classifySshFailure('box1', 1, 'Permission denied (publickey).'), undefined);
    assert.equal(classifySshFailure('box1', 255, 'my script exited 255\n'), undefined);
    assert.equal(classifySshFailure('box1', 0, ''), undefined);
  });
});
