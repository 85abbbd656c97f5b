/**
 * Renders `trial.command` for one trial: substitutes `${{search_space.X}}`, `${{inputs.X}}` and
 * `${{outputs.X}}` (and their legacy single-brace forms), drops optional `[...]` arguments whose
 * input is absent, and decides how to execute the result safely (see `commandTemplate.ts`).
 * Pure: no file system or process access.
 */
import type { Input, Params } from '../spec/model';
import { findOptionalGroups, findPlaceholders } from '../spec/placeholders';
import type { Placeholder } from '../spec/placeholders';
import { CommandTemplateError, planCommand } from './commandTemplate';
import type { CommandSegment } from './commandTemplate';
import { formatLiteralInput, formatParamValue, inputText } from './commandValues';
import { ownValue } from '../../shared/nameRecords';

export { CommandTemplateError } from './commandTemplate';

export interface RenderRequest {
  /** `trial.command` as written in the spec. */
  readonly command: string;
  /** The trial's search-space values. */
  readonly params: Params;
  /** The spec's inputs. */
  readonly inputs: Readonly<Record<string, Input>>;
  /** The local path of each output for this trial. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Absolute folder of the spec file; local data-input paths are resolved against it. */
  readonly specDir: string;
}

export interface RenderedCommand {
  /** The program and its arguments; `['sh', '-c', script]` when the command needs a shell. */
  readonly argv: string[];
  /** True when argv runs a shell script. */
  readonly shell: boolean;
  /** `AZUREML_SWEEP_<name>` for every search-space value, `AZUREML_PARAMETER_<name>` for literal inputs. */
  readonly env: Record<string, string>;
}

/** The text a placeholder stands for, or `undefined` when its input or output is absent. */
function placeholderText(placeholder: Placeholder, request: RenderRequest): string | undefined {
  const { name } = placeholder;
  switch (placeholder.kind) {
    case 'search_space': {
      const value = ownValue(request.params, name);
      return value === undefined ? undefined : formatParamValue(value);
    }
    case 'inputs': {
      const input = ownValue(request.inputs, name);
      return input === undefined ? undefined : inputText(input, request.specDir);
    }
    case 'outputs':
      return ownValue(request.outputs, name);
  }
}

function missingMessage(placeholder: Placeholder): string {
  const written = `\${{${placeholder.kind}.${placeholder.name}}}`;
  switch (placeholder.kind) {
    case 'search_space':
      return `trial.command uses ${written}, but the trial has no search-space value '${placeholder.name}'; add it to search_space or fix the name.`;
    case 'inputs':
      return `trial.command uses ${written}, but there is no input '${placeholder.name}' with a value; define it under inputs, or wrap the argument in [ ] to make it optional.`;
    case 'outputs':
      return `trial.command uses ${written}, but no path was given for output '${placeholder.name}'; define it under outputs.`;
  }
}

/** The command cut into literal text and values, with optional groups resolved. */
function segmentsOf(request: RenderRequest): CommandSegment[] {
  // A trailing newline (YAML block scalars) is not a second command.
  const command = request.command.trimEnd();
  const placeholders = findPlaceholders(command);
  const dropped: { start: number; end: number }[] = [];
  for (const group of findOptionalGroups(command)) {
    const absent = group.placeholders.some((p) => p.kind === 'inputs' && placeholderText(p, request) === undefined);
    if (absent) dropped.push({ start: group.start, end: group.end });
    else dropped.push({ start: group.start, end: group.start + 1 }, { start: group.end - 1, end: group.end });
  }
  const isDropped = (start: number, end: number): boolean => dropped.some((d) => start >= d.start && end <= d.end);

  const segments: CommandSegment[] = [];
  let position = 0;
  const pushText = (start: number, end: number): void => {
    let text = '';
    for (let i = start; i < end; i++) if (!isDropped(i, i + 1)) text += command.charAt(i);
    if (text !== '') segments.push({ text });
  };
  for (const placeholder of placeholders) {
    pushText(position, placeholder.start);
    position = placeholder.end;
    if (isDropped(placeholder.start, placeholder.end)) continue;
    const text = placeholderText(placeholder, request);
    if (text === undefined) throw new CommandTemplateError(missingMessage(placeholder));
    segments.push({ value: text });
  }
  pushText(position, command.length);
  return segments;
}

/** Environment variables that carry the trial's values, as Azure ML sets them. */
function valueEnvironment(request: RenderRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params)) env[`AZUREML_SWEEP_${name}`] = formatParamValue(value);
  for (const [name, input] of Object.entries(request.inputs)) {
    if (input.kind === 'literal') env[`AZUREML_PARAMETER_${name}`] = formatLiteralInput(input.value);
  }
  return env;
}

/**
 * The command line and environment of one trial. Throws `CommandTemplateError` (with what to
 * change) for a placeholder without a value, unbalanced quotes, or a placeholder in a place where
 * it cannot be quoted safely.
 */
export function renderTrialCommand(request: RenderRequest): RenderedCommand {
  const plan = planCommand(segmentsOf(request));
  const env = valueEnvironment(request);
  if (plan.shell) return { argv: ['sh', '-c', plan.script], shell: true, env };
  return { argv: plan.words, shell: false, env };
}
