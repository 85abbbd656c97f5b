/**
 * Reads the text of a sweep spec as YAML, keeping every node's position. YAML errors and
 * warnings become `yaml-syntax` diagnostics; the function never throws, whatever the bytes.
 *
 * Azure's CLI reads the file with PyYAML's single-document loader, so a second document with
 * content is an error here too; an empty trailing document (a lone `---`) is only a warning.
 */
import { LineCounter, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from './diagnostics';
import { PositionMapper } from './positions';
import { buildTree, type YamlNode } from './yamlTree';

export interface ParsedYaml {
  /** The first document as a plain tree; absent when the file is empty or unreadable. */
  readonly root?: YamlNode;
  readonly positions: PositionMapper;
  readonly diagnostics: readonly Diagnostic[];
}

function yamlDiagnostics(doc: Document.Parsed, positions: PositionMapper): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (severity: 'error' | 'warning', problem: { message: string; pos: [number, number] }): void => {
    const message = problem.message.split('\n')[0] ?? problem.message;
    found.push({ severity, code: 'yaml-syntax', message: `YAML: ${message}`, range: positions.range(problem.pos[0], problem.pos[1]) });
  };
  for (const error of doc.errors) add('error', error);
  for (const warning of doc.warnings) add('warning', warning);
  return found;
}

/** Parses `text`; every problem found is a diagnostic. */
export function parseSpecYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const positions = new PositionMapper(lineCounter, text.length);
  let docs: Document.Parsed[];
  try {
    // Repeated keys are found by buildTree (see TreeResult.duplicateKeys): the package's check is quadratic.
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The yaml composer recurses; absurdly nested flow collections can exhaust the stack.
    const reason = error instanceof RangeError ? 'it is nested too deeply' : String(error);
    return {
      positions,
      diagnostics: [{ severity: 'error', code: 'too-deep', message: `The file cannot be read as YAML: ${reason}.`, range: positions.range(0, 0) }],
    };
  }

  const first = docs[0];
  if (!first || (first.contents === null && first.errors.length === 0)) {
    return {
      positions,
      diagnostics: [{
        severity: 'error',
        code: 'empty-file',
        message: 'The file is empty; a sweep spec needs at least `type: sweep`, `trial`, `search_space`, `objective` and `sampling_algorithm`.',
        range: positions.range(0, 0),
      }],
    };
  }

  const diagnostics = yamlDiagnostics(first, positions);
  for (const extra of docs.slice(1)) {
    for (const diagnostic of yamlDiagnostics(extra, positions)) diagnostics.push(diagnostic);
    const start = extra.range[0];
    const contents = extra.contents;
    const hasContent = contents !== null && !(isScalar(contents) && contents.value === null);
    diagnostics.push({
      severity: hasContent ? 'error' : 'warning',
      code: 'multiple-documents',
      message: hasContent
        ? 'Only one YAML document is allowed in a sweep spec (the Azure ML CLI refuses more); move this document to its own file.'
        : 'An empty YAML document follows the spec; remove the extra `---`.',
      range: positions.range(start, Math.max(start, extra.range[1])),
    });
  }

  const tree = buildTree(first, text);
  for (const span of tree.duplicateKeys) {
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: 'YAML: Map keys must be unique', range: positions.range(span.start, span.end) });
  }
  for (const problem of tree.problems) {
    diagnostics.push({ severity: 'error', code: problem.code, message: problem.message, range: positions.range(problem.span.start, problem.span.end) });
  }
  return tree.root ? { root: tree.root, positions, diagnostics } : { positions, diagnostics };
}
