/**
 * Builders for the sweep-level sections that steer sampling: `sampling_algorithm`, `objective`,
 * `limits` and `early_termination`. Each checks its mapping against the table, adds the few
 * rules the table cannot express, and fills the defaults of decisions.md.
 */
import { checkObject, insertKeyFix, validField } from './checkObject';
import { numberOf, stringOf, type SpecContext } from './context';
import type { DiagnosticFix } from './diagnostics';
import type { EarlyTermination, Goal, Limits, Objective, Sampling } from './model';
import { objectSchema } from './schema';
import type { YamlEntry, YamlMap } from './yamlTree';

/** Trials run when `limits.max_total_trials` is absent (Azure's documented default). */
export const DEFAULT_MAX_TOTAL_TRIALS = 1000;

/** `sampling_algorithm` in its string or object form. */
export function readSampling(ctx: SpecContext, entry: YamlEntry, normalised: string | undefined): Sampling | undefined {
  const node = entry.value;
  if (node.kind === 'scalar') {
    if (normalised === 'random') return { type: 'random', rule: 'random', form: 'string' };
    if (normalised === 'grid' || normalised === 'bayesian') return { type: normalised, form: 'string' };
    return undefined;
  }
  const checked = checkObject(ctx, node, objectSchema('sampling_algorithm'), { label: '`sampling_algorithm`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  if (checked.variant === 'grid' || checked.variant === 'bayesian') return { type: checked.variant, form: 'object' };
  if (checked.variant !== 'random') return undefined;
  if (checked.invalid.size > 0) return undefined;
  const seed = numberOf(validField(checked, 'seed'), true);
  const rule = checked.enums.get('rule') === 'sobol' ? 'sobol' : 'random';
  const logbaseNode = validField(checked, 'logbase');
  let logbase: number | 'e' | undefined;
  if (logbaseNode) {
    const text = stringOf(logbaseNode);
    const number = numberOf(logbaseNode);
    if (text === 'e') logbase = 'e';
    else if (number !== undefined && number > 0 && number !== 1) logbase = number;
    else {
      const message = text !== undefined
        ? `Invalid value \`${text}\` for \`logbase\` in \`sampling_algorithm\`; expected \`e\` or a positive number other than 1.`
        : `\`logbase\` must be \`e\` or a positive number other than 1, got ${String(number)}.`;
      ctx.report('error', text !== undefined ? 'invalid-value' : 'out-of-range', message, logbaseNode.span);
      return undefined;
    }
  }
  return {
    type: 'random', rule, form: 'object',
    ...(seed !== undefined ? { seed } : {}),
    ...(logbase !== undefined ? { logbase } : {}),
  };
}

export function readObjective(ctx: SpecContext, entry: YamlEntry): Objective | undefined {
  const checked = checkObject(ctx, entry.value, objectSchema('objective'), { label: '`objective`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  const goal = checked.enums.get('goal');
  const metric = stringOf(validField(checked, 'primary_metric'));
  if ((goal !== 'maximize' && goal !== 'minimize') || metric === undefined) return undefined;
  if (metric.trim() === '') {
    ctx.report('error', 'out-of-range', '`primary_metric` must name a metric, got an empty string.', checked.fields.get('primary_metric')?.value.span ?? entry.keySpan);
    return undefined;
  }
  return { goal: goal satisfies Goal, primary_metric: metric };
}

/** `limits`, with max_total_trials defaulting to 1000 and a `limits-missing` warning. */
export function readLimits(ctx: SpecContext, entry: YamlEntry | undefined, root: YamlMap): Limits | undefined {
  const limitsKey = objectSchema('sweep').keys.find((k) => k.name === 'limits');
  if (!entry) {
    ctx.report('warning', 'limits-missing',
      `\`limits\` is missing: HyperSweep runs at most ${DEFAULT_MAX_TOTAL_TRIALS} trials (the documented default), but the Azure ML CLI requires \`limits.max_total_trials\`.`,
      { start: root.span.start, end: root.span.start }, limitsKey ? insertKeyFix(ctx, root, limitsKey) : undefined);
    return { max_total_trials: DEFAULT_MAX_TOTAL_TRIALS };
  }
  const checked = checkObject(ctx, entry.value, objectSchema('limits'), { label: '`limits`', keySpan: entry.keySpan });
  if (!checked) return undefined;
  if (checked.invalid.size > 0) return undefined;
  const read = (key: string): number | undefined => numberOf(validField(checked, key), true);
  let total = read('max_total_trials');
  if (total === undefined) {
    const key = objectSchema('limits').keys.find((k) => k.name === 'max_total_trials');
    ctx.report('warning', 'limits-missing',
      `\`max_total_trials\` is missing in \`limits\`: HyperSweep runs at most ${DEFAULT_MAX_TOTAL_TRIALS} trials (the documented default), but the Azure ML CLI requires it.`,
      entry.keySpan, key ? insertKeyFix(ctx, checked.node, key) : undefined);
    total = DEFAULT_MAX_TOTAL_TRIALS;
  }
  const concurrent = read('max_concurrent_trials');
  const timeout = read('timeout');
  const trialTimeout = read('trial_timeout');
  return {
    max_total_trials: total,
    ...(concurrent !== undefined ? { max_concurrent_trials: concurrent } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(trialTimeout !== undefined ? { trial_timeout: trialTimeout } : {}),
  };
}

/** `early_termination`; null or absent means no policy. */
/** The default slack the "no slack" quick fix and completion insert: stop trials 10% worse than the best. */
const DEFAULT_SLACK_FACTOR = '0.1';

/**
 * Adds `slack_factor: 0.1` on the line after the policy's `type` (or first key), at its indent.
 * None for a flow mapping or an indent that is not plain spaces.
 */
function addSlackFix(ctx: SpecContext, map: YamlMap): DiagnosticFix | undefined {
  const anchor = map.entries.find((e) => e.key === 'type') ?? map.entries[0];
  if (map.flow || !anchor) return undefined;
  const lineStart = ctx.positions.lineStart(anchor.keySpan.start);
  const indent = ctx.text.slice(lineStart, anchor.keySpan.start);
  if (!/^ *$/.test(indent)) return undefined;
  const newline = ctx.text.indexOf('\n', anchor.value.span.end);
  const at = newline < 0 ? ctx.text.length : newline + 1;
  const newText = `${newline < 0 ? '\n' : ''}${indent}slack_factor: ${DEFAULT_SLACK_FACTOR}\n`;
  return { title: `Add \`slack_factor: ${DEFAULT_SLACK_FACTOR}\``, edits: [{ range: ctx.positions.range(at, at), newText }] };
}

export function readEarlyTermination(ctx: SpecContext, entry: YamlEntry): EarlyTermination | 'invalid' | undefined {
  if (entry.value.kind === 'scalar' && entry.value.value === null) return undefined;
  const checked = checkObject(ctx, entry.value, objectSchema('early_termination'), { label: '`early_termination`', keySpan: entry.keySpan });
  if (!checked || checked.variant === undefined) return 'invalid';
  if (checked.invalid.size > 0) {
    // The cross-key checks and the Azure info do not depend on the key that failed: report them now.
    if (checked.variant === 'asha' || checked.variant === 'hyperband') {
      const read = (key: string): number | undefined => numberOf(validField(checked, key), true);
      readSuccessiveHalving(ctx, entry, checked.variant, { evaluation_interval: 0, delay_evaluation: 0 }, read, checked.invalid);
    }
    return 'invalid';
  }
  const read = (key: string): number | undefined => numberOf(validField(checked, key), key !== 'slack_factor' && key !== 'slack_amount');
  const base = { evaluation_interval: read('evaluation_interval') ?? 0, delay_evaluation: read('delay_evaluation') ?? 0 };
  switch (checked.variant) {
    case 'bandit': {
      const factor = read('slack_factor');
      const amount = read('slack_amount');
      if (factor !== undefined && amount !== undefined) {
        ctx.report('warning', 'bandit-both-slacks',
          'Both `slack_factor` and `slack_amount` are set; a trial is stopped only when both rules say stop. Azure ML documents exactly one.',
          entry.keySpan);
      } else if (factor === undefined && amount === undefined) {
        ctx.report('warning', 'bandit-no-slack',
          'Neither `slack_factor` nor `slack_amount` is set; slack 0 is used, so every trial worse than the best one at an evaluation is stopped.',
          entry.keySpan, addSlackFix(ctx, checked.node));
      }
      return {
        type: 'bandit', ...base,
        ...(factor !== undefined ? { slack_factor: factor } : {}),
        ...(amount !== undefined || factor === undefined ? { slack_amount: amount ?? 0 } : {}),
      };
    }
    case 'median_stopping':
      return { type: 'median_stopping', ...base };
    case 'truncation_selection': {
      const percentage = read('truncation_percentage');
      return percentage === undefined ? 'invalid' : { type: 'truncation_selection', ...base, truncation_percentage: percentage };
    }
    case 'asha':
    case 'hyperband':
      return readSuccessiveHalving(ctx, entry, checked.variant, base, read, checked.invalid);
    default:
      return 'invalid';
  }
}

/**
 * ASHA and Hyperband (HyperSweep extensions): fills the defaults, checks max_resource against
 * min_resource, and that Hyperband can size its brackets; says Azure ML does not accept them.
 */
function readSuccessiveHalving(
  ctx: SpecContext,
  entry: YamlEntry,
  type: 'asha' | 'hyperband',
  base: { readonly evaluation_interval: number; readonly delay_evaluation: number },
  read: (key: string) => number | undefined,
  invalid: ReadonlySet<string>,
): EarlyTermination | 'invalid' {
  const typeSpan = entry.value.kind === 'map' ? (entry.value.entries.find((e) => e.key === 'type')?.value.span ?? entry.keySpan) : entry.keySpan;
  ctx.report('info', 'azure-incompatible',
    `Azure ML does not accept this: \`${type}\` early termination is a HyperSweep extension (Azure accepts bandit, median_stopping and truncation_selection). HyperSweep runs it.`,
    typeSpan);
  const ladder = { min_resource: read('min_resource') ?? 1, reduction_factor: read('reduction_factor') ?? 3 };
  const max = read('max_resource');
  const brackets = read('brackets');
  const fields = entry.value.kind === 'map' ? entry.value.entries : [];
  // A min_resource that failed its own check is no yardstick for max_resource.
  if (max !== undefined && !invalid.has('min_resource') && max <= ladder.min_resource) {
    const span = fields.find((e) => e.key === 'max_resource')?.value.span ?? entry.keySpan;
    ctx.report('error', 'out-of-range',
      `\`max_resource\` (${max}) must be greater than \`min_resource\` (${ladder.min_resource}): rungs start at min_resource and stop below max_resource; raise max_resource to the reports of a complete trial.`,
      span);
    return 'invalid';
  }
  if (type === 'hyperband' && max === undefined && brackets === undefined && !invalid.has('max_resource') && !invalid.has('brackets')) {
    ctx.report('error', 'missing-key',
      '`hyperband` needs `max_resource` (or `brackets`) to size its brackets: add `max_resource:` with the reports of a complete trial, e.g. 81.',
      typeSpan);
    return 'invalid';
  }
  const common = { ...base, ...ladder, ...(max !== undefined ? { max_resource: max } : {}) };
  if (type === 'asha') return { type, ...common, brackets: brackets ?? 1 };
  return { type, ...common, ...(brackets !== undefined ? { brackets } : {}) };
}
