/**
 * `validateTargets`: the text of a `hypersweep.targets.yaml` in, the valid target definitions and
 * positioned diagnostics out. It reuses the spec machinery (YAML tree with positions, key checks,
 * did-you-mean) so a targets file reads like a spec in every face: CLI `file:line:col`, VS Code
 * problems and quick fixes. A target with an error is left out of the result; the others stay
 * usable. Pure: the only outside question (does `ssh_config` exist?) goes through `fileSystem`.
 */
import { isAbsolute, resolve } from 'node:path';
import { checkValue } from '../spec/checkObject';
import { SpecContext, describeValue, numberOf, stringOf } from '../spec/context';
import type { Diagnostic } from '../spec/diagnostics';
import { parseSpecYaml } from '../spec/parse';
import type { KeySchema } from '../spec/schemaTypes';
import { nearest } from '../spec/suggest';
import type { SpecFileSystem } from '../spec/targetChecks';
import type { Span, YamlEntry, YamlMap, YamlNode, YamlSeq } from '../spec/yamlTree';
import { LOCAL_TARGET_NAME, type GpuSetting, type SlotSetting, type SshHostSetting, type TargetDefinition } from './model';
import { ENV_NAME, TARGET_NAME, parseHostAddress } from './names';
import { DEFAULT_WORK_ROOT, TARGET_TYPES, anyTargetKeys, targetSchema, type TargetObjectSchema } from './schema';
import { deleteEntryFix, deleteItemFix } from './fixes';

export interface ValidateTargetsOptions {
  /** Folder of the targets file: `ssh_config` is resolved against it. */
  readonly fileDir?: string;
  /** File-system access for the `ssh_config` check; without it the check is skipped. */
  readonly fileSystem?: SpecFileSystem;
  /** Path of the targets file, for `origin` (where a Slurm target's fields are written). */
  readonly filePath?: string;
}

export interface ValidateTargetsResult {
  /** The targets without errors, in file order (`local` only when the file defines it). */
  readonly targets: ReadonlyMap<string, TargetDefinition>;
  readonly diagnostics: readonly Diagnostic[];
}

const GPU_ID = /^(\d+|GPU-[0-9A-Fa-f-]+|MIG-[A-Za-z0-9/-]+)$/;

function lastEntry(map: YamlMap, key: string): YamlEntry | undefined {
  return [...map.entries].reverse().find((e) => e.key === key);
}

function errorCount(ctx: SpecContext): number {
  return ctx.diagnostics.filter((d) => d.severity === 'error').length;
}

/** Checks the keys of one mapping against a key list; returns the valid entries by key. */
function checkKeys(ctx: SpecContext, map: YamlMap, keys: readonly KeySchema[], label: string, owner?: Span, otherKeys: readonly string[] = [], requireKeys = true): Map<string, YamlEntry> {
  const valid = new Map<string, YamlEntry>();
  const names = keys.map((k) => k.name);
  for (const entry of map.entries) {
    const key = keys.find((k) => k.name === entry.key);
    if (!key) {
      const suggestion = nearest(entry.key, names);
      const elsewhere = otherKeys.includes(entry.key) ? ` (\`${entry.key}\` belongs to another target type)` : '';
      const message = suggestion && !elsewhere
        ? `Unknown key \`${entry.key}\` in ${label}; did you mean \`${suggestion}\`?`
        : `Unknown key \`${entry.key}\` in ${label}${elsewhere}. Allowed: ${names.map((n) => `\`${n}\``).join(', ')}.`;
      const fix = suggestion && !elsewhere ? ctx.replaceFix(`Replace with \`${suggestion}\``, entry.keySpan, suggestion) : undefined;
      ctx.report('error', 'unknown-key', message, entry.keySpan, fix);
      continue;
    }
    if (checkValue(ctx, entry, key, { label, keySpan: entry.keySpan })) valid.set(entry.key, entry);
  }
  for (const key of requireKeys ? keys : []) {
    if (!key.required || map.entries.some((e) => e.key === key.name)) continue;
    ctx.report('error', 'missing-key', `Missing required key \`${key.name}\` in ${label}.`, owner ?? { start: map.span.start, end: map.span.start });
  }
  return valid;
}

