/**
 * Recognises metric reports in lines a trial prints.
 *
 * The default pattern accepts, anywhere in a line and several per line:
 * - `name=value` (Katib's default form; spaces around `=` allowed), e.g. `loss=0.3 acc=0.9`,
 *   `Namespace(lr=0.01, epochs=10)`, PyTorch Lightning's `[..., train_loss=0.123, val_acc=0.968]`;
 * - `name: value` with at least one space after the colon, e.g. `accuracy: 0.93`, Keras's
 *   `- loss: 0.2950 - val_accuracy: 0.9582`, Python logging's `INFO:root:accuracy: 0.93`;
 * - a quoted name, as in a printed dict or JSON, e.g. HuggingFace's `{'eval_loss': 0.35}` or
 *   `{"loss":0.3}` (here the space after the colon is optional).
 * A name starts with a (Unicode) letter or `_` and continues with letters, combining marks (a
 * decomposed `é`, kept as printed), digits, `_`, `.`, `/`, `-` (`val/acc`, `test-multi_logloss`).
 * A name holding an invisible or direction-changing format character (zero-width space U+200B,
 * right-to-left override U+202E, any Unicode `Cf`) is refused, not recorded: two names that look
 * the same must not be two series, nor a name display backwards; the parser reports the refusal
 * once per name (`onRefusedName`), so the user is told. It must start the line or follow whitespace or one of
 * `, ; | ( [ { :`, so `--lr=0.1` in a printed command line is not a report. A value is a whole
 * number token (see {@link parseMetricNumber}) followed by the end of the line, whitespace or one of
 * `, ; | ) ] }` (a single sentence-ending `.` is allowed before those), so `lr=abc`, `time=3s`,
 * `Accuracy: 9893/10000` and `Epoch 3/10` are not reports.
 * Why the colon needs a space: without it `localhost:8080` and `12:30:05` would look like metrics.
 * XGBoost's `eval-rmse:0.61` form therefore needs a custom pattern.
 *
 * Step: a printed line carries no step, so each report's step is the number of earlier reports of
 * the same name through this parser (0-based). `epoch=3` on a line is simply a metric named
 * `epoch`; it does not set the step of its neighbours (one rule, no guessing which token is a step).
 */
import { parseMetricNumber } from './metricValue';

/** One metric found in a line. */
export interface ParsedMetric {
  readonly name: string;
  readonly value: number;
  /** Count of earlier reports of `name` through the same parser (0-based). */
  readonly step: number;
}

/** A stateful parser for one trial's output (it counts reports per name for the step). */
export interface MetricLineParser {
  /** The regular expression source in use. */
  readonly pattern: string;
  /** The metrics a line reports, in the order they appear; empty when none. */
  parse(line: string): ParsedMetric[];
}

/** A custom metric pattern that cannot be used; the message says what to change. */
export class MetricPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricPatternError';
  }
}

const NAME = String.raw`(?<=^|[\s,;|(\[{:])(?<quote>['"]?)(?<name>[\p{L}\p{Cf}_][\p{L}\p{M}\p{N}\p{Cf}_./-]*)\k<quote>`;
const ASSIGN = String.raw`(?:\s*=\s*|\s*:\s+|(?<=['"]):\s*)`;
const VALUE = String.raw`(?<value>[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|nan|inf(?:inity)?))`;
const VALUE_END = String.raw`(?=\.?(?:$|[\s,;|)\]}]))`;

/**
 * The default pattern's source, compiled with flags `giu`: case-insensitive so `NaN`, `INF`, `1E-3`
 * match, Unicode so names may use any letters (`précision=0.9`).
 */
export const DEFAULT_METRIC_PATTERN = NAME + ASSIGN + VALUE + VALUE_END;

const EXAMPLE = String.raw`(?<name>\w+)=(?<value>\S+)`;

