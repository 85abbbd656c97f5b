/**
 * Execution targets inside a real VS Code: the Targets view lists `local`, the targets file's and
 * the setting's targets; the targets file gets diagnostics, a quick fix, completion and hover;
 * Run Sweep on… runs a real sweep on a local target with two GPU slots, each trial sees its own
 * CUDA_VISIBLE_DEVICES and its tree row and task name show its GPU. With the two loopback sshd of
 * test/support/sshPool.ts (root only), Add SSH Target shows a first-contact host key and records
 * it, Check Target probes both hosts, and Run Sweep on… runs a sweep across them with each trial's
 * host in its tree row.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sshPoolSkipReason, startSshPool, type SshPool } from '../support/sshPool';

interface Row { kind: string; name?: string; label: string; description: string; contextValue?: string; hosts?: Row[] }
interface TargetsSnapshot { rows: Row[]; diagnostics: string[] }
interface Snapshot {
  sweeps: { sweepDir: string; status: string; running: boolean; trials: { id: string; status: string; row: string }[] }[];
}
interface HostCheck { host: string; ok: boolean; probe?: { home: string }; error?: { message: string } }

const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const targetsFile = join(workspace, 'hypersweep.targets.yaml');
const gpuSpec = join(workspace, 'targets', 'gpu.sweep.yaml');
const sshSpec = join(workspace, 'targets', 'ssh.sweep.yaml');

async function targets(): Promise<TargetsSnapshot> {
  return vscode.commands.executeCommand<TargetsSnapshot>('_hypersweep.targetsSnapshot');
}

async function snapshot(): Promise<Snapshot> {
  return vscode.commands.executeCommand<Snapshot>('_hypersweep.snapshot');
}

async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sweepEnded(dir: string, ms = 60_000): Promise<Snapshot['sweeps'][number]> {
  return until(`the sweep in ${dir} to end`, async () => (await snapshot()).sweeps.find((s) => s.sweepDir === dir && !s.running && s.status !== 'Running' && s.status !== 'NotStarted'), ms);
}

suite('targets', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    await vscode.extensions.getExtension('hypersweep.hypersweep')?.activate();
  });

  suiteTeardown(async () => {
    rmSync(targetsFile, { force: true });
    await vscode.workspace.getConfiguration('hypersweep').update('targets', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the Targets view lists local first, then the file\'s targets, then the setting\'s', async () => {
    writeFileSync(targetsFile, 'targets:\n  gpu-local:\n    type: local\n    gpus: [0, 1]\n  boxes:\n    type: ssh\n    hosts: [box1, box2]\n');
    await vscode.workspace.getConfiguration('hypersweep').update('targets', { 'cpu-box': { type: 'ssh', hosts: ['cpu1'], slots: 2 } }, vscode.ConfigurationTarget.Workspace);
    const snap = await until('the three targets', async () => {
      const s = await targets();
      return s.rows.length === 4 ? s : undefined;
    });
    assert.deepEqual(snap.rows.map((r) => [r.label, r.contextValue]), [['local', 'target.local'], ['gpu-local', 'target.local'], ['boxes', 'target.ssh'], ['cpu-box', 'target.ssh']]);
    assert.deepEqual(snap.rows.map((r) => r.description), [
      snap.rows[0]?.description,
      'this machine · GPUs 0, 1 · 2/2 free',
      'ssh · 2 hosts · 2/2 free',
      'ssh · 1 host · 2/2 free',
    ]);
    assert.deepEqual(snap.rows[2]?.hosts?.map((h) => [h.label, h.description]), [['box1', 'not checked · 1/1 free'], ['box2', 'not checked · 1/1 free']]);
    assert.deepEqual(snap.diagnostics, []);
  });

  test('the targets file gets diagnostics with a quick fix, completion and hover', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(targetsFile));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(document.getText().indexOf('gpus')), document.positionAt(document.getText().indexOf('gpus') + 4)), 'gpu'));
    const diagnostics = await until('the unknown-key diagnostic', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'hypersweep-targets');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character]), [
      ['unknown-key', 'Unknown key `gpu` in target `gpu-local`; did you mean `gpus`?', 3, 4],
    ]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostics[0]?.range);
    const fix = actions.find((a) => a.title === 'Replace with `gpus`');
    assert.ok(fix?.edit, 'a quick fix replaces the key');
    await vscode.workspace.applyEdit(fix.edit);
    await until('the diagnostic to clear', () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'hypersweep-targets') ? undefined : true));

    const typeLine = document.getText().indexOf('type: ssh') + 'type: '.length;
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(typeLine + 1));
    assert.ok(hover.some((h) => h.contents.some((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)).includes('A pool of SSH hosts'))));
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, '    '));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.lineAt(document.lineCount - 1).range.end);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['ssh_config', 'work_root', 'setup', 'env']) assert.ok(labels.includes(key), `completion offers ${key}`);
    assert.ok(!labels.includes('hosts'), 'a key already written is not offered again');
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a spec whose compute names no defined target gets an unknown-target warning; a defined one an info', async () => {
    const byCode = async (path: string, code: string): Promise<vscode.Diagnostic> => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      await vscode.window.showTextDocument(document);
      return until(`${code} on ${path}`, () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === code));
    };
    const unknown = await byCode(sshSpec, 'unknown-target');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unknown.message, /^`compute: pool` names no defined target, so trials run on this machine \(`local`\)\. Defined targets: `local`, `gpu-local`, `boxes`, `cpu-box`\./);
    const known = await byCode(gpuSpec, 'execution-target');
    assert.equal(known.message, '`compute: azureml:gpu-local` runs trials on the target `gpu-local`.');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Run Sweep on… a local target with two GPU slots: one GPU per trial, shown in the tree row', async () => {
    // Run alone (--grep), the first test has not written the targets file.
    if (!existsSync(targetsFile)) writeFileSync(targetsFile, 'targets:\n  gpu-local:\n    type: local\n    gpus: [0, 1]\n');
    const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweepOn', { spec: gpuSpec, target: 'gpu-local' });
    assert.ok(dir, 'Run Sweep on… returns the sweep folder');
    const sweep = await sweepEnded(dir);
    assert.equal(sweep.status, 'Completed', readFileSync(join(dir, 'runner.log'), 'utf8'));
    assert.equal(sweep.trials.length, 4);
    for (const trial of sweep.trials) assert.match(trial.row, /(^|· )@GPU [01] · /, trial.row);
    const gpus = sweep.trials.map((t) => /@GPU (\d)/.exec(t.row)?.[1]).sort();
    assert.deepEqual([...new Set(gpus)], ['0', '1'], 'both slots were used');
    // The trial saw the GPU its row names.
    for (const trial of sweep.trials) {
      const stdout = readFileSync(join(dir, 'trials', trial.id, 'stdout.log'), 'utf8');
      assert.match(stdout, new RegExp(`gpu=${/@GPU (\d)/.exec(trial.row)?.[1] ?? 'x'}\\n`));
    }
  });

  test('Run Sweep on… an undefined target is refused with the defined names', async () => {
    const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweepOn', { spec: gpuSpec, target: 'nope' });
    assert.equal(dir, undefined);
  });

  suite('on two loopback SSH hosts', function () {
    this.timeout(180_000);
    let pool: SshPool | undefined;
    const skip = sshPoolSkipReason();

    suiteSetup(async function () {
      if (skip) {
        console.log(`skipped: ${skip}`);
        this.skip();
      }
      pool = await startSshPool({ knownHosts: false });
    });

    suiteTeardown(async () => {
      await pool?.stop();
    });

    test('Add SSH Target shows the unknown host key, records it when accepted, and writes the target', async () => {
      assert.ok(pool);
      const refused = await vscode.commands.executeCommand<string | undefined>('hypersweep.addSshTarget', { host: 'hs-a', sshConfig: pool.configFile, name: 'a-only', acceptHostKey: false });
      assert.equal(refused, undefined, 'declining the host key adds nothing');
      assert.equal(readFileSync(pool.knownHostsFile, 'utf8').trim(), '', 'and records no key');
      for (const [host, name] of [['hs-a', 'a-only'], ['hs-b', 'b-only']] as const) {
        const added: string | undefined = await vscode.commands.executeCommand<string | undefined>('hypersweep.addSshTarget', { host, sshConfig: pool.configFile, name, acceptHostKey: true });
        assert.equal(added, name);
      }
      assert.match(readFileSync(pool.knownHostsFile, 'utf8'), /127\.0\.0\.2/);
      const text = readFileSync(targetsFile, 'utf8');
      assert.match(text, /\n {2}a-only:\n {4}type: ssh\n {4}hosts: \[ hs-a \]\n {4}ssh_config: /);
    });

    test('Check Target probes both hosts and the view shows them reachable', async () => {
      assert.ok(pool);
      writeFileSync(targetsFile, `${readFileSync(targetsFile, 'utf8')}  pool:\n    type: ssh\n    hosts: [hs-a, hs-b]\n    ssh_config: ${pool.configFile}\n    slots: 2\n`);
      const checks = await vscode.commands.executeCommand<HostCheck[] | undefined>('hypersweep.checkTarget', { name: 'pool' });
      assert.deepEqual(checks?.map((c) => [c.host, c.ok, c.error?.message]), [['hs-a', true, undefined], ['hs-b', true, undefined]]);
      const rows = await until('the checked pool row', async () => (await targets()).rows.find((r) => r.label === 'pool' && r.hosts?.every((h) => h.description.startsWith('reachable'))));
      assert.deepEqual(rows.hosts?.map((h) => h.description), ['reachable · 2/2 free', 'reachable · 2/2 free']);
    });

    test('Run Sweep on… the pool runs trials on both hosts, each named in its tree row', async () => {
      const dir = await vscode.commands.executeCommand<string | undefined>('hypersweep.runSweepOn', { spec: sshSpec, target: 'pool' });
      assert.ok(dir);
      const busy = await until('a busy slot in the view', async () => (await targets()).rows.find((r) => r.label === 'pool' && /[0-3]\/4 free/.test(r.description)), 60_000);
      assert.ok(busy);
      const sweep = await sweepEnded(dir, 120_000);
      assert.equal(sweep.status, 'Completed', existsSync(join(dir, 'runner.log')) ? readFileSync(join(dir, 'runner.log'), 'utf8') : '');
      const hosts = sweep.trials.map((t) => /(?:^|· )@(hs-[ab])/.exec(t.row)?.[1]);
      assert.ok(hosts.every((h) => h !== undefined), sweep.trials.map((t) => t.row).join('\n'));
      assert.deepEqual([...new Set(hosts)].sort(), ['hs-a', 'hs-b']);
    });
  });
});
