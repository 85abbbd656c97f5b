/** Editor assistance for sweep specs, independent of any editor: completion, hover, previews, new specs. */
export { completionsAt, type AssistCompletion, type AssistCompletionKind, type CompletionExtras } from './completions';
export { hoverAt, type AssistHover } from './hover';
export { describeDistribution, shortNumber } from './distributionSummary';
export { reportedMetricNames } from './reportedMetrics';
export { previewSamplesText, PREVIEW_DEFAULT_SEED } from './samplePreview';
export { scanScriptOptions, scriptLanguage, identifierFor, type ScriptOption, type ScriptLanguage, type OptionType } from './scriptOptions';
export { newSpecText, interpreterFor, type NewSpecRequest } from './newSpec';
