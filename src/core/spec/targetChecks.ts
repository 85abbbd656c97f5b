/**
 * What HyperSweep can and cannot honour from the Azure-oriented keys: the `code` folder must
 * exist locally (an `azureml:` asset cannot be used), environments are recorded but not
 * provisioned, `compute` picks an execution target when one of that name is defined, and
 * Azure-only objects are recorded only.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SpecContext } from './context';
import type { YamlEntry } from './yamlTree';
import { nearest } from './suggest';
import { LOCAL_TARGET_NAME } from '../targets/model';
import { howToDefine, targetNameOfCompute, TARGETS_FILE_NAME } from '../targets/names';

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

/**
 * What a non-local `compute` does. Validation cannot see the targets file unless the caller
 * passes the defined names: without them the info says what happens either way; with them an
 * undefined name is a warning (trials would run locally), with how to define it.
 */
export function noteCompute(ctx: SpecContext, entry: YamlEntry, compute: string, targetNames?: readonly string[]): void {
  const name = targetNameOfCompute(compute);
  if (name === undefined || name === LOCAL_TARGET_NAME) return;
  const span = entry.value.span;
  if (targetNames === undefined) {
    ctx.report('info', 'execution-target',
      `\`compute: ${compute}\` runs trials on the target \`${name}\` if it is defined in ${TARGETS_FILE_NAME} (next to the spec or in the workspace root) or in the VS Code setting \`hypersweep.targets\`; otherwise they run on this machine.`, span);
    return;
  }
  if (targetNames.includes(name)) {
    ctx.report('info', 'execution-target', `\`compute: ${compute}\` runs trials on the target \`${name}\`.`, span);
    return;
  }
  const suggestion = nearest(name, targetNames.filter((n) => n !== LOCAL_TARGET_NAME));
  const defined = [...new Set([LOCAL_TARGET_NAME, ...targetNames])].map((n) => `\`${n}\``).join(', ');
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
  const node = entry.value;
  const fix = suggestion && node.kind === 'scalar' && node.style === 'plain'
    ? ctx.replaceFix(`Replace with \`${compute.replace(name, suggestion)}\``, span, compute.replace(name, suggestion))
    : undefined;
  ctx.report('warning', 'unknown-target',
    `\`compute: ${compute}\` names no defined target, so trials run on this machine (\`local\`). Defined targets: ${defined}.${hint} To run them on \`${name}\`, ${howToDefine(name)}.`, span, fix);
}

/** Info for Azure-only keys that are recorded but have no effect on a HyperSweep run. */
export function noteRecordedOnly(ctx: SpecContext, entry: YamlEntry, label: string): void {
  ctx.report('info', 'not-honoured', `${label} is recorded but has no effect when HyperSweep runs the sweep.`, entry.keySpan);
}
