/**
 * Add SSH Target, Check Target and Run Sweep on…. Each works from the palette (asking what it
 * needs) and from the Targets view; each also takes its answers as an argument object, which is
 * how the tests drive them without clicking through quick picks.
 */
import * as vscode from 'vscode';
import { arch, homedir, platform } from 'node:os';
import { dirname } from 'node:path';
import { detectLocalGpus } from '../../core/launchers/gpuSlots';
import type { TargetDefinition } from '../../core/targets/model';
import { TARGET_NAME, parseHostAddress } from '../../core/targets/names';
import { acceptHostKey, checkHost, scanHostKey, type HostCheck } from './hostCheck';
import { checkSlurmTarget, type SlurmCheck } from './slurmCheck';
import { sshConfigHostAliases } from './sshConfigHosts';
import { defaultTargetsFile, readWorkspaceTargets, sshPathSetting } from './targetsConfig';
import { addTargetToFile, targetNameFor } from './targetsFileEdit';
import { LOCAL_HOST, checkKey } from './targetsModel';

/** What the targets area needs from the sweeps area. */
export interface TargetsHost {
  /** Starts the spec's runner on `target` (undefined: the spec's `compute:`); returns the sweep folder. */
  run(specUri: vscode.Uri, target?: string): Promise<string | undefined>;
  readonly checks: Map<string, HostCheck>;
  /** The last Check Target of each Slurm target. */
  readonly slurmChecks: Map<string, SlurmCheck>;
  refresh(): void;
  readonly log: vscode.LogOutputChannel;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(arg: unknown, key: string): string | undefined {
  return isRecord(arg) && typeof arg[key] === 'string' ? arg[key] : undefined;
}

/** The target named by a tree row (`{ name }`) or an argument object, else one the user picks. */
async function pickTarget(arg: unknown, placeHolder: string, filter: (t: TargetDefinition) => boolean = () => true): Promise<TargetDefinition | undefined> {
  const { targets } = readWorkspaceTargets();
  const named = text(arg, 'name') ?? text(arg, 'target');
  if (named !== undefined) {
    const target = targets.get(named);
    if (!target) void vscode.window.showErrorMessage(`No target named ${named} is defined.`);
    return target;
  }
  const items = [...targets.values()].filter(filter).map((t) => ({
    label: t.name,
    description: t.type === 'ssh' ? `ssh · ${t.hosts.map((h) => h.host).join(', ')}` : t.type,
    target: t,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.target;
}

/** This machine as a probe would describe it; GPUs from `nvidia-smi` when it is installed. */
function checkLocalMachine(): HostCheck {
  const started = Date.now();
  let gpus: string[] = [];
  try {
    gpus = detectLocalGpus('local');
  } catch {
    // No nvidia-smi or no GPU: a CPU machine.
  }
  const probe = {
    os: platform(), arch: arch(), home: homedir(),
    tools: { setsid: true, rsync: true, tar: true, python3: true, nvidiaSmi: gpus.length > 0 },
    gpus: gpus.map((index) => ({ index, uuid: '', name: '' })),
  };
  return { host: LOCAL_HOST, ok: true, checkedAt: Date.now(), ms: Date.now() - started, probe };
}

/** Probes every host of `target` and records the results for the view. */
export async function checkTargetHosts(target: TargetDefinition, host: TargetsHost): Promise<HostCheck[]> {
  if (target.type === 'slurm') throw new Error(`${target.name} is a Slurm target: it has no hosts of its own (checkSlurm asks the cluster).`);
  if (target.type === 'local') {
    const check = checkLocalMachine();
    host.checks.set(checkKey(target.name, LOCAL_HOST), check);
    host.refresh();
    return [check];
  }
  const sshPath = sshPathSetting();
  const results = await Promise.all(target.hosts.map((h) => checkHost(h.host, {
    ...(target.ssh_config !== undefined ? { configFile: target.ssh_config } : {}),
    ...(sshPath !== undefined ? { sshPath } : {}),
  })));
  for (const result of results) host.checks.set(checkKey(target.name, result.host), result);
  host.refresh();
  return results;
}

/** Check Target on a Slurm target: the partition's nodes and the user's jobs, for the view. */
async function checkSlurm(target: Extract<TargetDefinition, { type: 'slurm' }>, host: TargetsHost): Promise<SlurmCheck> {
  const sshPath = sshPathSetting();
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Asking Slurm about ${target.name}…` },
    () => checkSlurmTarget(target, sshPath !== undefined ? { sshPath } : {}),
  );
  host.slurmChecks.set(target.name, check);
  host.refresh();
  host.log.info(`check ${target.name}: ${check.ok ? `ok in ${check.ms} ms` : check.error ?? 'failed'}`);
  if (check.ok) {
    const nodes = (check.partitions ?? []).map((p) => `${p.name} ${p.availability}, ${p.nodes} node${p.nodes === 1 ? '' : 's'}`).join('; ');
    void vscode.window.showInformationMessage(`${target.name}: ${nodes}${check.myJobs !== undefined ? `; your jobs: ${check.myJobs.running} running, ${check.myJobs.pending} pending` : ''}.`);
  } else {
    void vscode.window.showErrorMessage(`${target.name}: ${check.error ?? 'the check failed'}`);
  }
  return check;
}

async function checkTargetCommand(arg: unknown, host: TargetsHost): Promise<HostCheck[] | SlurmCheck | undefined> {
  const target = await pickTarget(arg, 'Which target should be checked?');
  if (!target) return undefined;
  if (target.type === 'slurm') return checkSlurm(target, host);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking ${target.name}…` },
    () => checkTargetHosts(target, host),
  );
  const bad = results.filter((r) => !r.ok);
  for (const r of results) host.log.info(`check ${target.name} ${r.host || 'local'}: ${r.ok ? `ok in ${r.ms} ms, ${r.probe?.gpus.length ?? 0} GPU(s)` : r.error?.message ?? 'failed'}`);
  if (bad.length === 0) {
    const gpus = results.reduce((n, r) => n + (r.probe?.gpus.length ?? 0), 0);
    void vscode.window.showInformationMessage(`${target.name}: ${results.length} host${results.length === 1 ? '' : 's'} reachable${target.type === 'ssh' ? `, ${gpus} GPU${gpus === 1 ? '' : 's'} found` : ''}.`);
  } else {
    void vscode.window.showErrorMessage(`${target.name}: ${bad.length} of ${results.length} hosts unreachable. ${bad.map((r) => r.error?.message ?? r.host).join(' ')}`);
  }
  return results;
}

async function askHost(arg: unknown): Promise<string | undefined> {
  const given = text(arg, 'host');
  if (given !== undefined) return given;
  const manual = '$(edit) Enter user@host[:port]…';
  const aliases = sshConfigHostAliases();
  const picked = await vscode.window.showQuickPick(
    [...aliases.map((a) => ({ label: a, description: 'from ~/.ssh/config' })), { label: manual, description: '' }],
    { placeHolder: aliases.length > 0 ? 'Which host? (Host aliases of your ssh config)' : 'No Host aliases found in ~/.ssh/config' },
  );
  if (!picked) return undefined;
  if (picked.label !== manual) return picked.label;
  return vscode.window.showInputBox({
    prompt: 'An ssh alias or user@host[:port]',
    validateInput: (value) => {
      const parsed = parseHostAddress(value);
      return 'problem' in parsed ? `This ${parsed.problem}.` : undefined;
    },
  });
}

/** First contact: show the host key's fingerprint and record it only when the user says so. */
async function confirmHostKey(hostName: string, arg: unknown, sshPath: string | undefined, configFile: string | undefined): Promise<boolean> {
  const key = await scanHostKey(hostName, { ...(sshPath !== undefined ? { sshPath } : {}), ...(configFile !== undefined ? { configFile } : {}) });
  if (!key) {
    void vscode.window.showErrorMessage(`${hostName} has no known host key and did not answer ssh-keyscan; check that it is reachable.`);
    return false;
  }
  const preset = isRecord(arg) && typeof arg['acceptHostKey'] === 'boolean' ? arg['acceptHostKey'] : undefined;
  const accept = 'Accept and Connect';
  const choice = preset !== undefined ? (preset ? accept : undefined) : await vscode.window.showWarningMessage(
    `First contact with ${hostName} (${key.hostname} port ${key.port}): its host key is not in ${key.knownHostsFile}.`,
    { modal: true, detail: `Fingerprint${key.fingerprints.length === 1 ? '' : 's'}:\n${key.fingerprints.join('\n')}\n\nCompare with what the host's administrator (or \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` on the host) shows before accepting.` },
    accept,
  );
  if (choice !== accept) return false;
  acceptHostKey(key);
  return true;
}

async function addSshTargetCommand(arg: unknown, host: TargetsHost): Promise<string | undefined> {
  const hostName = await askHost(arg);
  if (!hostName) return undefined;
  const parsed = parseHostAddress(hostName);
  if ('problem' in parsed) throw new Error(`Host ${hostName} ${parsed.problem}.`);
  const sshPath = sshPathSetting();
  const configFile = text(arg, 'sshConfig');
  const options = { ...(sshPath !== undefined ? { sshPath } : {}), ...(configFile !== undefined ? { configFile } : {}) };
  const probeOnce = (): Thenable<HostCheck> => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${hostName}…` }, () => checkHost(hostName, options));
  let check = await probeOnce();
  if (!check.ok && check.error?.kind === 'host-key-unknown') {
    if (!(await confirmHostKey(hostName, arg, sshPath, configFile))) return undefined;
    check = await probeOnce();
  }
  if (!check.ok) {
    const addAnyway = 'Add Anyway';
    const choice = isRecord(arg) && arg['addIfUnreachable'] === true ? addAnyway
      : await vscode.window.showErrorMessage(`${check.error?.message ?? `Could not reach ${hostName}.`}`, addAnyway);
    if (choice !== addAnyway) return undefined;
  }
  const file = text(arg, 'file') ?? defaultTargetsFile();
  if (!file) throw new Error('Open a folder first: the target is written to hypersweep.targets.yaml in the workspace root.');
  const existing = readWorkspaceTargets(dirname(file)).targets;
  const name = text(arg, 'name') ?? await vscode.window.showInputBox({
    prompt: `Name of the target (what \`compute:\` and Run Sweep on… use) for ${hostName}`,
    value: targetNameFor(hostName),
    validateInput: (value) => (!TARGET_NAME.test(value) ? 'Letters, digits, `.`, `_` and `-`, starting with a letter or digit.' : existing.has(value) ? `A target named ${value} exists already.` : undefined),
  });
  if (!name) return undefined;
  const gpus = check.probe?.gpus.length ?? 0;
  addTargetToFile(file, name, {
    type: 'ssh',
    hosts: [hostName],
    ...(configFile !== undefined ? { ssh_config: configFile } : {}),
    ...(gpus > 0 ? { gpus: 'auto' } : {}),
  });
  host.checks.set(checkKey(name, hostName), check);
  host.refresh();
  host.log.info(`added target ${name} (${hostName}) to ${file}`);
  if (!isRecord(arg)) {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    void vscode.window.showInformationMessage(`Target ${name} added to ${vscode.workspace.asRelativePath(file)}${check.ok ? ` (${gpus} GPU${gpus === 1 ? '' : 's'})` : ''}. Run a sweep on it with "Run Sweep on…" or \`compute: ${name}\`.`);
  }
  return name;
}

async function pickSpecUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const given = text(arg, 'spec');
  if (given !== undefined) return vscode.Uri.file(given);
  const active = vscode.window.activeTextEditor?.document;
  if (active && /\.ya?ml$/i.test(active.fileName) && /^type:\s*sweep\s*$/im.test(active.getText())) return active.uri;
  const found = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.hypersweep}/**', 500);
  const specs: vscode.Uri[] = [];
  for (const uri of found) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (/^type:\s*["']?sweep["']?\s*(#.*)?$/im.test(Buffer.from(bytes).toString('utf8'))) specs.push(uri);
  }
  if (specs.length === 0) {
    void vscode.window.showInformationMessage('No sweep spec (a YAML file with `type: sweep`) was found.');
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(specs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Which sweep spec?' });
  return chosen?.uri;
}

async function runSweepOnCommand(arg: unknown, host: TargetsHost): Promise<string | undefined> {
  const spec = await pickSpecUri(arg);
  if (!spec) return undefined;
  // From a Targets view row the argument is the row (`{ kind: 'target', name }`) and the spec is asked for.
  const row = isRecord(arg) && arg['kind'] === 'target' ? text(arg, 'name') : undefined;
  let target = row ?? text(arg, 'target');
  if (target === undefined) {
    const { targets } = readWorkspaceTargets(dirname(spec.fsPath));
    const picked = await vscode.window.showQuickPick(
      [...targets.values()].map((t) => ({
        label: t.name,
        description: t.type === 'ssh' ? `ssh · ${t.hosts.map((h) => h.host).join(', ')}` : t.type === 'slurm' ? `slurm · ${t.partition ?? 'default partition'}` : 'this machine',
      })),
      { placeHolder: `Run ${vscode.workspace.asRelativePath(spec)} on which target?` },
    );
    target = picked?.label;
  }
  if (target === undefined) return undefined;
  return host.run(spec, target);
}

export function registerTargetCommands(host: TargetsHost): vscode.Disposable[] {
  const command = <T>(id: string, handler: (arg: unknown) => Promise<T>): vscode.Disposable =>
    vscode.commands.registerCommand(`hypersweep.${id}`, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        host.log.error(`hypersweep.${id}: ${message}`);
        void vscode.window.showErrorMessage(`HyperSweep: ${message}`);
        return undefined;
      }
    });
  return [
    command('addSshTarget', (arg) => addSshTargetCommand(arg, host)),
    command('checkTarget', (arg) => checkTargetCommand(arg, host)),
    command('runSweepOn', (arg) => runSweepOnCommand(arg, host)),
    command('refreshTargets', () => Promise.resolve(host.refresh())),
  ];
}
