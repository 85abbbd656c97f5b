/**
 * Decoders for the execution-target data a journal carries: the target definition on
 * `sweep-created`, and a trial attempt's placement and handle on `trial-started`. The known fields
 * are checked like any other journal field; a target definition and a handle keep fields this
 * version does not know (a newer targets file or launcher may add some), so a resume hands them on
 * unchanged.
 */
import type { Placement, TrialHandle } from '../launchers/launcher';
import type { TargetDefinition } from '../targets/model';
import { FieldError, FieldReader, describe, isJsonObject, type JsonObject } from './fields';

const TARGET_TYPES = ['local', 'ssh', 'slurm'] as const;

function optionalInteger(r: FieldReader, key: string, min: number): void {
  if (r.has(key)) r.integer(key, min);
}

/** `slots`, `gpus` (`auto` or ids), `trials_per_gpu`, `gpus_per_trial`, wherever they may appear. */
function checkSlotSetting(r: FieldReader): void {
  optionalInteger(r, 'slots', 1);
  optionalInteger(r, 'trials_per_gpu', 1);
  optionalInteger(r, 'gpus_per_trial', 1);
  if (r.has('gpus') && r.raw('gpus') !== 'auto') r.stringArray('gpus');
}

function checkStringMap(r: FieldReader, key: string): void {
  const map = r.object(key);
  for (const name of map.keys()) map.string(name);
}

function checkHosts(r: FieldReader): void {
  const hosts = r.raw('hosts');
  if (!Array.isArray(hosts) || hosts.length === 0) throw new FieldError(`target.hosts must be a non-empty list, got ${describe(hosts)}`);
  hosts.forEach((host: unknown, i) => {
    if (!isJsonObject(host)) throw new FieldError(`target.hosts[${i}] must be an object, got ${describe(host)}`);
    const h = new FieldReader(host, `target.hosts[${i}]`);
    h.string('host');
    checkSlotSetting(h);
  });
}

/** A `sweep-created` event's `target`. */
export function decodeTarget(raw: unknown): TargetDefinition {
  if (!isJsonObject(raw)) throw new FieldError(`target must be an object, got ${describe(raw)}`);
  const r = new FieldReader(raw, 'target');
  const type = r.oneOf('type', TARGET_TYPES);
  r.string('name');
  switch (type) {
    case 'local':
      checkSlotSetting(r);
      break;
    case 'ssh':
      checkHosts(r);
      checkSlotSetting(r);
      r.optionalString('ssh_config');
      r.string('work_root');
      r.optionalString('setup');
      checkStringMap(r, 'env');
      break;
    case 'slurm':
      r.string('login');
      r.string('shared_dir');
      r.stringArray('sbatch_args');
      r.optionalString('partition');
      r.optionalString('gres');
      r.optionalString('mem');
      r.optionalString('setup');
      r.optionalString('ssh_config');
      optionalInteger(r, 'cpus_per_trial', 1);
      optionalInteger(r, 'max_queued', 1);
      break;
  }
  // Checked above; the object itself is kept whole (see the header).
  return raw as unknown as TargetDefinition;
}

/** A `trial-started` event's `placement`. */
export function decodePlacement(r: FieldReader): Placement {
  const host = r.optionalString('host');
  const gpus = r.has('gpus') ? r.stringArray('gpus') : undefined;
  const snapshot = r.optionalString('snapshot');
  const slot = r.has('slot') ? r.integer('slot') : undefined;
  const jobId = r.optionalString('jobId');
  const queueState = r.optionalString('queueState');
  const pendingReason = r.optionalString('pendingReason');
  const gres = r.optionalString('gres');
  return {
    target: r.string('target'),
    ...(host !== undefined ? { host } : {}),
    ...(gpus !== undefined ? { gpus } : {}),
    ...(snapshot !== undefined ? { snapshot } : {}),
    ...(slot !== undefined ? { slot } : {}),
    ...(jobId !== undefined ? { jobId } : {}),
    ...(queueState !== undefined ? { queueState } : {}),
    ...(pendingReason !== undefined ? { pendingReason } : {}),
    ...(gres !== undefined ? { gres } : {}),
  };
}

/** A `trial-started` event's `handle`: any JSON object with a string `kind`. */
export function decodeHandle(raw: unknown): TrialHandle {
  if (!isJsonObject(raw)) throw new FieldError(`handle must be an object, got ${describe(raw)}`);
  new FieldReader(raw, 'handle').string('kind');
  return raw as JsonObject as TrialHandle;
}
