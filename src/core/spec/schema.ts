/**
 * The sweep-job schema as data: every key of an Azure ML CLI v2 sweep job (azureml-sweep.md §1,
 * §2, §4) with its kind, whether it is required, its allowed values and case rule, its ranges
 * (decisions.md "Spec file") and a doc paragraph stating what HyperSweep does with it.
 * validate.ts is driven by this table; the VS Code extension builds completion, hover and a JSON
 * Schema from it. Cross-key rules (min < max, sampler/distribution combinations) live in code.
 */
import type { KeySchema, ObjectId, ObjectSchema, VariantSchema } from './schemaTypes';

const INTERVAL_KEYS: readonly KeySchema[] = [
  {
    name: 'evaluation_interval', kinds: ['integer'], minimum: 0,
    doc: 'How often the policy is applied, in metric reports of the primary metric (one report = one interval, counted from 1). The policy is evaluated at interval n when n % evaluation_interval == 0 and n >= delay_evaluation. 0 or absent is evaluated as 1; the value is kept as written.',
  },
  {
    name: 'delay_evaluation', kinds: ['integer'], minimum: 0,
    doc: 'Number of intervals before the policy is first applied (absent means 0), so young trials are not stopped before they have reported enough values.',
  },
];

const SUCCESSIVE_HALVING_KEYS: readonly KeySchema[] = [
  { name: 'min_resource', kinds: ['integer'], minimum: 1, placeholder: '1', doc: 'The first rung (>= 1, default 1), in reports of the primary metric: rung r is a trial\'s r-th report.' },
  { name: 'max_resource', kinds: ['integer'], minimum: 2, placeholder: '81', doc: 'Reports of a complete trial (> min_resource); no rung is at or above it. Absent: the most reports any trial of the sweep has made so far.' },
  { name: 'reduction_factor', kinds: ['integer'], minimum: 2, placeholder: '3', doc: 'eta (>= 2, default 3): rungs grow by this factor, and the top 1/eta of each rung are promoted.' },
];

const BOUNDS: readonly KeySchema[] = [
  { name: 'min_value', kinds: ['number'], required: true, placeholder: '0', doc: 'Lower bound. For the log forms it is a natural-log exponent: values start at e^min_value.' },
  { name: 'max_value', kinds: ['number'], required: true, placeholder: '1', doc: 'Upper bound. For the log forms it is a natural-log exponent: values end at e^max_value.' },
];
const GAUSSIAN: readonly KeySchema[] = [
  { name: 'mu', kinds: ['number'], required: true, placeholder: '0', doc: 'Mean of the normal distribution (of the logarithm for the log forms).' },
  { name: 'sigma', kinds: ['number'], required: true, minimum: 0, placeholder: '1', doc: 'Standard deviation (>= 0) of the normal distribution (of the logarithm for the log forms).' },
];
const Q: KeySchema = {
  name: 'q', kinds: ['number'], required: true, exclusiveMinimum: 0, placeholder: '1',
  doc: 'Quantisation step (> 0): the drawn value x becomes round-half-to-even(x / q) * q, with no clipping to the bounds. With integer q and integer bounds (or mu) the value is an integer.',
};

