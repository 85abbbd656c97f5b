/**
 * Sampler/distribution combinations. Grid: every parameter a `choice` of plain values, strings
 * and numbers not mixed (errors, as Azure rejects them), and a warning when the grid is larger
 * than the trial budget. Bayesian: HyperSweep supports every distribution, nested choices and
 * early termination, but Azure does not (info), plus the two v1 advice warnings.
 */
import type { SourceRange } from './diagnostics';
import type { SpecContext } from './context';
import type { ChoiceOption, Limits, Sampling, SearchSpace } from './model';
import type { RejectedParameter } from './searchSpace';
import { gridSize } from '../space/cardinality';
import type { Span } from './yamlTree';

/** v1 advice: at least this many Bayesian trials per parameter, at most this many at once. */
export const BAYESIAN_TRIALS_PER_PARAMETER = 20;
export const BAYESIAN_MAX_CONCURRENT = 20;
const BAYESIAN_AZURE_TYPES = new Set(['choice', 'uniform', 'quniform']);

/** Where to point sampler diagnostics. */
export interface SamplerAnchors {
  readonly sampling: Span;
  readonly maxTotalTrials?: Span;
  readonly maxConcurrentTrials?: Span;
  readonly earlyTermination?: Span;
}

function spanOfRange(range: SourceRange | undefined, fallback: Span): Span {
  return range ? { start: range.start.offset, end: range.end.offset } : fallback;
}

const isNested = (option: ChoiceOption): boolean => typeof option === 'object';

/**
 * Grid compatibility of parameters whose distribution failed for another reason (e.g. a uniform
 * with min > max): an independent problem, reported at the same time.
 */
function checkRejectedForGrid(ctx: SpecContext, rejected: readonly RejectedParameter[]): void {
  for (const parameter of rejected) {
    if (parameter.type === 'choice') continue;
    ctx.report('error', 'grid-incompatible', `Grid sampling needs every parameter to be a \`choice\`; \`${parameter.name}\` is \`${parameter.type}\`.`, parameter.span);
  }
}

function checkGrid(ctx: SpecContext, space: SearchSpace, limits: Limits | undefined, anchors: SamplerAnchors): void {
  let valid = true;
  for (const parameter of space.parameters) {
    const distribution = parameter.distribution;
    const span = spanOfRange(distribution.range ?? parameter.range, anchors.sampling);
    if (distribution.type !== 'choice') {
      ctx.report('error', 'grid-incompatible', `Grid sampling needs every parameter to be a \`choice\`; \`${parameter.name}\` is \`${distribution.type}\`.`, span);
      valid = false;
      continue;
    }
    if (distribution.values.some(isNested)) {
      ctx.report('error', 'grid-incompatible', `Grid sampling cannot use a nested choice (a mapping option) in \`${parameter.name}\`; use random sampling or flatten the options.`, span);
      valid = false;
      continue;
    }
    const strings = distribution.values.filter((v) => typeof v === 'string').length;
    if (strings > 0 && strings < distribution.values.length) {
      ctx.report('error', 'grid-incompatible', `Grid sampling needs the values of \`${parameter.name}\` to be all strings or all numbers, as Azure ML does; quote the numbers or unquote the strings.`, span);
      valid = false;
    }
  }
  if (!valid || !limits) return;
  const size = gridSize(space);
  if (size > limits.max_total_trials) {
    const count = Number.isFinite(size) ? String(size) : `more than ${Number.MAX_SAFE_INTEGER}`;
    ctx.report('warning', 'grid-truncated',
      `The grid has ${count} points but \`max_total_trials\` is ${limits.max_total_trials}: only the first ${limits.max_total_trials} run (first-declared key varying slowest).`,
      anchors.maxTotalTrials ?? anchors.sampling);
  }
}

function checkBayesian(ctx: SpecContext, space: SearchSpace, limits: Limits, hasPolicy: boolean, anchors: SamplerAnchors): void {
  for (const parameter of space.parameters) {
    const distribution = parameter.distribution;
    const span = spanOfRange(distribution.range ?? parameter.range, anchors.sampling);
    if (!BAYESIAN_AZURE_TYPES.has(distribution.type)) {
      ctx.report('info', 'azure-incompatible',
        `Azure ML does not accept this: Bayesian sampling there supports only \`choice\`, \`uniform\` and \`quniform\`, and \`${parameter.name}\` is \`${distribution.type}\`. HyperSweep supports it.`, span);
    } else if (distribution.type === 'choice' && distribution.values.some(isNested)) {
      ctx.report('info', 'azure-incompatible',
        `Azure ML does not accept this: a nested (conditional) choice with Bayesian sampling in \`${parameter.name}\`. HyperSweep supports it.`, span);
    }
  }
  const needed = BAYESIAN_TRIALS_PER_PARAMETER * space.parameters.length;
  if (limits.max_total_trials < needed) {
    ctx.report('warning', 'bayesian-budget',
      `Bayesian sampling works best with at least ${BAYESIAN_TRIALS_PER_PARAMETER} trials per parameter: ${space.parameters.length} parameters call for at least ${needed}, but \`max_total_trials\` is ${limits.max_total_trials}.`,
      anchors.maxTotalTrials ?? anchors.sampling);
  }
  const concurrent = limits.max_concurrent_trials;
  if (concurrent !== undefined && concurrent > BAYESIAN_MAX_CONCURRENT) {
    ctx.report('warning', 'bayesian-concurrency',
      `Bayesian sampling learns from finished trials: ${concurrent} concurrent trials leave it little to learn from; use ${BAYESIAN_MAX_CONCURRENT} or fewer.`,
      anchors.maxConcurrentTrials ?? anchors.sampling);
  }
  if (hasPolicy) {
    ctx.report('info', 'azure-incompatible',
      'Azure ML does not accept this: Bayesian sampling with an early-termination policy. HyperSweep allows it; stopped trials inform the model with the values they reached.',
      anchors.earlyTermination ?? anchors.sampling);
  }
}

/**
 * Runs the combination checks for the chosen sampler. Problems that do not depend on each other
 * are all reported in one run: grid compatibility is checked for parameters rejected for other
 * reasons, and without valid limits, since it needs neither.
 */
export function checkSampler(ctx: SpecContext, sampling: Sampling, space: SearchSpace | undefined, limits: Limits | undefined, hasPolicy: boolean, anchors: SamplerAnchors, rejected: readonly RejectedParameter[] = []): void {
  if (sampling.type === 'grid') {
    if (space) checkGrid(ctx, space, rejected.length > 0 ? undefined : limits, anchors);
    checkRejectedForGrid(ctx, rejected);
  }
  if (sampling.type === 'bayesian' && space && limits) checkBayesian(ctx, space, limits, hasPolicy, anchors);
}