function readGpus(ctx: SpecContext, entry: YamlEntry, label: string): GpuSetting | undefined {
  const node = entry.value;
  if (node.kind === 'scalar') return 'auto';
  if (node.kind !== 'seq') return undefined;
  if (node.items.length === 0) {
    ctx.report('error', 'bad-gpu', `\`gpus\` in ${label} lists no GPU; write \`gpus: auto\`, list GPU ids, or remove \`gpus\` for CPU slots.`, node.span.end > node.span.start ? node.span : entry.keySpan);
    return undefined;
  }
  const ids: string[] = [];
  let ok = true;
  for (const item of node.items) {
    const id = item.kind === 'scalar' && (typeof item.value === 'number' || typeof item.value === 'string') ? String(item.value) : undefined;
    if (id === undefined || !GPU_ID.test(id)) {
      ctx.report('error', 'bad-gpu', `GPU id ${describeValue(item)} in ${label} is not a GPU index (0, 1, ...) or a \`GPU-\`/\`MIG-\` UUID as \`nvidia-smi -L\` prints them.`, item.span);
      ok = false;
      continue;
    }
    if (ids.includes(id)) {
      ctx.report('error', 'duplicate-gpu', `GPU \`${id}\` is listed twice in ${label}; each GPU is one slot.`, item.span, deleteItemFix(ctx, node, item, `Remove the second \`${id}\``));
      ok = false;
      continue;
    }
    ids.push(id);
  }
  return ok ? ids : undefined;
}

/** Reads `gpus`, `slots`, `trials_per_gpu`, `gpus_per_trial` with their cross rules. */
function readSlots(ctx: SpecContext, fields: Map<string, YamlEntry>, label: string, inheritedGpus: boolean): SlotSetting | undefined {
  const errorsBefore = errorCount(ctx);
  const gpusEntry = fields.get('gpus');
  const gpus = gpusEntry ? readGpus(ctx, gpusEntry, label) : undefined;
  const slotsEntry = fields.get('slots');
  if (slotsEntry && gpusEntry) {
    ctx.report('error', 'slots-with-gpus',
      `${label} sets both \`slots\` and \`gpus\`; with GPUs there is one slot per GPU (or \`trials_per_gpu\` per GPU). Remove \`slots\`, or remove \`gpus\` for a CPU host.`,
      slotsEntry.keySpan, deleteEntryFix(ctx, slotsEntry, 'Remove `slots`'));
  }
  const perGpu = fields.get('trials_per_gpu');
  const perTrial = fields.get('gpus_per_trial');
  if (perGpu && perTrial) {
    ctx.report('error', 'packing-conflict',
      `${label} sets both \`trials_per_gpu\` and \`gpus_per_trial\`; a GPU is either shared by several trials or grouped with others for one trial. Keep one.`,
      perTrial.keySpan, deleteEntryFix(ctx, perTrial, 'Remove `gpus_per_trial`'));
  }
  for (const entry of [perGpu, perTrial]) {
    if (entry && !gpusEntry && !inheritedGpus) {
      ctx.report('warning', 'packing-without-gpus', `\`${entry.key}\` has no effect in ${label} without \`gpus\`; add \`gpus: auto\` or a list of GPU ids.`, entry.keySpan);
    }
  }
  const perTrialCount = numberOf(perTrial?.value, true);
  if (Array.isArray(gpus) && perTrialCount !== undefined && perTrialCount > gpus.length) {
    ctx.report('error', 'too-few-gpus', `\`gpus_per_trial: ${perTrialCount}\` in ${label} needs at least ${perTrialCount} GPUs, but \`gpus\` lists ${gpus.length}.`, perTrial?.value.span ?? { start: 0, end: 0 });
  }
  if (errorCount(ctx) > errorsBefore) return undefined;
  const slots = numberOf(slotsEntry?.value, true);
  const trialsPerGpu = numberOf(perGpu?.value, true);
  return {
    ...(gpus !== undefined ? { gpus } : {}),
    ...(slots !== undefined && gpus === undefined ? { slots } : {}),
    ...(trialsPerGpu !== undefined ? { trials_per_gpu: trialsPerGpu } : {}),
    ...(perTrialCount !== undefined ? { gpus_per_trial: perTrialCount } : {}),
  };
}

