/**
 * Placeholder rules of decisions.md: every `${{search_space.X}}`, `${{inputs.X}}` and
 * `${{outputs.X}}` must name something (an input inside an optional `[...]` group may be absent),
 * every search-space key should be used, and the deprecated single-brace form gets a warning
 * with a rewrite. Placeholders where no quoting keeps a value literal are refused
 * (`commandShapeChecks.ts`).
 */
import type { DiagnosticFix } from './diagnostics';
import type { SpecContext } from './context';
import { commandSpanMapper } from './commandPositions';
import { checkCommandShape } from './commandShapeChecks';
import { findPlaceholders, type Placeholder } from './placeholders';
import { nearest } from './suggest';
import type { YamlEntry, YamlMap, YamlScalar } from './yamlTree';

export interface DeclaredNames {
  readonly search_space: readonly YamlEntry[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

const WHAT: Record<Placeholder['kind'], string> = { search_space: 'search-space key', inputs: 'input', outputs: 'output' };

function removeEntryFix(ctx: SpecContext, map: YamlMap, entry: YamlEntry): DiagnosticFix | undefined {
  if (map.flow) return undefined;
  const start = ctx.positions.lineStart(entry.keySpan.start);
  if (!/^[ ]*$/.test(ctx.text.slice(start, entry.keySpan.start))) return undefined;
  const newline = ctx.text.indexOf('\n', Math.max(entry.value.span.end - 1, entry.keySpan.end));
  const end = newline < 0 ? ctx.text.length : newline + 1;
  return { title: `Remove \`${entry.key}\``, edits: [{ range: ctx.positions.range(start, end), newText: '' }] };
}

/** Reports placeholder problems of `trial.command`. */
export function checkPlaceholders(ctx: SpecContext, command: YamlScalar, declared: DeclaredNames, searchSpaceMap: YamlMap | undefined): void {
  const value = typeof command.value === 'string' ? command.value : '';
  const toFile = commandSpanMapper(ctx.text, command);
  const placeholders = findPlaceholders(value);
  const names: Record<Placeholder['kind'], readonly string[]> = {
    search_space: declared.search_space.map((e) => e.key),
    inputs: declared.inputs,
    outputs: declared.outputs,
  };
  const used = new Set<string>();
  for (const p of placeholders) {
    const exact = toFile(p.start, p.end);
    const span = exact ?? command.span;
    const written = value.slice(p.start, p.end);
    if (p.kind === 'search_space') used.add(p.name);
    if (!names[p.kind].includes(p.name) && !(p.kind === 'inputs' && p.optional)) {
      const suggestion = nearest(p.name, names[p.kind]);
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
      const fix = suggestion && exact ? ctx.replaceFix(`Replace with \`\${{${p.kind}.${suggestion}}}\``, exact, `\${{${p.kind}.${suggestion}}}`) : undefined;
      ctx.report('error', 'unknown-placeholder', `\`${written}\` names no ${WHAT[p.kind]} \`${p.name}\`.${hint}`, span, fix);
      continue;
    }
    if (p.legacy) {
      const modern = `\${{${p.kind}.${p.name}}}`;
      const fix = exact ? ctx.replaceFix(`Rewrite as \`${modern}\``, exact, modern) : undefined;
      ctx.report('warning', 'legacy-placeholder', `\`${written}\` is the deprecated single-brace form; write \`${modern}\`.`, span, fix);
    }
  }
  checkCommandShape(ctx, command, placeholders, toFile);
  for (const entry of declared.search_space) {
    if (used.has(entry.key)) continue;
    const fix = searchSpaceMap ? removeEntryFix(ctx, searchSpaceMap, entry) : undefined;
    ctx.report('warning', 'unused-parameter',
      `Search-space key \`${entry.key}\` is never used in \`trial.command\`; it is still sampled, and the trial can read it from \`AZUREML_SWEEP_${entry.key}\`.`,
      entry.keySpan, fix);
  }
}
