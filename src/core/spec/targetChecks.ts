/**
 * What HyperSweep can and cannot honour from the Azure-oriented keys: the `code` folder must
 * exist locally (an `azureml:` asset cannot be used), environments are recorded but not
 * provisioned, `compute` names an execution target, and Azure-only objects are recorded only.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SpecContext } from './context';
import type { YamlEntry } from './yamlTree';

/** The file-system question validation asks, injected so the core stays free of I/O. */
export interface SpecFileSystem {
  kind(path: string): 'file' | 'directory' | 'missing';
}

/** Warns when `trial.code` cannot be used as a local working directory. */
export function checkCode(ctx: SpecContext, entry: YamlEntry, code: string, specDir: string | undefined, fileSystem: SpecFileSystem | undefined): void {
  const span = entry.value.span;
  if (code.toLowerCase().startsWith('azureml:')) {
    ctx.report('warning', 'code-missing',
      `\`code\` names an Azure ML code asset (\`${code}\`), which cannot be used locally; a run would fail. Point \`code\` at a local folder.`, span);
    return;
  }
  if (!fileSystem || /^[a-z][a-z0-9+.-]*:\/\//i.test(code)) return;
  const path = isAbsolute(code) || specDir === undefined ? code : resolve(specDir, code);
  if (fileSystem.kind(path) === 'missing') {
    ctx.report('warning', 'code-missing',
      `The \`code\` folder \`${code}\` does not exist (looked for ${path}); a run would fail. Create it or fix the path (relative to the spec file).`, span);
  }
}

/** Info that the environment is recorded, not provisioned. */
export function noteEnvironment(ctx: SpecContext, entry: YamlEntry): void {
  const value = entry.value;
  const which = value.kind === 'scalar' && typeof value.value === 'string' ? `The environment \`${value.value}\`` : 'The inline environment';
  ctx.report('info', 'not-provisioned',
    `${which} is recorded but not provisioned: trials run with the interpreter and packages of the execution target.`, value.span);
}

/** Info that a non-local `compute` names an execution target. */
export function noteCompute(ctx: SpecContext, entry: YamlEntry, compute: string): void {
  if (compute === 'local') return;
  ctx.report('info', 'execution-target',
    `\`compute: ${compute}\` names an execution target: trials run on the target of that name defined in the HyperSweep settings or \`hypersweep.targets.yaml\`.`, entry.value.span);
}

/** Info for Azure-only keys that are recorded but have no effect on a HyperSweep run. */
export function noteRecordedOnly(ctx: SpecContext, entry: YamlEntry, label: string): void {
  ctx.report('info', 'not-honoured', `${label} is recorded but has no effect when HyperSweep runs the sweep.`, entry.keySpan);
}
