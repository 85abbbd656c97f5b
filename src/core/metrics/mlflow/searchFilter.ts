/**
 * The part of MLflow's search syntax a script inside a trial plausibly uses with `search_runs` /
 * `search_experiments`: clauses joined by `AND`, each `<entity>.<key> <comparator> <value>`.
 * Entities: `metrics`, `params`, `tags`, `attributes` (and MLflow's singular/short aliases);
 * comparators: `= != < <= > >=` for numbers, `= != LIKE ILIKE IN (..) NOT IN (..)` for strings;
 * keys may be quoted with backticks or double quotes (`metrics."val/acc"`). Anything else (`OR`,
 * parentheses) is refused with `INVALID_PARAMETER_VALUE` rather than silently ignored.
 */
import { MlflowError } from './errors';
import type { ExperimentRecord, RunRecord } from './store';

type Entity = 'metric' | 'param' | 'tag' | 'attribute';
type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

/** One parsed `entity.key comparator value` clause. */
export interface FilterClause {
  readonly entity: Entity;
  readonly key: string;
  readonly comparator: Comparator;
  readonly value: number | string | readonly string[];
}

const ENTITY_ALIASES: Readonly<Record<string, Entity>> = {
  metrics: 'metric', metric: 'metric',
  params: 'param', param: 'param', parameters: 'param', parameter: 'param',
  tags: 'tag', tag: 'tag',
  attributes: 'attribute', attribute: 'attribute', attr: 'attribute', run: 'attribute', experiment: 'attribute',
};

// One token at a time: identifier (with optional quoted key), comparator, quoted string, number,
// parenthesised list, or the AND keyword.
const TOKEN = new RegExp(
  [
    String.raw`(?<identifier>[A-Za-z_]+\.(?:\x60[^\x60]+\x60|"[^"]+"|[\w./:-]+)|[A-Za-z_]\w*)`,
    String.raw`(?<comparator><=|>=|!=|=|<|>)`,
    String.raw`(?<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`,
    String.raw`(?<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`,
    String.raw`(?<list>\((?:\s*(?:'[^']*'|"[^"]*")\s*,?)*\s*\))`,
  ].join('|'),
  'y',
);

function unquote(text: string): string {
  const inner = text.slice(1, -1);
  return inner.replace(/\\(.)/g, '$1');
}

function unsupported(filter: string, detail: string): MlflowError {
  return new MlflowError(
    'INVALID_PARAMETER_VALUE',
    `Unsupported search filter ${JSON.stringify(filter)}: ${detail}. HyperSweep's tracking endpoint accepts clauses like "metrics.acc > 0.9 AND params.lr = '0.1'" joined by AND.`,
  );
}

/** Parses a filter string; an empty or blank string means "everything". */
export function parseFilter(filter: string | undefined): FilterClause[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens: { kind: string; text: string }[] = [];
  let position = 0;
  while (position < filter.length) {
    const space = /\s+/y;
    space.lastIndex = position;
    if (space.test(filter)) position = space.lastIndex;
    if (position >= filter.length) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(filter);
    const groups = match?.groups;
    const kind = groups ? Object.keys(groups).find((name) => groups[name] !== undefined) : undefined;
    if (!match || kind === undefined) throw unsupported(filter, `cannot read from ${JSON.stringify(filter.slice(position, position + 20))}`);
    tokens.push({ kind, text: match[0] });
    position = TOKEN.lastIndex;
  }

  const clauses: FilterClause[] = [];
  let index = 0;
  const next = (): { kind: string; text: string } | undefined => tokens[index++];
  const peek = (): { kind: string; text: string } | undefined => tokens[index];
  while (index < tokens.length) {
    if (clauses.length > 0) {
      const and = next();
      if (and?.kind !== 'identifier' || and.text.toUpperCase() !== 'AND') throw unsupported(filter, `expected AND, found ${JSON.stringify(and?.text ?? '')}`);
    }
    const identifier = next();
    if (identifier?.kind !== 'identifier') throw unsupported(filter, 'expected an identifier such as metrics.acc');
    const { entity, key } = parseIdentifier(filter, identifier.text);
    const comparator = readComparator(filter, next, peek);
    const valueToken = next();
    if (!valueToken) throw unsupported(filter, `missing value after ${comparator}`);
    clauses.push({ entity, key, comparator, value: readValue(filter, entity, comparator, valueToken) });
  }
  return clauses;
}

