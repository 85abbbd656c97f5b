/**
 * The shape of the declarative sweep-job schema (schema.ts). It is plain data so that the
 * validator, and later the VS Code completion, hover and JSON Schema generator, all read the
 * same table.
 */

/** A YAML value kind as the schema speaks of it. `integer` also accepts a number with no fraction. */
export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'mapping' | 'list';

/**
 * How an enum value is compared (azureml-sweep.md §1.9): `lower` lower-cases the input;
 * `camel_to_snake` splits CamelCase into snake_case first, then lower-cases; `exact` compares as is.
 */
export type CaseRule = 'exact' | 'lower' | 'camel_to_snake';

/** Whether Azure ML accepts a key or value, so HyperSweep extensions can be flagged. */
export type AzureSupport = 'accepted' | 'hypersweep-only';

/** Names of the object schemas in the table. */
export type ObjectId =
  | 'sweep' | 'sampling_algorithm' | 'objective' | 'limits' | 'early_termination'
  | 'search_space' | 'distribution' | 'nested_option' | 'trial' | 'trial_distribution'
  | 'inputs' | 'input' | 'outputs' | 'output' | 'identity' | 'resources' | 'queue_settings'
  | 'services' | 'environment' | 'string_map' | 'tags';

export interface KeySchema {
  readonly name: string;
  /** Kinds the value may have; the first is the one named in messages and completions. */
  readonly kinds: readonly ValueKind[];
  readonly required?: boolean;
  /** Allowed (normalised) values when the value is a string. */
  readonly enum?: readonly string[];
  readonly caseRule?: CaseRule;
  /** Inclusive lower bound for numbers. */
  readonly minimum?: number;
  /** Inclusive upper bound for numbers. */
  readonly maximum?: number;
  /** Exclusive lower bound for numbers (`q > 0`). */
  readonly exclusiveMinimum?: number;
  /** Schema of the value when it is a mapping; absent for free-form mappings. */
  readonly object?: ObjectId;
  /** Read-only keys of exported jobs: accepted and dropped, as the Azure SDK does. */
  readonly readOnly?: boolean;
  /** YAML text (without the key) that the missing-key fix inserts; may span lines. */
  readonly placeholder?: string;
  /**
   * Not required, but inserted with its variant by completion (unless one of `unlessPresent` is
   * already written): bandit's `slack_factor`, since a bandit without slack stops every trial
   * worse than the best one.
   */
  readonly suggested?: { readonly unlessPresent: readonly string[] };
  /** One paragraph with the exact HyperSweep meaning, for hovers and the JSON Schema. */
  readonly doc: string;
}

/** The extra keys an object takes for one value of its discriminator (`type`). */
export interface VariantSchema {
  readonly value: string;
  readonly doc: string;
  readonly keys: readonly KeySchema[];
  readonly azure: AzureSupport;
}

export interface ObjectSchema {
  readonly id: ObjectId;
  /** How the object is named in messages, e.g. `limits`. */
  readonly title: string;
  readonly doc: string;
  /** Keys every variant accepts (the discriminator key included). */
  readonly keys: readonly KeySchema[];
  readonly discriminator?: {
    readonly key: string;
    readonly caseRule: CaseRule;
    readonly variants: readonly VariantSchema[];
    /** Variant used when the discriminator key is absent (it is then not required). */
    readonly defaultVariant?: string;
  };
  /** For maps whose keys are user names (search space, inputs, tags): what each value is. */
  readonly entries?: {
    readonly kinds: readonly ValueKind[];
    readonly object?: ObjectId;
    /** Names must be identifiers `^[a-zA-Z_]+[a-zA-Z0-9_]*$` (search space, inputs, outputs). */
    readonly identifierNames?: boolean;
    readonly doc: string;
  };
  /** Mappings whose inner keys are not checked (inline environments, services). */
  readonly open?: boolean;
}
