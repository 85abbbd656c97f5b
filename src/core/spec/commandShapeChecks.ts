/**
 * Runs `trial.command` through the same planner the runner uses (with a stand-in for every value)
 * so a command the runner would refuse is reported by `validate` and in the editor, at the
 * placeholder that cannot be placed safely (e.g. inside the script of `sh -c`), with how to fix it.
 * A spec that validates cleanly therefore never fails at run time on its command's shape.
 */
import { CommandTemplateError, planCommand, type CommandSegment } from '../space/commandTemplate';
import type { SpecContext } from './context';
import { findOptionalGroups, type Placeholder } from './placeholders';
import type { Span, YamlScalar } from './yamlTree';

/** The command as the runner cuts it: optional brackets unwrapped (inputs present), values stand-ins. */
function segmentsOf(command: string, placeholders: readonly Placeholder[]): CommandSegment[] {
  const bracketOffsets = new Set(findOptionalGroups(command).flatMap((g) => [g.start, g.end - 1]));
  const segments: CommandSegment[] = [];
  const pushText = (start: number, end: number): void => {
    let text = '';
    for (let i = start; i < end; i++) if (!bracketOffsets.has(i)) text += command.charAt(i);
    if (text !== '') segments.push({ text });
  };
  let position = 0;
  for (const placeholder of placeholders) {
    pushText(position, placeholder.start);
    segments.push({ value: 'value' });
    position = placeholder.end;
  }
  pushText(position, command.length);
  return segments;
}

/**
 * Reports a command shape the runner refuses (`unsafe-placeholder` at the placeholder, or
 * `command-syntax` on the command for unbalanced quotes and the like).
 */
export function checkCommandShape(
  ctx: SpecContext,
  command: YamlScalar,
  placeholders: readonly Placeholder[],
  toFile: (start: number, end: number) => Span | undefined,
): void {
  // The runner drops a trailing newline (block scalars) the same way.
  const value = (typeof command.value === 'string' ? command.value : '').trimEnd();
  if (value.trim() === '') return; // an empty command is reported where the command is required
  try {
    planCommand(segmentsOf(value, placeholders.filter((p) => p.end <= value.length)));
  } catch (error) {
    if (!(error instanceof CommandTemplateError)) throw error;
    const placeholder = error.valueIndex === undefined ? undefined : placeholders[error.valueIndex];
    if (placeholder === undefined) {
      ctx.report('error', 'command-syntax', error.message, command.span);
      return;
    }
    ctx.report('error', 'unsafe-placeholder', error.message, toFile(placeholder.start, placeholder.end) ?? command.span);
  }
}