const DISTRIBUTION_VARIANTS: readonly VariantSchema[] = [
  {
    value: 'choice', azure: 'accepted',
    doc: 'One of the listed values, uniformly. Values are numbers or strings; a value that is a mapping is a nested (conditional) choice whose entries may themselves be distributions. Grid sampling needs every parameter to be a choice.',
    keys: [{ name: 'values', kinds: ['list'], required: true, placeholder: '[1, 2, 3]', doc: 'The options (at least one): numbers, strings, or mappings for a nested choice.' }],
  },
  {
    value: 'randint', azure: 'accepted',
    doc: 'A random integer in 0..upper-1.',
    keys: [{ name: 'upper', kinds: ['integer'], required: true, minimum: 1, placeholder: '10', doc: 'Exclusive upper bound (an integer >= 1): values are 0..upper-1.' }],
  },
  { value: 'uniform', azure: 'accepted', doc: 'min_value + (max_value - min_value) * u, u uniform in [0, 1). Needs min_value < max_value.', keys: BOUNDS },
  { value: 'loguniform', azure: 'accepted', doc: 'exp(uniform(min_value, max_value)): the bounds are natural-log exponents, so values fall in [e^min_value, e^max_value]. For learning rates 0.001..0.1 write min_value: -6.9078, max_value: -2.3026.', keys: BOUNDS },
  { value: 'quniform', azure: 'accepted', doc: 'uniform(min_value, max_value) rounded to a multiple of q (half to even).', keys: [...BOUNDS, Q] },
  { value: 'qloguniform', azure: 'accepted', doc: 'exp(uniform(min_value, max_value)) rounded to a multiple of q (half to even); bounds are natural-log exponents.', keys: [...BOUNDS, Q] },
  { value: 'normal', azure: 'accepted', doc: 'A normal draw with mean mu and standard deviation sigma; unbounded.', keys: GAUSSIAN },
  { value: 'lognormal', azure: 'accepted', doc: 'exp(normal(mu, sigma)); always positive.', keys: GAUSSIAN },
  { value: 'qnormal', azure: 'accepted', doc: 'normal(mu, sigma) rounded to a multiple of q (half to even).', keys: [...GAUSSIAN, Q] },
  { value: 'qlognormal', azure: 'accepted', doc: 'exp(normal(mu, sigma)) rounded to a multiple of q (half to even).', keys: [...GAUSSIAN, Q] },
];

const RESOURCE_KEYS: readonly KeySchema[] = [
  { name: 'instance_count', kinds: ['integer'], minimum: 1, doc: 'Number of nodes for a trial on Azure ML. Recorded; a local trial runs as one process.' },
  { name: 'instance_type', kinds: ['string'], doc: 'Azure ML instance type. Recorded, not used locally.' },
  { name: 'shm_size', kinds: ['string'], doc: 'Shared memory size of the Azure ML container (e.g. `4g`). Recorded, not used locally.' },
  { name: 'docker_args', kinds: ['string'], doc: 'Extra `docker run` arguments on Azure ML. Recorded, not used locally.' },
  { name: 'locations', kinds: ['list'], doc: 'Azure regions for serverless compute. Recorded, not used locally.' },
  { name: 'max_instance_count', kinds: ['integer'], minimum: 1, doc: 'Elastic training upper node count on Azure ML. Recorded, not used locally.' },
  { name: 'properties', kinds: ['mapping'], doc: 'Free-form resource properties passed to Azure ML. Recorded, not used locally.' },
];

