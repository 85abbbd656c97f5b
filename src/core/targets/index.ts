/** Execution targets: the targets file, the setting, and which target a sweep runs on. */
export * from './model';
export { findTargetsFile, loadTargets, resolveTarget, howToDefine, TARGETS_FILE_NAME, TARGETS_SETTING, type LoadTargetsOptions, type LoadedTargets } from './load';
export { validateTargets, type ValidateTargetsOptions, type ValidateTargetsResult } from './validate';
export { parseHostAddress, targetNameOfCompute, TARGET_NAME, type HostAddress } from './names';
export { TARGET_SCHEMAS, TARGET_TYPES, DEFAULT_WORK_ROOT, targetSchema, type TargetObjectSchema } from './schema';