function parseIdentifier(filter: string, text: string): { entity: Entity; key: string } {
  const dot = text.indexOf('.');
  if (dot < 0) return { entity: 'attribute', key: text };
  const entity = ENTITY_ALIASES[text.slice(0, dot).toLowerCase()];
  if (!entity) throw unsupported(filter, `unknown entity in ${JSON.stringify(text)}`);
  const rawKey = text.slice(dot + 1);
  const key = /^[`"]/.test(rawKey) ? rawKey.slice(1, -1) : rawKey;
  return { entity, key };
}

function readComparator(
  filter: string,
  next: () => { kind: string; text: string } | undefined,
  peek: () => { kind: string; text: string } | undefined,
): Comparator {
  const token = next();
  if (token?.kind === 'comparator') return token.text as Comparator;
  const word = token?.kind === 'identifier' ? token.text.toUpperCase() : '';
  if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
  if (word === 'NOT' && peek()?.text.toUpperCase() === 'IN') {
    next();
    return 'NOT IN';
  }
  throw unsupported(filter, `expected a comparator, found ${JSON.stringify(token?.text ?? '')}`);
}

function readValue(filter: string, entity: Entity, comparator: Comparator, token: { kind: string; text: string }): FilterClause['value'] {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (token.kind !== 'list') throw unsupported(filter, `${comparator} needs a list like ('a', 'b')`);
    return [...token.text.matchAll(/'([^']*)'|"([^"]*)"/g)].map((item) => item[1] ?? item[2] ?? '');
  }
  if (token.kind === 'number') {
    if (entity === 'param' || entity === 'tag') throw unsupported(filter, `${entity} values are strings; quote ${token.text}`);
    return Number(token.text);
  }
  if (token.kind === 'string') {
    if (entity === 'metric') throw unsupported(filter, `metric values are numbers; remove the quotes around ${token.text}`);
    return unquote(token.text);
  }
  throw unsupported(filter, `unexpected value ${JSON.stringify(token.text)}`);
}

function likeToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = [...pattern].map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

/** Whether an actual value (undefined when the run lacks it) satisfies one clause. */
function compare(actual: number | string | undefined, clause: FilterClause): boolean {
  if (actual === undefined) return false;
  const { comparator, value } = clause;
  if (Array.isArray(value)) return comparator === 'IN' ? value.includes(String(actual)) : !value.includes(String(actual));
  if (comparator === 'LIKE' || comparator === 'ILIKE') return likeToRegExp(String(value), comparator === 'ILIKE').test(String(actual));
  const left = typeof value === 'number' ? Number(actual) : String(actual);
  switch (comparator) {
    case '=': return left === value;
    case '!=': return left !== value;
    case '<': return left < value;
    case '<=': return left <= value;
    case '>': return left > value;
    case '>=': return left >= value;
    default: return false;
  }
}

/** The value a run has for an identifier, as search compares and sorts it. */
export function runValue(run: RunRecord, entity: Entity, key: string): number | string | undefined {
  switch (entity) {
    case 'metric': return run.latestMetrics.get(key)?.value;
    case 'param': return run.params.get(key);
    case 'tag': return run.tags.get(key);
    case 'attribute':
      switch (key) {
        case 'run_id': case 'run_uuid': return run.runId;
        case 'run_name': return run.runName;
        case 'status': return run.status;
        case 'user_id': return run.userId;
        case 'artifact_uri': return run.artifactUri;
        case 'start_time': return run.startTime;
        case 'end_time': return run.endTime;
        case 'lifecycle_stage': return run.lifecycleStage;
        default: return undefined;
      }
  }
}

function experimentValue(experiment: ExperimentRecord, entity: Entity, key: string): number | string | undefined {
  if (entity === 'tag') return experiment.tags.get(key);
  if (entity !== 'attribute') return undefined;
  switch (key) {
    case 'name': return experiment.name;
    case 'experiment_id': return experiment.experimentId;
    case 'creation_time': return experiment.creationTime;
    case 'last_update_time': return experiment.lastUpdateTime;
    default: return undefined;
  }
}

/** Whether a run satisfies every clause. */
export function runMatches(run: RunRecord, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => compare(runValue(run, clause.entity, clause.key), clause));
}

/** Whether an experiment satisfies every clause. */
export function experimentMatches(experiment: ExperimentRecord, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => compare(experimentValue(experiment, clause.entity, clause.key), clause));
}

/**
 * Sorts runs by MLflow `order_by` terms (`metrics.acc DESC`, `attributes.start_time`, ...); runs
 * lacking a value sort last. Without terms: newest start first, then run id, as MLflow does.
 */
export function sortRuns(runs: RunRecord[], orderBy: readonly string[]): RunRecord[] {
  const terms = orderBy.map((term) => {
    const match = /^\s*(\S+?)\s*(?:\s(ASC|DESC))?\s*$/i.exec(term);
    if (!match?.[1]) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid order_by clause '${term}'. Write e.g. "metrics.acc DESC".`);
    const { entity, key } = parseIdentifier(term, match[1]);
    return { entity, key, descending: match[2]?.toUpperCase() === 'DESC' };
  });
  terms.push({ entity: 'attribute', key: 'start_time', descending: true }, { entity: 'attribute', key: 'run_id', descending: false });
  return [...runs].sort((a, b) => {
    for (const term of terms) {
      const left = runValue(a, term.entity, term.key);
      const right = runValue(b, term.entity, term.key);
      if (left === right) continue;
      if (left === undefined) return 1;
      if (right === undefined) return -1;
      const order = left < right ? -1 : left > right ? 1 : 0;
      if (order !== 0) return term.descending ? -order : order;
    }
    return 0;
  });
}
