/**
 * The state one validation run shares: the text, its position mapper and the diagnostics found
 * so far, with small helpers that build diagnostic records from node spans.
 */
import type { Diagnostic, DiagnosticFix, Severity, SourceRange } from './diagnostics';
import type { PositionMapper } from './positions';
import type { Span, YamlNode } from './yamlTree';

export class SpecContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly text: string,
    readonly positions: PositionMapper,
  ) {}

  range(span: Span): SourceRange {
    return this.positions.range(span.start, span.end);
  }

  report(severity: Severity, code: string, message: string, span: Span, fix?: DiagnosticFix): void {
    const range = this.range(span);
    this.diagnostics.push(fix ? { severity, code, message, range, fix } : { severity, code, message, range });
  }

  /** A fix that replaces the text of `span` with `newText`. */
  replaceFix(title: string, span: Span, newText: string): DiagnosticFix {
    return { title, edits: [{ range: this.range(span), newText }] };
  }
}

/** How a value is named in "got ..." parts of messages: `string "ten"`, `number 1.5`, `a mapping`. */
export function describeValue(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const value = node.value;
  if (value === null) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number') return `number ${String(value)}`;
  return `boolean ${String(value)}`;
}

/** The number a node holds: a finite YAML number, or for integer keys a decimal string (`"10"`). */
export function numberOf(node: YamlNode | undefined, allowNumericString = false): number | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
  if (allowNumericString && typeof node.value === 'string' && /^[+-]?\d+$/.test(node.value.trim())) {
    const parsed = Number(node.value.trim());
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** The string a scalar holds, or undefined. */
export function stringOf(node: YamlNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
