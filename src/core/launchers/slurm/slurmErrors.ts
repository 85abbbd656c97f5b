/**
 * What a user reads when Slurm cannot run the target's jobs: Slurm's own words, and the line of the
 * targets file to change (`origin`, kept by the targets loader), so the fix is one click away.
 */
import type { SlurmTarget } from '../../targets/model';

type ShapeField = 'partition' | 'gres' | 'cpus_per_trial' | 'mem' | 'sbatch_args';

/** The fields a refusal names, guessed from Slurm's message; all shape fields when it names none. */
function blamedFields(said: string): ShapeField[] {
  if (/partition/i.test(said)) return ['partition'];
  if (/gres|generic resource|gpu/i.test(said)) return ['gres'];
  if (/memory|mem\b/i.test(said)) return ['mem'];
  if (/cpu/i.test(said)) return ['cpus_per_trial'];
  if (/account|qos/i.test(said)) return ['sbatch_args'];
  return ['partition', 'gres', 'cpus_per_trial', 'mem', 'sbatch_args'];
}

function fieldValue(target: SlurmTarget, field: ShapeField): string | undefined {
  if (field === 'sbatch_args') return target.sbatch_args.length > 0 ? `[${target.sbatch_args.join(', ')}]` : undefined;
  const value = target[field];
  return value === undefined ? undefined : String(value);
}

/** `sbatch --test-only` refused the job shape: Slurm's message, then where each blamed field is written. */
export function rejectedShapeMessage(target: SlurmTarget, stderr: string): string {
  const said = stderr.trim().split('\n').map((l) => l.replace(/^sbatch: error: /, '').trim()).filter((l) => l !== '').join('; ') || 'sbatch --test-only failed without a message';
  const where = blamedFields(said)
    .filter((field) => fieldValue(target, field) !== undefined)
    .map((field) => `${target.origin?.[field] !== undefined ? `${target.origin[field]}: ` : ''}${field}: ${fieldValue(target, field) ?? ''}`);
  const lines = where.length > 0 ? `\n${where.map((w) => `  ${w}`).join('\n')}` : '';
  return `target ${target.name}: Slurm refuses the job shape: ${said}${lines}\nFix the target in the targets file (a partition and gres this cluster has: \`sinfo -o '%P %G'\`).`;
}

/** A job ran on a node but nothing it wrote reached the shared folder. */
export function sharedDirUnseenMessage(target: SlurmTarget, jobId: string, node: string, trialDir: string): string {
  const at = target.origin?.['shared_dir'] !== undefined ? ` (${target.origin['shared_dir']})` : '';
  return `Slurm job ${jobId} ran on node ${node}, but nothing it wrote reached ${trialDir}: the compute nodes cannot see shared_dir ${target.shared_dir}${at}. Use a folder mounted at the same path on the login and compute nodes (NFS, Lustre, GPFS home or scratch).`;
}