function checkHostText(ctx: SpecContext, node: YamlNode, text: string, label: string): boolean {
  const parsed = parseHostAddress(text);
  if ('problem' in parsed) {
    ctx.report('error', 'bad-host', `Host \`${text}\` in ${label} ${parsed.problem}; write an alias from your ssh config or \`user@host[:port]\`.`, node.span);
    return false;
  }
  return true;
}

function readHosts(ctx: SpecContext, entry: YamlEntry, label: string, poolHasGpus: boolean): SshHostSetting[] | undefined {
  const list = entry.value as YamlSeq;
  if (list.items.length === 0) {
    ctx.report('error', 'empty-hosts', `\`hosts\` in ${label} is empty; list at least one ssh alias or \`user@host[:port]\`.`, list.span.end > list.span.start ? list.span : entry.keySpan);
    return undefined;
  }
  const hosts: SshHostSetting[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const item of list.items) {
    let setting: SshHostSetting | undefined;
    let hostNode: YamlNode = item;
    if (item.kind === 'map') {
      const hostLabel = `a host of ${label}`;
      const fields = checkKeys(ctx, item, targetSchema('host').keys, hostLabel);
      const hostEntry = fields.get('host');
      const host = stringOf(hostEntry?.value);
      hostNode = hostEntry?.value ?? item;
      const slots = readSlots(ctx, fields, `host \`${host ?? '?'}\` of ${label}`, poolHasGpus);
      if (host !== undefined && checkHostText(ctx, hostNode, host, label) && slots) setting = { host, ...slots };
    } else if (item.kind === 'scalar' && typeof item.value === 'string') {
      if (checkHostText(ctx, item, item.value, label)) setting = { host: item.value };
    } else {
      ctx.report('error', 'wrong-type', `A host in ${label} must be a string (\`box1\`, \`alice@10.0.0.7:2222\`) or a mapping with \`host\`, got ${describeValue(item)}.`, item.span);
    }
    if (!setting) {
      ok = false;
      continue;
    }
    if (seen.has(setting.host)) {
      ctx.report('error', 'duplicate-host', `Host \`${setting.host}\` is listed twice in ${label}; list each host once (use \`slots\` or \`gpus\` for more trials on it).`, hostNode.span, deleteItemFix(ctx, list, item, `Remove the second \`${setting.host}\``));
      ok = false;
      continue;
    }
    seen.add(setting.host);
    hosts.push(setting);
  }
  return ok ? hosts : undefined;
}

function readEnv(ctx: SpecContext, entry: YamlEntry, label: string): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  let ok = true;
  for (const item of (entry.value as YamlMap).entries) {
    if (!ENV_NAME.test(item.key)) {
      ctx.report('error', 'bad-env-name', `\`${item.key}\` in \`env\` of ${label} is not a variable name a shell accepts (letters, digits, \`_\`, not starting with a digit).`, item.keySpan);
      ok = false;
      continue;
    }
    const value = item.value;
    if (value.kind !== 'scalar' || value.value === null) {
      ctx.report('error', 'wrong-type', `\`env.${item.key}\` in ${label} must be a string, number or boolean, got ${describeValue(value)}.`, value.span.end > value.span.start ? value.span : item.keySpan);
      ok = false;
      continue;
    }
    env[item.key] = String(value.value);
  }
  return ok ? env : undefined;
}

function readStringList(ctx: SpecContext, entry: YamlEntry, label: string): string[] | undefined {
  const out: string[] = [];
  for (const item of (entry.value as YamlSeq).items) {
    if (item.kind !== 'scalar' || item.value === null || typeof item.value === 'object') {
      ctx.report('error', 'wrong-type', `Items of \`${entry.key}\` in ${label} must be strings, got ${describeValue(item)}.`, item.span);
      return undefined;
    }
    out.push(String(item.value));
  }
  return out;
}

/** `ssh_config`, resolved against the targets file's folder (`~/` against the home folder). */
function readSshConfig(ctx: SpecContext, fields: Map<string, YamlEntry>, label: string, options: ValidateTargetsOptions): string | undefined {
  let sshConfig = stringOf(fields.get('ssh_config')?.value);
  if (sshConfig !== undefined) {
    const expanded = sshConfig.startsWith('~/') && process.env.HOME ? resolve(process.env.HOME, sshConfig.slice(2)) : sshConfig;
    sshConfig = isAbsolute(expanded) || options.fileDir === undefined ? expanded : resolve(options.fileDir, expanded);
    if (options.fileSystem && options.fileSystem.kind(sshConfig) !== 'file') {
      const node = fields.get('ssh_config')?.value;
      if (node) ctx.report('warning', 'ssh-config-missing', `The ssh config \`${String(stringOf(node))}\` of ${label} does not exist (looked for ${sshConfig}); ssh would refuse to start. Fix the path (relative to this file) or remove \`ssh_config\` to use your own ~/.ssh/config.`, node.span);
    }
  }
  return sshConfig;
}

