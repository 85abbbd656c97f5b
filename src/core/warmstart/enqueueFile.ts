/**
 * `hypersweep run --enqueue FILE`: configurations to run first, exactly. A `.csv` file has a
 * header row of parameter names and one configuration per row; any other file is JSONL, one
 * `{"parameter": value}` object per line (blank lines and lines starting with `#` are skipped).
 *
 * Every configuration must give every search-space parameter (an enqueued configuration runs
 * exactly as written, so nothing is sampled for it), no other key, and only values the space can
 * produce (configCheck.ts). A nested choice is written as the chosen mapping, the same shape a
 * trial's parameters have in `hypersweep export`: `{"model": {"arch": "mlp", "depth": 2}}`; in CSV,
 * that mapping as JSON in the cell. Problems are reported as `file:line:col: error: message`.
 */
import type { ParamValue, Params, SearchSpace } from '../spec/model';
import { formatParamValue } from '../space/commandValues';
import { paramsKey } from '../space/encoding';
import { setOwn } from '../../shared/nameRecords';
import { checkValue } from './configCheck';
import { readCsvLine } from './csvLine';
import { readJsonLine } from './jsonLine';

export interface EnqueueProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface EnqueuedConfigs {
  readonly configs: readonly Params[];
  readonly problems: readonly EnqueueProblem[];
}

/** `file:line:col: error: message`, the same form as `hypersweep validate`. */
export function formatEnqueueProblem(file: string, problem: EnqueueProblem): string {
  return `${file}:${problem.line}:${problem.column}: error: ${problem.message}`;
}

interface Cell {
  readonly key: string;
  readonly value: ParamValue;
  readonly keyColumn: number;
  readonly valueColumn: number;
}

/** Checks one configuration's cells against the space; returns the configuration when it fits. */
function checkRow(space: SearchSpace, line: number, rowColumn: number, cells: readonly Cell[], problems: EnqueueProblem[]): Params | undefined {
  const before = problems.length;
  const names = space.parameters.map((p) => p.name);
  const params: Record<string, ParamValue> = {};
  for (const cell of cells) {
    const parameter = space.parameters.find((p) => p.name === cell.key);
    if (!parameter) {
      problems.push({ line, column: cell.keyColumn, message: `\`${cell.key}\` is not a search-space parameter; the parameters are ${names.join(', ')}.` });
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(params, cell.key)) {
      problems.push({ line, column: cell.keyColumn, message: `\`${cell.key}\` is given twice; give each parameter once.` });
      continue;
    }
    const why = checkValue(parameter, cell.value);
    if (why !== undefined) problems.push({ line, column: cell.valueColumn, message: why });
    setOwn(params, cell.key, cell.value);
  }
  const missing = names.filter((name) => !Object.prototype.hasOwnProperty.call(params, name));
  if (missing.length > 0) {
    problems.push({
      line, column: rowColumn,
      message: `${missing.map((m) => `\`${m}\``).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: an enqueued configuration runs exactly as written, so it must give every parameter (${names.join(', ')}).`,
    });
  }
  return problems.length === before ? params : undefined;
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

function readJsonl(text: string, space: SearchSpace, problems: EnqueueProblem[]): { params: Params; line: number }[] {
  const rows: { params: Params; line: number }[] = [];
  lines(text).forEach((content, i) => {
    const line = i + 1;
    if (content.trim() === '' || content.trimStart().startsWith('#')) return;
    const read = readJsonLine(content);
    if (!read.ok) {
      problems.push({ line, column: read.column, message: `${read.message}; each line must be one JSON object such as {"lr": 0.01, "units": 32}.` });
      return;
    }
    const cells: Cell[] = [];
    for (const entry of read.entries) {
      const value = toParamValue(entry.value);
      if (value === undefined) {
        problems.push({ line, column: entry.valueColumn, message: `\`${entry.key}\` = ${JSON.stringify(entry.value)}: a value must be a number, string, true/false or (for a nested choice) a mapping.` });
        continue;
      }
      cells.push({ key: entry.key, value, keyColumn: entry.keyColumn, valueColumn: entry.valueColumn });
    }
    const params = checkRow(space, line, content.length - content.trimStart().length + 1, cells, problems);
    if (params) rows.push({ params, line });
  });
  return rows;
}

function toParamValue(value: unknown): ParamValue | undefined {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, ParamValue> = {};
  for (const [key, inner] of Object.entries(value)) {
    const converted = toParamValue(inner);
    if (converted === undefined) return undefined;
    setOwn(out, key, converted);
  }
  return out;
}

/**
 * A CSV cell as the parameter's value: for a choice, the option whose text (as a trial command
 * gets it) is the cell, or a mapping written as JSON; for the other distributions a number.
 */
function csvValue(space: SearchSpace, key: string, text: string): ParamValue {
  const distribution = space.parameters.find((p) => p.name === key)?.distribution;
  if (distribution?.type === 'choice') {
    for (const option of distribution.values) {
      if (typeof option !== 'object' && (formatParamValue(option) === text || String(option) === text)) return option;
    }
    if (text.startsWith('{')) {
      try {
        return toParamValue(JSON.parse(text)) ?? text;
      } catch {
        return text;
      }
    }
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? number : text;
  }
  const number = Number(text);
  return text.trim() !== '' && !Number.isNaN(number) ? number : text;
}

function readCsv(text: string, space: SearchSpace, problems: EnqueueProblem[]): { params: Params; line: number }[] {
  const all = lines(text);
  const headerAt = all.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return [];
  const header = readCsvLine(all[headerAt] ?? '');
  if (!header.ok) {
    problems.push({ line: headerAt + 1, column: header.column, message: header.message });
    return [];
  }
  const rows: { params: Params; line: number }[] = [];
  for (let i = headerAt + 1; i < all.length; i++) {
    const content = all[i] ?? '';
    const line = i + 1;
    if (content.trim() === '') continue;
    const read = readCsvLine(content);
    if (!read.ok) {
      problems.push({ line, column: read.column, message: read.message });
      continue;
    }
    if (read.fields.length !== header.fields.length) {
      problems.push({ line, column: 1, message: `this row has ${read.fields.length} fields, the header ${header.fields.length} (${header.fields.map((f) => f.text).join(', ')}); give one value per column.` });
      continue;
    }
    const cells = read.fields.map((field, c) => {
      const key = header.fields[c]?.text ?? '';
      return { key, value: csvValue(space, key, field.text), keyColumn: field.column, valueColumn: field.column };
    });
    const params = checkRow(space, line, 1, cells, problems);
    if (params) rows.push({ params, line });
  }
  return rows;
}

/** Reads and checks an enqueue file's text; `csv` picks the CSV form (by the file's extension). */
export function readEnqueued(text: string, space: SearchSpace, csv: boolean): EnqueuedConfigs {
  const problems: EnqueueProblem[] = [];
  const rows = csv ? readCsv(text, space, problems) : readJsonl(text, space, problems);
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = paramsKey(row.params);
    const earlier = first.get(key);
    if (earlier !== undefined) problems.push({ line: row.line, column: 1, message: `the same configuration as line ${earlier}; each configuration runs once, remove one of them.` });
    else first.set(key, row.line);
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 1, column: 1, message: 'no configuration found; give one JSON object per line, or a CSV header row and one row per configuration.' });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { configs: rows.map((r) => r.params), problems };
}
