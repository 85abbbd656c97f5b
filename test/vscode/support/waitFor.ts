/**
 * Polling for the real-VS-Code tests: VS Code updates diagnostics, tabs, tasks and trees
 * asynchronously, so a test waits for a condition instead of sleeping a guessed time.
 */

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the error message (e.g. "diagnostics for broken.sweep.yaml"). */
  readonly what: string;
  /** Give up after this long (default 20 s). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than `undefined` and returns that value; throws an
 * error naming `what` (and the last probe error, if any) when the time is up.
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`timed out waiting for ${options.what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