function readSsh(ctx: SpecContext, name: string, fields: Map<string, YamlEntry>, label: string, options: ValidateTargetsOptions): TargetDefinition | undefined {
  const slots = readSlots(ctx, fields, label, false);
  const hostsEntry = fields.get('hosts');
  const hosts = hostsEntry ? readHosts(ctx, hostsEntry, label, fields.has('gpus')) : undefined;
  const envEntry = fields.get('env');
  const env = envEntry ? readEnv(ctx, envEntry, label) : {};
  const sshConfig = readSshConfig(ctx, fields, label, options);
  if (!slots || !hosts || !env) return undefined;
  const setup = stringOf(fields.get('setup')?.value);
  return {
    type: 'ssh', name, ...slots, hosts,
    ...(sshConfig !== undefined ? { ssh_config: sshConfig } : {}),
    work_root: stringOf(fields.get('work_root')?.value) ?? DEFAULT_WORK_ROOT,
    ...(setup !== undefined ? { setup } : {}),
    env,
  };
}

/** `file:line:col` of each field Slurm may refuse, for the launcher's error. */
const SLURM_CHECKED_FIELDS = ['partition', 'gres', 'cpus_per_trial', 'mem', 'sbatch_args', 'shared_dir', 'login'];

function slurmOrigin(ctx: SpecContext, fields: Map<string, YamlEntry>, filePath: string): Record<string, string> {
  const origin: Record<string, string> = {};
  for (const key of SLURM_CHECKED_FIELDS) {
    const node = fields.get(key)?.value;
    if (node === undefined) continue;
    const start = ctx.range(node.span).start;
    origin[key] = `${filePath}:${start.line}:${start.column}`;
  }
  return origin;
}

function readSlurm(ctx: SpecContext, name: string, fields: Map<string, YamlEntry>, label: string, options: ValidateTargetsOptions): TargetDefinition | undefined {
  const filePath = options.filePath;
  const login = stringOf(fields.get('login')?.value);
  const loginNode = fields.get('login')?.value;
  const sshConfig = readSshConfig(ctx, fields, label, options);
  const loginOk = login !== undefined && loginNode !== undefined && checkHostText(ctx, loginNode, login, label);
  const argsEntry = fields.get('sbatch_args');
  const sbatchArgs = argsEntry ? readStringList(ctx, argsEntry, label) : [];
  const sharedDir = stringOf(fields.get('shared_dir')?.value);
  if (!loginOk || !sbatchArgs || sharedDir === undefined) return undefined;
  const text = (key: string): string | undefined => stringOf(fields.get(key)?.value);
  const count = (key: string): number | undefined => numberOf(fields.get(key)?.value, true);
  const [partition, gres, mem, setup, cpus, maxQueued] = [text('partition'), text('gres'), text('mem'), text('setup'), count('cpus_per_trial'), count('max_queued')];
  return {
    type: 'slurm', name, login, shared_dir: sharedDir, sbatch_args: sbatchArgs,
    ...(partition !== undefined ? { partition } : {}),
    ...(gres !== undefined ? { gres } : {}),
    ...(cpus !== undefined ? { cpus_per_trial: cpus } : {}),
    ...(mem !== undefined ? { mem } : {}),
    ...(setup !== undefined ? { setup } : {}),
    ...(maxQueued !== undefined ? { max_queued: maxQueued } : {}),
    ...(sshConfig !== undefined ? { ssh_config: sshConfig } : {}),
    ...(filePath !== undefined ? { origin: slurmOrigin(ctx, fields, filePath) } : {}),
  };
}

