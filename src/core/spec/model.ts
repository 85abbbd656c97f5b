/**
 * The typed model of an Azure ML CLI v2 sweep job (azureml-sweep.md §1), after validation and
 * normalisation (case rules of §1.9 applied, defaults of decisions.md filled in). Every part of
 * HyperSweep (samplers, runner, VS Code extension, dashboard) reads a sweep through this model;
 * the raw YAML is only for diagnostics and editing.
 *
 * Values keep where they came from (`range`) so later stages (e.g. a run that finds the `code`
 * folder missing) can still point at the source.
 */
import type { SourceRange } from './diagnostics';

export type Goal = 'maximize' | 'minimize';

/** A constant inside a choice list or a nested-choice mapping. */
export type Constant = number | string | boolean;

export type DistributionType =
  | 'choice'
  | 'randint'
  | 'uniform'
  | 'loguniform'
  | 'quniform'
  | 'qloguniform'
  | 'normal'
  | 'lognormal'
  | 'qnormal'
  | 'qlognormal';

export const DISTRIBUTION_TYPES: readonly DistributionType[] = [
  'choice', 'randint', 'uniform', 'loguniform', 'quniform', 'qloguniform',
  'normal', 'lognormal', 'qnormal', 'qlognormal',
];

interface DistributionBase {
  readonly range?: SourceRange;
}

export interface ChoiceDistribution extends DistributionBase {
  readonly type: 'choice';
  readonly values: readonly ChoiceOption[];
}

export interface RandintDistribution extends DistributionBase {
  readonly type: 'randint';
  /** Exclusive upper bound: values are 0..upper-1. */
  readonly upper: number;
}

export interface BoundedDistribution extends DistributionBase {
  /** For the log forms the bounds are natural-log exponents: values fall in [e^min, e^max]. */
  readonly type: 'uniform' | 'loguniform';
  readonly min_value: number;
  readonly max_value: number;
}

export interface QBoundedDistribution extends DistributionBase {
  readonly type: 'quniform' | 'qloguniform';
  readonly min_value: number;
  readonly max_value: number;
  readonly q: number;
}

export interface GaussianDistribution extends DistributionBase {
  readonly type: 'normal' | 'lognormal';
  readonly mu: number;
  readonly sigma: number;
}

export interface QGaussianDistribution extends DistributionBase {
  readonly type: 'qnormal' | 'qlognormal';
  readonly mu: number;
  readonly sigma: number;
  readonly q: number;
}

export type Distribution =
  | ChoiceDistribution
  | RandintDistribution
  | BoundedDistribution
  | QBoundedDistribution
  | GaussianDistribution
  | QGaussianDistribution;

/**
 * One named entry of a nested-choice option. Its value is either a constant or another
 * distribution (sampled when this option is chosen).
 */
export interface NestedEntry {
  readonly name: string;
  readonly value: Distribution | Constant;
}

/** A choice option that is a mapping (azureml-sweep.md §2.4): entries in YAML order. */
export interface NestedOption {
  readonly kind: 'nested';
  readonly entries: readonly NestedEntry[];
}

export type ChoiceOption = Constant | NestedOption;

/** A top-level search-space key and its distribution, in YAML order. */
export interface Parameter {
  readonly name: string;
  readonly distribution: Distribution;
  readonly range?: SourceRange;
}

export interface SearchSpace {
  readonly parameters: readonly Parameter[];
}

export type SamplingType = 'random' | 'grid' | 'bayesian';

export type Sampling =
  | {
      readonly type: 'random';
      /** `null`/absent: a seed is chosen at run time and recorded. */
      readonly seed?: number;
      readonly rule: 'random' | 'sobol';
      /** `e` or a positive number: base of the log distributions (SDK preview key). */
      readonly logbase?: number | 'e';
      /** Which YAML form the user wrote, so edits and exports keep it. */
      readonly form: 'string' | 'object';
    }
  | { readonly type: 'grid'; readonly form: 'string' | 'object' }
  | { readonly type: 'bayesian'; readonly form: 'string' | 'object' };

export interface Objective {
  readonly goal: Goal;
  readonly primary_metric: string;
}