/**
 * Compiles a custom metric pattern: a JavaScript regular expression source with named groups
 * `name` and `value`, matched globally over each line. Throws {@link MetricPatternError} with a
 * message fit to show the user when the pattern is empty, invalid, or lacks a group.
 */
export function compileMetricPattern(pattern: string): RegExp {
  if (pattern.trim() === '') {
    throw new MetricPatternError(`The metric pattern is empty. Write a regular expression with named groups "name" and "value", e.g. ${EXAMPLE}`);
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'g');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MetricPatternError(`The metric pattern ${JSON.stringify(pattern)} is not a valid JavaScript regular expression (${reason}). Fix the syntax, e.g. ${EXAMPLE}`);
  }
  for (const group of ['name', 'value']) {
    if (!pattern.includes(`(?<${group}>`)) {
      throw new MetricPatternError(
        `The metric pattern ${JSON.stringify(pattern)} has no named group "${group}". Capture the metric name with (?<name>...) and its number with (?<value>...); for one fixed metric write the name literally inside the group, e.g. (?<name>accuracy) is (?<value>\\S+)`,
      );
    }
  }
  return compiled;
}

/** Invisible and direction-changing characters (Unicode category Cf). */
const FORMAT_CHARACTER = /\p{Cf}/u;

const FORMAT_NAMES: ReadonlyMap<number, string> = new Map([
  [0x200b, 'ZERO WIDTH SPACE'], [0x200c, 'ZERO WIDTH NON-JOINER'], [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'], [0x200f, 'RIGHT-TO-LEFT MARK'], [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'], [0x202c, 'POP DIRECTIONAL FORMATTING'], [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'], [0x2060, 'WORD JOINER'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'], [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `name` with every format character written as `<U+200B>`, safe to show in a terminal. */
export function visibleName(name: string): string {
  return [...name].map((char) => (FORMAT_CHARACTER.test(char) ? `<${codePoint(char)}>` : char)).join('');
}

/** Why `name` is refused, or undefined when it is a usable metric name. */
export function refusedNameReason(name: string): string | undefined {
  const found = [...new Set([...name].filter((char) => FORMAT_CHARACTER.test(char)))];
  if (found.length === 0) return undefined;
  const which = found.map((char) => `${codePoint(char)} (${FORMAT_NAMES.get(char.codePointAt(0) ?? 0) ?? 'an invisible format character'})`).join(', ');
  return `it holds ${which}, which a name cannot hold: it would look like another name or display out of order`;
}

/** What a parser reports besides metrics. */
export interface MetricLineParserOptions {
  /** Called once per refused name (see the header), with the reason in words. */
  readonly onRefusedName?: (name: string, reason: string) => void;
}

/**
 * Creates a parser for one trial. Without `pattern` the default forms above are recognised; with
 * one, every match of the custom pattern whose `value` group is a number is a report (a match with
 * an empty name or a non-numeric value is skipped). Throws {@link MetricPatternError} for a bad
 * pattern.
 */
export function createMetricLineParser(pattern?: string, options: MetricLineParserOptions = {}): MetricLineParser {
  const regex = pattern === undefined ? new RegExp(DEFAULT_METRIC_PATTERN, 'giu') : compileMetricPattern(pattern);
  const reportsByName = new Map<string, number>();
  const refused = new Set<string>();
  return {
    pattern: regex.source,
    parse(line: string): ParsedMetric[] {
      const found: ParsedMetric[] = [];
      for (const match of line.matchAll(regex)) {
        const name = match.groups?.['name'];
        const text = match.groups?.['value'];
        if (name === undefined || name === '' || text === undefined) continue;
        const value = parseMetricNumber(text);
        if (value === undefined) continue;
        const reason = refusedNameReason(name);
        if (reason !== undefined) {
          if (!refused.has(name)) {
            refused.add(name);
            options.onRefusedName?.(name, reason);
          }
          continue;
        }
        const step = reportsByName.get(name) ?? 0;
        reportsByName.set(name, step + 1);
        found.push({ name, value, step });
      }
      return found;
    },
  };
}
