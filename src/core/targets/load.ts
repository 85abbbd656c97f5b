/**
 * Where a sweep's targets come from and which one it runs on. `findTargetsFile` looks next to the
 * spec, then in the workspace root; `loadTargets` merges that file with the VS Code setting
 * `hypersweep.targets` (same shape as the file's `targets:`), `local` always present;
 * `resolveTarget` maps the spec's `compute:` (or `--target`) to one definition.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { FILE_START, type Diagnostic } from '../spec/diagnostics';
import { nodeFileSystem } from '../spec/nodeFileSystem';
import { DEFAULT_LOCAL_TARGET, LOCAL_TARGET_NAME, type TargetDefinition } from './model';
import { TARGETS_FILE_NAME, TARGETS_SETTING, howToDefine, targetNameOfCompute } from './names';

export { TARGETS_FILE_NAME, TARGETS_SETTING, howToDefine } from './names';
import { validateTargets } from './validate';


function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `hypersweep.targets.yaml` next to the spec, else in the workspace root; undefined when neither exists. */
export function findTargetsFile(specDir: string, workspaceRoot?: string): string | undefined {
  for (const dir of [specDir, workspaceRoot]) {
    if (dir === undefined) continue;
    const candidate = join(resolve(dir), TARGETS_FILE_NAME);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

export interface LoadTargetsOptions {
  /** Path of a targets file (from `findTargetsFile` or `--targets`). */
  readonly file?: string;
  /** The value of the `hypersweep.targets` setting: target names to definitions. */
  readonly settingsJson?: unknown;
  /** Folder a relative `ssh_config` in the setting is resolved against (the workspace root). */
  readonly settingsBaseDir?: string;
}

export interface LoadedTargets {
  /** Every valid target by name; `local` is always present. */
  readonly targets: ReadonlyMap<string, TargetDefinition>;
  /** File problems carry their file:line:col; setting problems start with "Setting `hypersweep.targets`". */
  readonly diagnostics: readonly Diagnostic[];
}

/** A problem of the setting: there is no text to point into, so the message names the place. */
function settingDiagnostic(d: Diagnostic, settingText: string): Diagnostic {
  const line = settingText.split('\n')[d.range.start.line - 1]?.trim();
  const where = line ? ` (at \`${line}\`)` : '';
  return { severity: d.severity, code: d.code, message: `Setting \`${TARGETS_SETTING}\`${where}: ${d.message}`, range: FILE_START };
}

function loadSetting(settingsJson: unknown, baseDir: string | undefined): { targets: ReadonlyMap<string, TargetDefinition>; diagnostics: Diagnostic[] } {
  if (settingsJson === undefined || settingsJson === null) return { targets: new Map(), diagnostics: [] };
  if (typeof settingsJson !== 'object' || Array.isArray(settingsJson)) {
    return {
      targets: new Map(),
      diagnostics: [{ severity: 'error', code: 'wrong-type', message: `Setting \`${TARGETS_SETTING}\` must be an object of target names to definitions.`, range: FILE_START }],
    };
  }
  if (Object.keys(settingsJson).length === 0) return { targets: new Map(), diagnostics: [] };
  // The setting is validated as the file would be, from its YAML form, so the rules are the same.
  const text = stringify({ targets: settingsJson });
  const result = validateTargets(text, baseDir !== undefined ? { fileDir: baseDir, fileSystem: nodeFileSystem } : {});
  return { targets: result.targets, diagnostics: result.diagnostics.map((d) => settingDiagnostic(d, text)) };
}

/**
 * The targets a sweep can use: the file's, then the setting's (a name in both keeps the file's,
 * so the CLI and VS Code run the same spec on the same machines), then `local`.
 */
export function loadTargets(options: LoadTargetsOptions): LoadedTargets {
  const targets = new Map<string, TargetDefinition>();
  const diagnostics: Diagnostic[] = [];
  if (options.file !== undefined) {
    if (!existsSync(options.file)) {
      diagnostics.push({ severity: 'error', code: 'targets-file-missing', message: `The targets file ${options.file} does not exist.`, range: FILE_START });
    } else {
      let text: string | undefined;
      try {
        text = readFileSync(options.file, 'utf8');
      } catch (error) {
        diagnostics.push({ severity: 'error', code: 'targets-file-missing', message: `The targets file ${options.file} cannot be read: ${error instanceof Error ? error.message : String(error)}`, range: FILE_START });
      }
      if (text !== undefined) {
        const result = validateTargets(text, { fileDir: dirname(resolve(options.file)), fileSystem: nodeFileSystem, filePath: resolve(options.file) });
        diagnostics.push(...result.diagnostics);
        for (const [name, target] of result.targets) targets.set(name, target);
      }
    }
  }
  const setting = loadSetting(options.settingsJson, options.settingsBaseDir);
  diagnostics.push(...setting.diagnostics);
  for (const [name, target] of setting.targets) {
    if (targets.has(name)) {
      diagnostics.push({
        severity: 'warning', code: 'duplicate-target',
        message: `Target \`${name}\` is defined in ${options.file ?? 'the targets file'} and in the setting \`${TARGETS_SETTING}\`; the file's definition is used.`,
        range: FILE_START,
      });
      continue;
    }
    targets.set(name, target);
  }
  if (!targets.has(LOCAL_TARGET_NAME)) targets.set(LOCAL_TARGET_NAME, DEFAULT_LOCAL_TARGET);
  return { targets, diagnostics };
}

function definedNames(targets: ReadonlyMap<string, TargetDefinition>): string {
  const names = [...new Set([LOCAL_TARGET_NAME, ...targets.keys()])];
  return names.map((n) => `\`${n}\``).join(', ');
}

/**
 * The target a sweep runs on. `override` (`--target`, Run Sweep on...) wins and must name a
 * defined target; otherwise `compute:` (`azureml:<name>` or `<name>`) picks one, and a name that is
 * not defined runs locally with a warning that says so.
 */
export function resolveTarget(
  compute: string | undefined,
  targets: ReadonlyMap<string, TargetDefinition>,
  override?: string,
): { target: TargetDefinition; warning?: string } | { error: string } {
  const local = targets.get(LOCAL_TARGET_NAME) ?? DEFAULT_LOCAL_TARGET;
  if (override !== undefined) {
    const name = targetNameOfCompute(override) ?? '';
    const target = targets.get(name) ?? (name === LOCAL_TARGET_NAME ? local : undefined);
    if (target) return { target };
    return { error: `No target named \`${override}\`. Defined targets: ${definedNames(targets)}. To add it, ${howToDefine(name || 'NAME')}.` };
  }
  const name = targetNameOfCompute(compute);
  if (name === undefined || name === LOCAL_TARGET_NAME) return { target: local };
  const target = targets.get(name);
  if (target) return { target };
  return {
    target: local,
    warning: `\`compute: ${compute ?? ''}\` names no defined target, so trials run on this machine (\`local\`). To run them on \`${name}\`, ${howToDefine(name)}.`,
  };
}