const SCHEMAS: readonly ObjectSchema[] = [
  {
    id: 'sweep', title: 'the sweep job',
    doc: 'An Azure ML CLI v2 sweep job. HyperSweep runs it unchanged on your own machines: it samples the search space, runs `trial.command` once per configuration and ranks trials by the objective.',
    keys: [
      { name: '$schema', kinds: ['string'], doc: 'URL of the Azure ML JSON schema, used by editors only; ignored when running.' },
      { name: 'type', kinds: ['string'], required: true, enum: ['sweep'], caseRule: 'lower', placeholder: 'sweep', doc: 'Must be `sweep` (any letter case). Marks the file as a sweep job.' },
      { name: 'name', kinds: ['string'], doc: 'Name of the sweep; trial ids are `<name>_<index>` and the sweep folder is `.hypersweep/<name>/`. A name is generated when absent.' },
      { name: 'display_name', kinds: ['string'], doc: 'Human-readable name shown in the views.' },
      { name: 'experiment_name', kinds: ['string'], doc: 'Experiment the sweep belongs to; used as the MLflow experiment name of its trials.' },
      { name: 'description', kinds: ['string'], doc: 'Free text shown with the sweep.' },
      { name: 'tags', kinds: ['mapping'], object: 'tags', doc: 'String tags recorded with the sweep (null values allowed).' },
      { name: 'properties', kinds: ['mapping'], object: 'string_map', doc: 'String properties recorded with the sweep.' },
      { name: 'compute', kinds: ['string'], doc: 'Where trials run. Absent or `local` runs them as local processes; any other name (e.g. `azureml:gpu-cluster`) names an execution target defined in settings or `hypersweep.targets.yaml`, so the same file still submits to Azure ML.' },
      { name: 'identity', kinds: ['mapping'], object: 'identity', doc: 'Azure ML job identity. Accepted and recorded; local trials run as you.' },
      { name: 'inputs', kinds: ['mapping'], object: 'inputs', doc: 'Inputs referenced as `${{inputs.NAME}}` in the command: literals are written as text, local `uri_file`/`uri_folder` paths are made absolute against the spec folder, URLs and `azureml:` paths are passed as written.' },
      { name: 'outputs', kinds: ['mapping'], object: 'outputs', doc: 'Outputs referenced as `${{outputs.NAME}}`; each trial gets its own folder for each output.' },
      { name: 'sampling_algorithm', kinds: ['string', 'mapping'], required: true, enum: ['random', 'grid', 'bayesian'], caseRule: 'lower', object: 'sampling_algorithm', placeholder: 'random', doc: 'How configurations are chosen: `random` (seeded, replayable; `rule: sobol` in the object form for a scrambled Sobol sequence), `grid` (Cartesian product in order, first key slowest) or `bayesian` (model-based; supports every distribution here).' },
      { name: 'search_space', kinds: ['mapping'], required: true, object: 'search_space', placeholder: '\n  lr:\n    type: uniform\n    min_value: 0.001\n    max_value: 0.1', doc: 'The hyperparameters: each key is a parameter name used as `${{search_space.NAME}}` in the command, each value a distribution.' },
      { name: 'objective', kinds: ['mapping'], required: true, object: 'objective', placeholder: '\n  goal: maximize\n  primary_metric: accuracy', doc: 'The metric that ranks trials and drives Bayesian sampling and early termination.' },
      { name: 'limits', kinds: ['mapping'], object: 'limits', placeholder: '\n  max_total_trials: 20', doc: 'Trial budget and timeouts. May be omitted in HyperSweep (max_total_trials then defaults to 1000, with a warning, because the Azure CLI requires it).' },
      { name: 'early_termination', kinds: ['mapping', 'null'], object: 'early_termination', doc: 'Policy that cancels poorly performing trials early (status `Canceled`, reason `early_termination`). Absent: every trial runs to the end.' },
      { name: 'trial', kinds: ['mapping'], required: true, object: 'trial', placeholder: '\n  command: python train.py\n  environment: azureml:<environment>', doc: 'The command each trial runs, with placeholders for the sampled values.' },
      { name: 'queue_settings', kinds: ['mapping'], object: 'queue_settings', doc: 'Azure ML queueing (job tier, priority). Recorded; not used locally.' },
      { name: 'resources', kinds: ['mapping'], object: 'resources', doc: 'Sweep-level Azure ML resources. Recorded; not used locally.' },
      { name: 'services', kinds: ['mapping'], object: 'services', doc: 'Azure ML interactive services (Jupyter, SSH, TensorBoard). Recorded; not used locally.' },
      { name: 'id', kinds: ['string', 'null'], readOnly: true, doc: 'Read-only key of an exported job; dropped when loading.' },
      { name: 'status', kinds: ['string', 'null'], readOnly: true, doc: 'Read-only key of an exported job; dropped when loading.' },
      { name: 'creation_context', kinds: ['mapping', 'null'], readOnly: true, doc: 'Read-only key of an exported job; dropped when loading.' },
      { name: 'log_files', kinds: ['mapping', 'null'], readOnly: true, doc: 'Read-only key of an exported job; dropped when loading.' },
    ],
  },
  {
    id: 'sampling_algorithm', title: 'sampling_algorithm',
    doc: 'The object form of the sampling algorithm; `type` selects it. Only `random` takes further keys.',
    keys: [{ name: 'type', kinds: ['string'], required: true, enum: ['random', 'grid', 'bayesian'], caseRule: 'camel_to_snake', placeholder: 'random', doc: 'The sampler: random, grid or bayesian (CamelCase is accepted).' }],
    discriminator: {
      key: 'type', caseRule: 'camel_to_snake',
      variants: [
        {
          value: 'random', azure: 'accepted', doc: 'Independent draws from a seeded generator; all-discrete spaces are drawn without replacement.',
          keys: [
            { name: 'seed', kinds: ['integer', 'null'], doc: 'Seed of the generator. Absent or null: a seed is chosen and recorded, so every sweep can be replayed.' },
            { name: 'rule', kinds: ['string'], enum: ['random', 'sobol'], caseRule: 'camel_to_snake', doc: '`random` (default) or `sobol`: a Sobol sequence (Joe-Kuo directions, one dimension per parameter in YAML order) scrambled with the seed.' },
            { name: 'logbase', kinds: ['number', 'string'], doc: 'Base of the log distributions: `e` (default) or a positive number b, giving b^uniform(min, max). An Azure SDK preview key.' },
          ],
        },
        { value: 'grid', azure: 'accepted', doc: 'Every combination of the choice values, first-declared key varying slowest; runs the first max_total_trials.', keys: [] },
        { value: 'bayesian', azure: 'accepted', doc: 'Model-based proposals from the results so far; supports every distribution and concurrent trials.', keys: [] },
      ],
    },
  },
  {
    id: 'objective', title: 'objective', doc: 'What to optimise.',
    keys: [
      { name: 'goal', kinds: ['string'], required: true, enum: ['maximize', 'minimize'], caseRule: 'camel_to_snake', placeholder: 'maximize', doc: '`maximize` or `minimize` the primary metric (CamelCase accepted).' },
      { name: 'primary_metric', kinds: ['string'], required: true, placeholder: 'accuracy', doc: 'Exact name of the metric a trial reports through MLflow or as `name=value` on standard output. A trial that never reports it is marked in the results.' },
    ],
  },
  {
    id: 'limits', title: 'limits', doc: 'Trial budget and timeouts.',
    keys: [
      { name: 'max_total_trials', kinds: ['integer'], minimum: 1, placeholder: '20', doc: 'Number of trials to create (>= 1; default 1000). Failed trials count; fewer run when the space is exhausted.' },
      { name: 'max_concurrent_trials', kinds: ['integer'], minimum: 1, doc: 'Trials running at once (>= 1). Absent: the number of free execution slots.' },
      { name: 'timeout', kinds: ['integer'], minimum: 0, doc: 'Seconds for the whole sweep; running trials are canceled (`sweep_timeout`) when it passes. 0 or absent: no limit.' },
      { name: 'trial_timeout', kinds: ['integer'], minimum: 0, doc: 'Seconds per trial; the trial is canceled (`trial_timeout`) when it passes. 0 or absent: no limit.' },
    ],
  },
  {
    id: 'early_termination', title: 'early_termination', doc: 'An early-termination policy; `type` selects it.',
    keys: [{ name: 'type', kinds: ['string'], required: true, enum: ['bandit', 'median_stopping', 'truncation_selection', 'asha', 'hyperband'], caseRule: 'camel_to_snake', placeholder: 'median_stopping', doc: 'bandit, median_stopping or truncation_selection (CamelCase accepted); asha or hyperband (HyperSweep extensions Azure ML does not accept).' }],
    discriminator: {
      key: 'type', caseRule: 'camel_to_snake',
      variants: [
        {
          value: 'bandit', azure: 'accepted',
          doc: 'Stops a trial whose best value is outside the slack of the best value B of the other trials at the same interval. Maximize: stop if best < B/(1+slack_factor) or < B - slack_amount; minimize: > B*(1+slack_factor) or > B + slack_amount.',
          keys: [
            { name: 'slack_factor', kinds: ['number'], minimum: 0, placeholder: '0.1', suggested: { unlessPresent: ['slack_amount'] }, doc: 'Allowed ratio to the best value. Skipped (with an event) when B <= 0. With both slacks set a trial stops only when both rules say stop.' },
            { name: 'slack_amount', kinds: ['number'], minimum: 0, doc: 'Allowed absolute distance to the best value.' },
            ...INTERVAL_KEYS,
          ],
        },
        { value: 'median_stopping', azure: 'accepted', doc: 'Stops a trial whose best value is worse than the median of the other trials\' running averages up to the same interval.', keys: INTERVAL_KEYS },
        {
          value: 'truncation_selection', azure: 'accepted',
          doc: 'Stops a trial that ranks in the worst truncation_percentage percent of all trials at the same interval (ties favour keeping).',
          keys: [
            { name: 'truncation_percentage', kinds: ['integer'], required: true, minimum: 1, maximum: 99, placeholder: '20', doc: 'Percentage (1..99) of trials to stop at each evaluation: floor(P/100 * count).' },
            ...INTERVAL_KEYS,
          ],
        },
        {
          value: 'asha', azure: 'hypersweep-only',
          doc: 'Asynchronous successive halving (Li et al. 2018), a HyperSweep extension Azure ML does not accept. Resources are reports of the primary metric: rungs are min_resource * reduction_factor^k below max_resource, and a trial reaching a rung goes on only when its best value is in the top max(1, floor(count / reduction_factor)) of the trials of its bracket that reached that rung so far; nobody waits for a rung to fill.',
          keys: [...SUCCESSIVE_HALVING_KEYS, { name: 'brackets', kinds: ['integer'], minimum: 1, doc: 'Brackets (>= 1, default 1); bracket b starts at rung min_resource * reduction_factor^b, and trials take the brackets in turn by trial index (Hyperband-style hedging against stopping too early).' }, ...INTERVAL_KEYS],
        },
        {
          value: 'hyperband', azure: 'hypersweep-only',
          doc: 'Hyperband (Li et al. 2017) as asynchronous ASHA brackets, a HyperSweep extension Azure ML does not accept: bracket b starts at rung min_resource * reduction_factor^b, and trials are shared out among the brackets in Hyperband\'s proportions by trial index (the last bracket runs its trials to the end).',
          keys: [...SUCCESSIVE_HALVING_KEYS.map((key) => (key.name === 'max_resource' ? { ...key, suggested: { unlessPresent: ['brackets'] } } : key)), { name: 'brackets', kinds: ['integer'], minimum: 1, doc: 'Brackets (>= 1). Absent: every bracket max_resource allows, floor(log_reduction_factor(max_resource / min_resource)) + 1; one of max_resource and brackets is needed.' }, ...INTERVAL_KEYS],
        },
      ],
    },
  },
  {
    id: 'search_space', title: 'search_space', doc: 'Parameter names to distributions, in YAML order.',
    keys: [],
    entries: { kinds: ['mapping'], object: 'distribution', identifierNames: true, doc: 'A hyperparameter; its value goes into the command through `${{search_space.NAME}}` and the environment variable `AZUREML_SWEEP_NAME`.' },
  },
  {
    id: 'distribution', title: 'distribution', doc: 'A distribution; `type` selects it.',
    keys: [{ name: 'type', kinds: ['string'], required: true, enum: DISTRIBUTION_VARIANTS.map((v) => v.value), caseRule: 'lower', placeholder: 'choice', doc: 'The distribution (any letter case, e.g. `LogUniform`; `log_uniform` is not accepted).' }],
    discriminator: { key: 'type', caseRule: 'lower', variants: DISTRIBUTION_VARIANTS },
  },
  {
    id: 'nested_option', title: 'choice option', doc: 'One option of a nested choice: names to constants or distributions.',
    keys: [],
    entries: { kinds: ['number', 'string', 'boolean', 'mapping'], object: 'distribution', doc: 'A constant, or a distribution sampled when this option is chosen.' },
  },
  {
    id: 'trial', title: 'trial', doc: 'What each trial runs.',
    keys: [
      { name: 'command', kinds: ['string'], required: true, placeholder: 'python train.py', doc: 'The command line. `${{search_space.X}}`, `${{inputs.X}}` and `${{outputs.X}}` are replaced, each value quoted as one argument for the shell it meets.' },
      { name: 'environment', kinds: ['string', 'mapping'], doc: 'Azure ML environment (`azureml:name:version` or inline). Recorded and shown; HyperSweep does not provision it, trials use the interpreter on the target.' },
      { name: 'code', kinds: ['string'], doc: 'The trial\'s working directory, relative to the spec file (a file path means its folder). An `azureml:` code asset cannot be used locally.' },
      { name: 'environment_variables', kinds: ['mapping'], object: 'string_map', doc: 'Extra environment variables for every trial.' },
      { name: 'distribution', kinds: ['mapping'], object: 'trial_distribution', doc: 'Azure ML distributed training (mpi, pytorch, tensorflow). Recorded; a local trial runs as one process.' },
      { name: 'resources', kinds: ['mapping'], object: 'resources', doc: 'Azure ML resources of each trial. Recorded; not used locally.' },
      { name: 'queue_settings', kinds: ['mapping'], object: 'queue_settings', doc: 'Azure ML queueing. Recorded; not used locally.' },
    ],
  },
  {
    id: 'trial_distribution', title: 'distribution', doc: 'Distributed training for Azure ML; `type` selects it.',
    keys: [{ name: 'type', kinds: ['string'], required: true, enum: ['mpi', 'pytorch', 'tensorflow'], caseRule: 'lower', placeholder: 'pytorch', doc: 'mpi, pytorch or tensorflow.' }],
    discriminator: {
      key: 'type', caseRule: 'lower',
      variants: [
        { value: 'mpi', azure: 'accepted', doc: 'MPI launch.', keys: [{ name: 'process_count_per_instance', kinds: ['integer'], minimum: 1, doc: 'Processes per node.' }] },
        { value: 'pytorch', azure: 'accepted', doc: 'torch.distributed launch.', keys: [{ name: 'process_count_per_instance', kinds: ['integer'], minimum: 1, doc: 'Processes per node.' }] },
        {
          value: 'tensorflow', azure: 'accepted', doc: 'TensorFlow parameter-server launch.',
          keys: [
            { name: 'worker_count', kinds: ['integer'], minimum: 1, doc: 'Number of workers.' },
            { name: 'parameter_server_count', kinds: ['integer'], minimum: 0, doc: 'Number of parameter servers.' },
          ],
        },
      ],
    },
  },
  {
    id: 'inputs', title: 'inputs', doc: 'Input names to literals or data inputs.',
    keys: [],
    entries: { kinds: ['number', 'string', 'boolean', 'mapping'], object: 'input', identifierNames: true, doc: 'A literal (written into the command as text) or a data input object.' },
  },
  {
    id: 'input', title: 'input', doc: 'A data input, or a typed literal (`type: integer`, `value: 42`).',
    keys: [
      { name: 'type', kinds: ['string'], enum: ['uri_file', 'uri_folder', 'mltable', 'mlflow_model', 'custom_model', 'triton_model', 'string', 'integer', 'number', 'boolean'], caseRule: 'exact', doc: 'Data type (default `uri_folder`) or a literal type.' },
      { name: 'path', kinds: ['string'], doc: 'Local path (made absolute against the spec folder), URL or `azureml:` reference (passed as written).' },
      { name: 'mode', kinds: ['string'], enum: ['ro_mount', 'rw_mount', 'download', 'direct', 'upload', 'eval_mount', 'eval_download'], caseRule: 'exact', doc: 'Azure ML access mode; locally every input is read in place.' },
      { name: 'value', kinds: ['string', 'number', 'boolean'], doc: 'The literal value of a typed literal input.' },
      { name: 'default', kinds: ['string', 'number', 'boolean'], doc: 'Default of a typed literal input.' },
      { name: 'optional', kinds: ['boolean'], doc: 'Whether the input may be absent (its `[...]` part of the command is then dropped).' },
      { name: 'description', kinds: ['string'], doc: 'Free text shown with the input or output; not used when running.' },
      { name: 'datastore', kinds: ['string'], doc: 'Azure ML datastore. Recorded, not used locally.' },
    ],
  },
  {
    id: 'outputs', title: 'outputs', doc: 'Output names to output objects (or empty for a default folder).',
    keys: [],
    entries: { kinds: ['mapping', 'null'], object: 'output', identifierNames: true, doc: 'An output: each trial gets its own folder for it.' },
  },
  {
    id: 'output', title: 'output', doc: 'An output of each trial.',
    keys: [
      { name: 'type', kinds: ['string'], enum: ['uri_folder', 'uri_file', 'mltable', 'mlflow_model', 'custom_model', 'triton_model'], caseRule: 'exact', doc: 'Output type (default `uri_folder`).' },
      { name: 'path', kinds: ['string'], doc: 'Azure ML destination; locally the output is the trial\'s own folder.' },
      { name: 'mode', kinds: ['string'], enum: ['rw_mount', 'upload', 'direct'], caseRule: 'exact', doc: 'Azure ML write mode; locally outputs are written in place.' },
      { name: 'description', kinds: ['string'], doc: 'Free text shown with the input or output; not used when running.' },
      { name: 'name', kinds: ['string'], doc: 'Asset name on Azure ML. Recorded.' },
      { name: 'version', kinds: ['string', 'integer'], doc: 'Asset version on Azure ML. Recorded.' },
    ],
  },
  {
    id: 'identity', title: 'identity', doc: 'Azure ML job identity; recorded only.',
    keys: [
      { name: 'type', kinds: ['string'], required: true, enum: ['user_identity', 'managed', 'managed_identity', 'aml_token'], caseRule: 'camel_to_snake', placeholder: 'user_identity', doc: 'user_identity, managed (managed_identity) or aml_token.' },
      { name: 'client_id', kinds: ['string'], doc: 'Client id of a managed identity.' },
      { name: 'object_id', kinds: ['string'], doc: 'Object id of a managed identity.' },
      { name: 'msi_resource_id', kinds: ['string'], doc: 'Resource id of a managed identity.' },
    ],
  },
  { id: 'resources', title: 'resources', doc: 'Azure ML resources; recorded only.', keys: RESOURCE_KEYS },
  {
    id: 'queue_settings', title: 'queue_settings', doc: 'Azure ML queueing; recorded only.',
    keys: [
      { name: 'job_tier', kinds: ['string', 'null'], enum: ['null', 'spot', 'basic', 'standard', 'premium'], caseRule: 'lower', doc: 'Azure ML job tier.' },
      { name: 'priority', kinds: ['string'], doc: 'Azure ML priority (low, medium, high).' },
    ],
  },
  { id: 'environment', title: 'environment', doc: 'An inline Azure ML environment (image, conda_file, build, ...); recorded and shown, not provisioned.', keys: [], open: true },
  { id: 'services', title: 'services', doc: 'Azure ML interactive services; recorded only.', keys: [], open: true },
  {
    id: 'string_map', title: 'map', doc: 'Names to string values.', keys: [],
    entries: { kinds: ['string'], doc: 'A string value.' },
  },
  {
    id: 'tags', title: 'tags', doc: 'Tag names to string values (null allowed).', keys: [],
    entries: { kinds: ['string', 'null'], doc: 'A tag value.' },
  },
];

const BY_ID = new Map<ObjectId, ObjectSchema>(SCHEMAS.map((schema) => [schema.id, schema]));

/** Every object schema of the sweep job, in a stable order. */
export const SWEEP_SCHEMAS: readonly ObjectSchema[] = SCHEMAS;

/** The schema of an object by id (every ObjectId has one). */
export function objectSchema(id: ObjectId): ObjectSchema {
  const schema = BY_ID.get(id);
  if (!schema) throw new Error(`No schema for ${id}`);
  return schema;
}

/** The keys allowed in an object of this schema for the given variant (all variants' keys when unknown). */
export function keysFor(schema: ObjectSchema, variant: string | undefined): readonly KeySchema[] {
  const discriminator = schema.discriminator;
  if (!discriminator) return schema.keys;
  const chosen = discriminator.variants.find((v) => v.value === variant);
  if (chosen) return [...schema.keys, ...chosen.keys];
  return [...schema.keys, ...discriminator.variants.flatMap((v) => v.keys)];
}
