/**
 * A small, plain tree of the YAML document (mappings, sequences, scalars) with the source
 * offsets of every node and key. Validation walks this tree instead of the yaml package's own
 * nodes so that the guards against hostile input live in one place: aliases are resolved here
 * with a budget (a "billion laughs" file cannot explode), and nesting deeper than
 * MAX_NESTING_DEPTH stops the conversion with a `too-deep` error instead of a stack overflow.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlLibNode } from 'yaml';
import { resolveAliases } from './anchorIndex';

/** Deepest collection nesting a spec may have; real specs use fewer than 20 levels. */
export const MAX_NESTING_DEPTH = 64;
/** How many alias dereferences one document may make before it is refused. */
export const MAX_ALIAS_EXPANSIONS = 10_000;
/**
 * How many nodes aliases may add to the tree in all: a few aliases of a big anchor expand as much
 * as many aliases of a small one (a 36 KB file once expanded to 8 million nodes and 1.2 GB).
 */
export const MAX_ALIAS_NODES = 100_000;

/** Source offsets of a node: [start, end) into the document text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'block-literal' | 'block-folded';

export interface YamlScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly style: ScalarStyle;
  readonly span: Span;
  /** The scalar exactly as written in the file (quotes and block headers included). */
  readonly source: string;
}

export interface YamlEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: YamlNode;
}

export interface YamlMap {
  readonly kind: 'map';
  readonly entries: readonly YamlEntry[];
  readonly flow: boolean;
  readonly span: Span;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly flow: boolean;
  readonly span: Span;
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq;

/** Why a document could not be turned into a tree. */
export interface TreeProblem {
  readonly code: 'too-deep' | 'too-many-aliases' | 'complex-key';
  readonly message: string;
  readonly span: Span;
}

export interface TreeResult {
  readonly root?: YamlNode;
  readonly problems: readonly TreeProblem[];
  /**
   * Where a mapping repeats a key (the repeat's key). The yaml package's own check compares each
   * key with every earlier one (50,000 keys took 30 s), so the file is parsed without it and the
   * repeats are found here with a set per mapping.
   */
  readonly duplicateKeys: readonly Span[];
}

class TreeAbort extends Error {
  constructor(readonly problem: TreeProblem) {
    super(problem.message);
  }
}

function spanOf(node: YamlLibNode | null | undefined, fallback: Span): Span {
  const range = node?.range;
  if (!range) return fallback;
  return { start: range[0], end: range[1] };
}

function styleOf(type: string | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE': return 'single-quoted';
    case 'QUOTE_DOUBLE': return 'double-quoted';
    case 'BLOCK_LITERAL': return 'block-literal';
    case 'BLOCK_FOLDED': return 'block-folded';
    default: return 'plain';
  }
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  // Tagged values of other types (e.g. a timestamp under a custom tag) are kept as text.
  return String(value);
}

/**
 * Converts a parsed document into the plain tree. Never throws: depth and alias limits, and
 * mappings used as keys, come back as problems.
 */
