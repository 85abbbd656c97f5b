/**
 * The keys of `hypersweep.targets.yaml` as data, in the same KeySchema shape as the sweep-spec
 * table (src/core/spec/schema.ts): the validator (validate.ts) takes kinds, ranges and allowed
 * keys from here, and completion, hover and schemas/targets.schema.json are generated from it, so
 * the three cannot say different things.
 */
import type { KeySchema } from '../spec/schemaTypes';

/** One mapping of the targets file: its keys and how messages name it. */
export interface TargetObjectSchema {
  readonly id: 'file' | 'local' | 'ssh' | 'slurm' | 'host' | 'target';
  readonly title: string;
  readonly doc: string;
  readonly keys: readonly KeySchema[];
}

export const TARGET_TYPES = ['local', 'ssh', 'slurm'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/** Default remote folder for code snapshots and trial folders. */
export const DEFAULT_WORK_ROOT = '~/.hypersweep';

const TYPE_KEY: KeySchema = {
  name: 'type', kinds: ['string'], required: true, enum: [...TARGET_TYPES], caseRule: 'exact', placeholder: 'ssh',
  doc: '`local` (this machine), `ssh` (a pool of hosts reached with the system `ssh`) or `slurm` (one Slurm job per trial, submitted from the login node HyperSweep runs on).',
};

const SLOT_KEYS: readonly KeySchema[] = [
  { name: 'gpus', kinds: ['string', 'list'], enum: ['auto'], placeholder: 'auto', doc: '`auto` (the GPUs `nvidia-smi` lists when the sweep starts) or a list of GPU ids (`[0, 1]`, or `GPU-...` UUIDs). One trial per GPU by default; each trial sees only its own in `CUDA_VISIBLE_DEVICES` (with `CUDA_DEVICE_ORDER=PCI_BUS_ID`).' },
  { name: 'slots', kinds: ['integer'], minimum: 1, placeholder: '4', doc: 'Trials at once on a machine without GPUs. Not used together with `gpus`. Default: 1 per SSH host; the number of CPUs for `local`.' },
  { name: 'trials_per_gpu', kinds: ['integer'], minimum: 1, placeholder: '2', doc: 'Trials sharing one GPU (small models). Default 1. Not used together with `gpus_per_trial`.' },
  { name: 'gpus_per_trial', kinds: ['integer'], minimum: 1, placeholder: '2', doc: 'GPUs given to each trial (data-parallel training). Default 1. Not used together with `trials_per_gpu`.' },
];

const HOST_KEY: KeySchema = {
  name: 'host', kinds: ['string'], required: true, placeholder: 'box1',
  doc: 'An alias from your ssh config (`Host` line) or `user@host[:port]`; ssh resolves the rest (`Include`, `ProxyJump`, agent, keys).',
};

export const TARGET_SCHEMAS: readonly TargetObjectSchema[] = [
  {
    id: 'file', title: 'the targets file',
    doc: 'Execution targets for HyperSweep sweeps. A spec picks one with `compute: <name>` or `compute: azureml:<name>`; `hypersweep run --target NAME` overrides it. `local` is always defined.',
    keys: [{ name: 'targets', kinds: ['mapping'], required: true, placeholder: '\n  gpu-boxes:\n    type: ssh\n    hosts: [box1]\n    gpus: auto', doc: 'Target names to their definitions. Names are what `compute:` and `--target` use.' }],
  },
  {
    id: 'local', title: 'a local target',
    doc: 'This machine (in a VS Code Remote-SSH window: the remote machine the extension runs on). With `gpus`, one trial per GPU slot.',
    keys: [TYPE_KEY, ...SLOT_KEYS],
  },
  {
    id: 'ssh', title: 'an ssh target',
    doc: 'A pool of SSH hosts; one trial per slot (per GPU, or per CPU slot). Nothing needs to be installed on a host but a POSIX shell (and `rsync`, or `tar`).',
    keys: [
      TYPE_KEY,
      { name: 'hosts', kinds: ['list'], required: true, placeholder: '[box1]', doc: 'The hosts: each an ssh alias or `user@host[:port]`, or a mapping `{host: box2, gpus: [0]}` overriding the pool\'s slot settings for that host.' },
      { name: 'ssh_config', kinds: ['string'], placeholder: './ssh_config', doc: 'An ssh config file passed as `ssh -F`, relative to this file. Default: your own `~/.ssh/config`.' },
      ...SLOT_KEYS,
      { name: 'work_root', kinds: ['string'], placeholder: DEFAULT_WORK_ROOT, doc: `Where code snapshots and trial folders live on each host. Default \`${DEFAULT_WORK_ROOT}\`.` },
      { name: 'setup', kinds: ['string'], placeholder: 'source ~/venv/bin/activate', doc: 'A shell line run before each trial on the host, e.g. `source ~/venv/bin/activate` or `module load cuda`.' },
      { name: 'env', kinds: ['mapping'], placeholder: '\n  WANDB_MODE: offline', doc: 'Variables added to every trial\'s environment on these hosts (names are shell identifiers; values are passed quoted).' },
    ],
  },
  {
    id: 'slurm', title: 'a slurm target',
    doc: 'A Slurm cluster: each trial is one `sbatch` job; its output is read from `shared_dir`. HyperSweep runs on the login node (`login: local`) or submits through it over SSH (`login: <ssh alias>`).',
    keys: [
      TYPE_KEY,
      { name: 'login', kinds: ['string'], required: true, placeholder: 'local', doc: '`local` when HyperSweep runs on the login node; an ssh alias or `user@host[:port]` of the login node to submit over SSH (sbatch, squeue and scancel run there; the code is copied into `shared_dir`).' },
      { name: 'ssh_config', kinds: ['string'], placeholder: './ssh_config', doc: 'An ssh config file passed as `ssh -F` to reach `login`, relative to this file. Default: your own `~/.ssh/config`.' },
      { name: 'shared_dir', kinds: ['string'], required: true, placeholder: '/shared/$USER/hypersweep', doc: 'A folder the login and compute nodes share.' },
      { name: 'partition', kinds: ['string'], doc: 'Slurm partition (`sbatch -p`).' },
      { name: 'gres', kinds: ['string'], doc: 'Generic resources per trial, e.g. `gpu:1`.' },
      { name: 'cpus_per_trial', kinds: ['integer'], minimum: 1, doc: 'CPUs per trial (`--cpus-per-task`).' },
      { name: 'mem', kinds: ['string'], doc: 'Memory per trial, e.g. `16G`.' },
      { name: 'sbatch_args', kinds: ['list'], doc: 'Extra `sbatch` arguments.' },
      { name: 'setup', kinds: ['string'], doc: 'A shell line run before each trial.' },
      { name: 'max_queued', kinds: ['integer'], minimum: 1, doc: 'Most trials queued or running at once.' },
    ],
  },
  {
    id: 'host', title: 'a host', doc: 'One host of an ssh pool, with its own slot settings.',
    keys: [HOST_KEY, ...SLOT_KEYS],
  },
];

export function targetSchema(id: TargetObjectSchema['id']): TargetObjectSchema {
  const found = TARGET_SCHEMAS.find((s) => s.id === id);
  if (!found) throw new Error(`No targets schema ${id}`);
  return found;
}

/** Keys of a target whose type is unknown: every type's keys, so nothing is reported twice. */
export function anyTargetKeys(): readonly KeySchema[] {
  const seen = new Map<string, KeySchema>();
  for (const id of TARGET_TYPES) for (const key of targetSchema(id).keys) if (!seen.has(key.name)) seen.set(key.name, key);
  return [...seen.values()];
}
