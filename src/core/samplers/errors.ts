/** Errors a sampler factory throws; the runner shows the message to the user as it is. */

/** A sampler was asked for something it cannot do with this space or these settings. */
export class SamplerConfigurationError extends Error {
  override readonly name = 'SamplerConfigurationError';
}

/** The requested sampler does not exist yet. */
export class SamplerUnavailableError extends Error {
  override readonly name = 'SamplerUnavailableError';
}