function readTarget(ctx: SpecContext, entry: YamlEntry, options: ValidateTargetsOptions): TargetDefinition | undefined {
  const name = entry.key;
  const label = `target \`${name}\``;
  const errorsBefore = errorCount(ctx);
  if (!TARGET_NAME.test(name)) {
    ctx.report('error', 'bad-target-name', `Target name \`${name}\` must start with a letter or digit and hold only letters, digits, \`.\`, \`_\` and \`-\` (it is what \`compute:\` and \`--target\` say).`, entry.keySpan);
  }
  const node = entry.value;
  if (node.kind !== 'map') {
    ctx.report('error', 'wrong-type', `${label} must be a mapping with \`type\` (local, ssh or slurm), got ${describeValue(node)}.`, node.span.end > node.span.start ? node.span : entry.keySpan);
    return undefined;
  }
  const typeEntry = lastEntry(node, 'type');
  const typeText = stringOf(typeEntry?.value);
  let type: TargetObjectSchema['id'] | undefined;
  if (!typeEntry) {
    if (name === LOCAL_TARGET_NAME) type = 'local';
    else {
      ctx.report('error', 'missing-key', `Missing required key \`type\` in ${label}; write \`type: ssh\` for a pool of SSH hosts or \`type: local\` for this machine.`, entry.keySpan);
    }
  } else if (typeText !== undefined && (TARGET_TYPES as readonly string[]).includes(typeText)) {
    type = typeText as TargetObjectSchema['id'];
  }
  if (name === LOCAL_TARGET_NAME && type !== undefined && type !== 'local' && typeEntry) {
    ctx.report('error', 'local-redefined',
      `\`local\` always means this machine and can only be \`type: local\` (to give it GPU slots); give the ${type} target another name.`,
      typeEntry.value.span, ctx.replaceFix('Replace with `local`', typeEntry.value.span, 'local'));
    return undefined;
  }
  const others = anyTargetKeys().map((k) => k.name);
  const schemaKeys = type ? targetSchema(type).keys : anyTargetKeys();
  // `local` may leave out `type`: the name alone says what it is.
  const keys = typeEntry ? schemaKeys : schemaKeys.map((k) => (k.name === 'type' ? { ...k, required: false } : k));
  const fields = checkKeys(ctx, node, keys, label, entry.keySpan, others, type !== undefined);
  // An unknown `type` was reported by the key check above; nothing more can be read.
  if (!type) return undefined;
  let target: TargetDefinition | undefined;
  if (type === 'local') {
    const slots = readSlots(ctx, fields, label, false);
    target = slots ? { type: 'local', name, ...slots } : undefined;
  } else if (type === 'ssh') {
    target = readSsh(ctx, name, fields, label, options);
  } else {
    target = readSlurm(ctx, name, fields, label, options);
  }
  return errorCount(ctx) > errorsBefore ? undefined : target;
}

function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => a.d.range.start.offset - b.d.range.start.offset || a.index - b.index)
    .map(({ d }) => d);
}

/** Reads and validates the text of a targets file. Never throws; diagnostics come sorted by position. */
export function validateTargets(text: string, options: ValidateTargetsOptions = {}): ValidateTargetsResult {
  const parsed = parseSpecYaml(text);
  const ctx = new SpecContext(text, parsed.positions);
  for (const d of parsed.diagnostics) {
    if (d.code === 'empty-file') {
      ctx.diagnostics.push({ ...d, severity: 'warning', message: 'The targets file is empty; define targets under `targets:` (only `local` is available).' });
    } else if (d.code === 'multiple-documents') {
      ctx.diagnostics.push({ ...d, message: 'Only one YAML document is allowed in a targets file; put every target under the one `targets:` mapping.' });
    } else {
      ctx.diagnostics.push(d);
    }
  }
  const targets = new Map<string, TargetDefinition>();
  const root = parsed.root;
  if (root && root.kind !== 'map') {
    ctx.report('error', 'wrong-type', `The targets file must be a mapping with \`targets:\`, got ${describeValue(root)}.`, root.span);
  } else if (root) {
    const fields = checkKeys(ctx, root, targetSchema('file').keys, 'the targets file');
    const targetsNode = fields.get('targets')?.value;
    if (targetsNode?.kind === 'map') {
      for (const entry of targetsNode.entries) {
        const target = readTarget(ctx, entry, options);
        if (target) targets.set(entry.key, target);
      }
    }
  }
  return { targets, diagnostics: sortDiagnostics(ctx.diagnostics) };
}
