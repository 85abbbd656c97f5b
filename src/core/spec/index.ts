/** The sweep spec module: reading, validating and describing Azure ML sweep-job YAML. */
export * from './diagnostics';
export * from './model';
export * from './schemaTypes';
export { SWEEP_SCHEMAS, objectSchema, keysFor } from './schema';
export { camelToSnake, normaliseCase } from './caseRules';
export { editDistance, nearest } from './suggest';
export { parseSpecYaml, type ParsedYaml } from './parse';
export { MAX_NESTING_DEPTH, MAX_ALIAS_EXPANSIONS, MAX_ALIAS_NODES, type YamlNode, type YamlMap, type YamlSeq, type YamlScalar, type YamlEntry, type Span } from './yamlTree';
export { findPlaceholders, findOptionalGroups, type Placeholder, type PlaceholderKind, type OptionalGroup } from './placeholders';
export { IDENTIFIER, boundsLookRaw } from './searchSpace';
export { DEFAULT_MAX_TOTAL_TRIALS } from './sections';
export { BAYESIAN_TRIALS_PER_PARAMETER, BAYESIAN_MAX_CONCURRENT } from './samplerChecks';
export type { SpecFileSystem } from './targetChecks';
export { loadSpec, type LoadSpecOptions, type LoadSpecResult } from './validate';
export { nodeFileSystem } from './nodeFileSystem';
