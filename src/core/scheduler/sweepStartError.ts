/** A sweep cannot start; the message says why and what to do. */
export class SweepStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepStartError';
  }
}
