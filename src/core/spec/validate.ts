/**
 * `loadSpec`: text in, typed SweepSpec and diagnostics out. It parses the YAML (parse.ts),
 * checks every section against the schema table (schema.ts, checkObject.ts), builds the model
 * with the defaults of decisions.md, then runs the cross-section rules: placeholders, sampler
 * combinations, and what HyperSweep can honour locally. It never throws.
 */
import { hasErrors, type Diagnostic } from './diagnostics';
import { checkObject, type CheckedObject } from './checkObject';
import { SpecContext, stringOf } from './context';
import type { EarlyTermination, SweepSpec } from './model';
import { parseSpecYaml } from './parse';
import { checkPlaceholders } from './placeholderChecks';
import { checkSampler } from './samplerChecks';
import { objectSchema } from './schema';
import { IDENTIFIER, readSearchSpace, type RejectedParameter } from './searchSpace';
import { readEarlyTermination, readLimits, readObjective, readSampling } from './sections';
import { checkCode, noteCompute, noteEnvironment, noteRecordedOnly, type SpecFileSystem } from './targetChecks';
import { readInputs, readOutputs, readRecorded, readStringMap, readTrial } from './trialSections';
import type { YamlEntry, YamlMap, YamlNode } from './yamlTree';

export interface LoadSpecOptions {
  /** Shown in messages by callers; not used for reading. */
  readonly fileName?: string;
  /** Folder of the spec file: `trial.code` is resolved against it. */
  readonly specDir?: string;
  /** File-system access for the `code` check; without it the check is skipped. */
  readonly fileSystem?: SpecFileSystem;
  /**
   * Names of the defined execution targets (`loadTargets`), when the caller has them: a `compute`
   * naming none of them is then an `unknown-target` warning.
   */
  readonly targetNames?: readonly string[];
}

export interface LoadSpecResult {
  /** Present if and only if there are no errors. */
  readonly spec?: SweepSpec;
  readonly diagnostics: readonly Diagnostic[];
}

function keysOf(node: YamlNode | undefined): string[] {
  return node?.kind === 'map' ? node.entries.map((e) => e.key) : [];
}

function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => a.d.range.start.offset - b.d.range.start.offset || a.index - b.index)
    .map(({ d }) => d);
}