export interface Limits {
  /** Default 1000 (with a warning) when `limits` or the key is absent. */
  readonly max_total_trials: number;
  /** Absent: the runner uses the number of free execution slots. */
  readonly max_concurrent_trials?: number;
  /** Seconds for the whole sweep; absent or 0 means no limit. */
  readonly timeout?: number;
  /** Seconds per trial; absent or 0 means no limit. */
  readonly trial_timeout?: number;
}

interface PolicyBase {
  /** As written; 0 or absent is evaluated as 1 (decisions.md). */
  readonly evaluation_interval: number;
  readonly delay_evaluation: number;
}

export interface BanditPolicy extends PolicyBase {
  readonly type: 'bandit';
  readonly slack_factor?: number;
  readonly slack_amount?: number;
}

export interface MedianStoppingPolicy extends PolicyBase {
  readonly type: 'median_stopping';
}

export interface TruncationSelectionPolicy extends PolicyBase {
  readonly type: 'truncation_selection';
  /** 1..99 */
  readonly truncation_percentage: number;
}

/**
 * The keys ASHA and Hyperband share (HyperSweep extensions, not accepted by Azure ML). A resource
 * is one report of the primary metric, so rung r is a trial's r-th report (decisions.md intervals).
 */
interface SuccessiveHalvingKeys extends PolicyBase {
  /** First rung, in primary-metric reports (>= 1; default 1). */
  readonly min_resource: number;
  /** Reports of a complete trial; absent: the most any trial of the sweep has reported. */
  readonly max_resource?: number;
  /** eta (>= 2; default 3): rungs are min_resource * eta^k, and the top 1/eta of a rung go on. */
  readonly reduction_factor: number;
}

/** Asynchronous successive halving (Li et al. 2018); `brackets` > 1 staggers the first rung. */
export interface AshaPolicy extends SuccessiveHalvingKeys {
  readonly type: 'asha';
  /** >= 1 (default 1); trials go to brackets in turn by trial index. */
  readonly brackets: number;
}

/** Hyperband (Li et al. 2017) run as ASHA brackets, trials shared out as Hyperband sizes them. */
export interface HyperbandPolicy extends SuccessiveHalvingKeys {
  readonly type: 'hyperband';
  /** Absent: every bracket max_resource allows (floor(log_eta(max/min)) + 1). */
  readonly brackets?: number;
}

export type EarlyTermination = BanditPolicy | MedianStoppingPolicy | TruncationSelectionPolicy | AshaPolicy | HyperbandPolicy;

/** A literal input (`A: 0.5`) or a data input object. */
export type Input =
  | { readonly kind: 'literal'; readonly value: Constant }
  | {
      readonly kind: 'data';
      readonly type: 'uri_file' | 'uri_folder' | 'mltable' | 'mlflow_model' | 'custom_model' | 'triton_model';
      readonly path?: string;
      readonly mode?: string;
    };

export interface Output {
  readonly type: string;
  readonly path?: string;
  readonly mode?: string;
}

export interface Trial {
  readonly command: string;
  /** Where `command` starts in the file, for placeholder diagnostics. */
  readonly commandRange?: SourceRange;
  /** `azureml:...` reference or an inline environment (recorded, not provisioned). */
  readonly environment?: string | Readonly<Record<string, unknown>>;
  /** As written (relative to the spec file, or an `azureml:` asset). */
  readonly code?: string;
  readonly environment_variables: Readonly<Record<string, string>>;
  readonly distribution?: Readonly<Record<string, unknown>>;
  readonly resources?: Readonly<Record<string, unknown>>;
}

export interface SweepSpec {
  readonly type: 'sweep';
  readonly name?: string;
  readonly display_name?: string;
  readonly experiment_name?: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string | null>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly compute?: string;
  readonly identity?: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, Input>>;
  readonly outputs: Readonly<Record<string, Output | null>>;
  readonly sampling: Sampling;
  readonly search_space: SearchSpace;
  readonly objective: Objective;
  readonly limits: Limits;
  readonly early_termination?: EarlyTermination;
  readonly trial: Trial;
  readonly queue_settings?: Readonly<Record<string, unknown>>;
  readonly resources?: Readonly<Record<string, unknown>>;
}

/** A sampled value: constants, or for a nested choice the chosen mapping with its sampled entries. */
export type ParamValue = number | string | boolean | { readonly [name: string]: ParamValue };

/** One configuration: top-level search-space keys (YAML order) to sampled values. */
export type Params = { readonly [name: string]: ParamValue };
