/**
 * The search-space API: counting, drawing values from the unit interval, the unit-cube encoding
 * the samplers share, number formatting, and rendering a trial command.
 */
export { discreteSize, distributionCount, gridSize, isAllDiscrete, optionCount } from './cardinality';
export { choiceIndex, clampUnit, fromUnit, numericFromUnit, SpaceValueError, toUnit } from './distributions';
export type { NumericDistribution, SampleOptions } from './distributions';
export { decode, dimensions, encode, paramsKey } from './encoding';
export type { Dimension, EncodedPoint } from './encoding';
export { discretePointAt, distributionValueAt } from './enumerate';
export { cleanFloat, decimalsOf, formatNumber, quantize, roundHalfEven } from './numbers';
export { inverseNormalCdf } from './normal';
export { UNIT_MAX } from './unitSearch';
export { CommandTemplateError, renderTrialCommand } from './render';
export type { RenderedCommand, RenderRequest } from './render';
export { formatLiteralInput, formatParamValue, inputText } from './commandValues';