function buildSpec(ctx: SpecContext, root: CheckedObject, options: LoadSpecOptions): SweepSpec | undefined {
  const entry = (key: string): YamlEntry | undefined => (root.invalid.has(key) ? undefined : root.fields.get(key));
  const text = (key: string): string | undefined => stringOf(entry(key)?.value);

  const tagsEntry = entry('tags');
  const tags = tagsEntry ? readStringMap(ctx, tagsEntry, 'tags', '`tags`') : {};
  const propertiesEntry = entry('properties');
  const properties = propertiesEntry ? readStringMap(ctx, propertiesEntry, 'string_map', '`properties`') : {};
  const computeEntry = entry('compute');
  const compute = text('compute');
  if (computeEntry && compute !== undefined) noteCompute(ctx, computeEntry, compute, options.targetNames);

  const recorded = (key: string, id: 'identity' | 'resources' | 'queue_settings' | 'services'): Readonly<Record<string, unknown>> | undefined => {
    const item = entry(key);
    if (!item) return undefined;
    const value = readRecorded(ctx, item, id, `\`${key}\``);
    noteRecordedOnly(ctx, item, `\`${key}\``);
    return value;
  };
  const identity = recorded('identity', 'identity');
  const resources = recorded('resources', 'resources');
  const queueSettings = recorded('queue_settings', 'queue_settings');
  recorded('services', 'services');

  const inputsEntry = entry('inputs');
  const inputs = inputsEntry ? readInputs(ctx, inputsEntry) : {};
  const outputsEntry = entry('outputs');
  const outputs = outputsEntry ? readOutputs(ctx, outputsEntry) : {};

  const samplingEntry = entry('sampling_algorithm');
  const sampling = samplingEntry ? readSampling(ctx, samplingEntry, root.enums.get('sampling_algorithm')) : undefined;
  const spaceEntry = entry('search_space');
  const rejected: RejectedParameter[] = [];
  const space = spaceEntry ? readSearchSpace(ctx, spaceEntry.value, spaceEntry.keySpan, rejected) : undefined;
  const objectiveEntry = entry('objective');
  const objective = objectiveEntry ? readObjective(ctx, objectiveEntry) : undefined;
  const limitsEntry = root.fields.get('limits');
  const limits = root.invalid.has('limits') ? undefined : readLimits(ctx, limitsEntry, root.node);
  const policyEntry = entry('early_termination');
  const policy: EarlyTermination | 'invalid' | undefined = policyEntry ? readEarlyTermination(ctx, policyEntry) : undefined;

  const trialEntry = entry('trial');
  const trial = trialEntry ? readTrial(ctx, trialEntry) : undefined;
  const trialMap = trialEntry?.value.kind === 'map' ? trialEntry.value : undefined;
  const trialField = (key: string): YamlEntry | undefined => trialMap?.entries.find((e) => e.key === key);
  const codeEntry = trialField('code');
  const code = stringOf(codeEntry?.value);
  if (codeEntry && code !== undefined) checkCode(ctx, codeEntry, code, options.specDir, options.fileSystem);
  const environmentEntry = trialField('environment');
  if (environmentEntry && (environmentEntry.value.kind === 'map' || stringOf(environmentEntry.value) !== undefined)) noteEnvironment(ctx, environmentEntry);
  for (const key of ['distribution', 'resources', 'queue_settings']) {
    const item = trialField(key);
    if (item) noteRecordedOnly(ctx, item, `\`trial.${key}\``);
  }

  const commandNode = trialField('command')?.value;
  if (commandNode?.kind === 'scalar' && typeof commandNode.value === 'string') {
    const spaceMap: YamlMap | undefined = spaceEntry?.value.kind === 'map' ? spaceEntry.value : undefined;
    const declared = {
      search_space: (spaceMap?.entries ?? []).filter((e) => IDENTIFIER.test(e.key)),
      inputs: keysOf(inputsEntry?.value),
      outputs: keysOf(outputsEntry?.value),
    };
    checkPlaceholders(ctx, commandNode, declared, spaceMap);
  }

  // The sampler checks run whatever else failed, so independent problems show at once.
  if (sampling && (space || rejected.length > 0)) {
    const limitsMap = limitsEntry?.value.kind === 'map' ? limitsEntry.value : undefined;
    const limitSpan = (key: string) => limitsMap?.entries.find((e) => e.key === key)?.value.span;
    const maxTotalTrials = limitSpan('max_total_trials');
    const maxConcurrentTrials = limitSpan('max_concurrent_trials');
    checkSampler(ctx, sampling, space, limits, policy !== undefined, {
      sampling: samplingEntry?.keySpan ?? root.node.span,
      ...(maxTotalTrials ? { maxTotalTrials } : {}),
      ...(maxConcurrentTrials ? { maxConcurrentTrials } : {}),
      ...(policyEntry ? { earlyTermination: policyEntry.keySpan } : {}),
    }, rejected);
  }

  if (!tags || !properties || !inputs || !outputs || !sampling || !space || !objective || !limits || !trial || policy === 'invalid') return undefined;
  const name = text('name');
  const displayName = text('display_name');
  const experimentName = text('experiment_name');
  const description = text('description');
  return {
    type: 'sweep',
    ...(name !== undefined ? { name } : {}),
    ...(displayName !== undefined ? { display_name: displayName } : {}),
    ...(experimentName !== undefined ? { experiment_name: experimentName } : {}),
    ...(description !== undefined ? { description } : {}),
    tags,
    properties: properties as Record<string, string>,
    ...(compute !== undefined ? { compute } : {}),
    ...(identity ? { identity } : {}),
    inputs,
    outputs,
    sampling,
    search_space: space,
    objective,
    limits,
    ...(policy ? { early_termination: policy } : {}),
    trial,
    ...(queueSettings ? { queue_settings: queueSettings } : {}),
    ...(resources ? { resources } : {}),
  };
}

/**
 * Reads and validates a sweep spec. `spec` is present if and only if no diagnostic is an error;
 * diagnostics come sorted by position.
 */
export function loadSpec(text: string, options: LoadSpecOptions = {}): LoadSpecResult {
  const parsed = parseSpecYaml(text);
  const ctx = new SpecContext(text, parsed.positions);
  for (const diagnostic of parsed.diagnostics) ctx.diagnostics.push(diagnostic);
  let spec: SweepSpec | undefined;
  if (parsed.root) {
    const root = checkObject(ctx, parsed.root, objectSchema('sweep'), { label: 'the sweep job' });
    if (root) spec = buildSpec(ctx, root, options);
  }
  const diagnostics = sortDiagnostics(ctx.diagnostics);
  return spec && !hasErrors(diagnostics) ? { spec, diagnostics } : { diagnostics };
}