export function buildTree(doc: Document.Parsed, text: string): TreeResult {
  let aliasBudget = MAX_ALIAS_EXPANSIONS;
  let aliasNodeBudget = MAX_ALIAS_NODES;
  const duplicateKeys: Span[] = [];
  const aliasTargets = resolveAliases(doc);
  // Block collections end after their last line break; diagnostics should end on the last value.
  const trimmed = (span: Span): Span => {
    let end = span.end;
    while (end > span.start && /\s/.test(text[end - 1] ?? '')) end -= 1;
    return { start: span.start, end };
  };

  /** `inAlias`: where the outermost alias this node is copied through is used (undefined: written out). */
  const convert = (node: YamlLibNode | null | undefined, depth: number, fallback: Span, inAlias?: Span): YamlNode => {
    let current: unknown = node;
    let span = spanOf(node, fallback);
    const aliasUse = inAlias ?? (isAlias(current) ? span : undefined);
    if (aliasUse !== undefined) {
      aliasNodeBudget -= 1;
      if (aliasNodeBudget < 0) {
        throw new TreeAbort({
          code: 'too-many-aliases',
          message: `Aliases in the document expand to more than ${MAX_ALIAS_NODES} values; write the values out instead of repeating a large anchor.`,
          span: aliasUse,
        });
      }
    }
    if (isAlias(current)) {
      aliasBudget -= 1;
      if (aliasBudget < 0) {
        throw new TreeAbort({
          code: 'too-many-aliases',
          message: `The document expands more than ${MAX_ALIAS_EXPANSIONS} aliases; write the values out instead of nesting aliases.`,
          span,
        });
      }
      // The alias keeps its own position so diagnostics point at where it is used.
      current = aliasTargets.get(current);
    }
    if (depth > MAX_NESTING_DEPTH) {
      throw new TreeAbort({
        code: 'too-deep',
        message: `The document nests deeper than ${MAX_NESTING_DEPTH} levels; flatten the search space or nested choices.`,
        span,
      });
    }
    if (isMap(current)) {
      if (!isAlias(node)) span = spanOf(current, fallback);
      const entries: YamlEntry[] = [];
      // A mapping copied through an alias had its repeats reported where it is written.
      const seenKeys = aliasUse === undefined ? new Set<string>() : undefined;
      for (const pair of current.items) {
        const keyNode = pair.key as YamlLibNode | null;
        const keySpan = spanOf(keyNode, span);
        let key: string;
        if (keyNode === null || keyNode === undefined) key = '';
        else if (isScalar(keyNode)) {
          key = String(scalarValue(keyNode.value) ?? '');
          // The yaml package's rule: scalar keys are the same when their values are (1 and "1" differ).
          const identity = `${typeof keyNode.value}:${String(keyNode.value)}`;
          if (seenKeys?.has(identity)) duplicateKeys.push({ start: keySpan.start, end: keySpan.start + 1 });
          seenKeys?.add(identity);
        } else if (isAlias(keyNode)) key = String(keyNode.source);
        else {
          throw new TreeAbort({ code: 'complex-key', message: 'A mapping or list cannot be used as a key; use a plain name.', span: keySpan });
        }
        const valueFallback = { start: keySpan.end, end: keySpan.end };
        entries.push({ key, keySpan, value: convert(pair.value as YamlLibNode | null, depth + 1, valueFallback, aliasUse) });
      }
      return { kind: 'map', entries, flow: current.flow === true, span: trimmed(span) };
    }
    if (isSeq(current)) {
      if (!isAlias(node)) span = spanOf(current, fallback);
      const items = current.items.map((item) => convert(item as YamlLibNode | null, depth + 1, span, aliasUse));
      return { kind: 'seq', items, flow: current.flow === true, span: trimmed(span) };
    }
    if (isScalar(current)) {
      const own = isAlias(node) ? span : spanOf(current, fallback);
      return {
        kind: 'scalar',
        value: scalarValue(current.value),
        style: styleOf(current.type),
        span: own,
        source: text.slice(own.start, own.end),
      };
    }
    // An empty value (`key:` with nothing after it) is a null scalar at the end of the key.
    return { kind: 'scalar', value: null, style: 'plain', span, source: '' };
  };

  try {
    const contents = doc.contents as YamlLibNode | null;
    if (contents === null) return { problems: [], duplicateKeys };
    return { root: convert(contents, 0, { start: 0, end: 0 }), problems: [], duplicateKeys };
  } catch (error) {
    if (error instanceof TreeAbort) return { problems: [error.problem], duplicateKeys };
    if (error instanceof RangeError) {
      return { problems: [{ code: 'too-deep', message: 'The document is nested too deeply to read.', span: { start: 0, end: 0 } }], duplicateKeys };
    }
    throw error;
  }
}

