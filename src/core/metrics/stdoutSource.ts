/**
 * The stdout channel of one trial: bytes in, {@link MetricReport}s out. Wires a
 * {@link LineSplitter} to a {@link MetricLineParser} and stamps each report with the trial, the
 * time the line was complete, and `source: 'stdout'`.
 */
import { LineSplitter } from './lineSplitter';
import type { MetricListener } from './metricSource';
import { createMetricLineParser } from './stdoutParser';

export interface StdoutMetricSourceOptions {
  /** Custom metric pattern (see `createMetricLineParser`); default forms when absent. */
  readonly pattern?: string;
  /** Line cap in bytes (see `LineSplitter`). */
  readonly maxLineBytes?: number;
  /** Told once per metric name the parser refuses (see `createMetricLineParser`). */
  readonly onRefusedName?: (name: string, reason: string) => void;
}

/** Feed it the trial's output as it arrives; call `end` when the stream closes. */
export interface StdoutMetricSource {
  write(chunk: Uint8Array | string): void;
  end(): void;
}

/**
 * Creates the stdout channel for `trialId`. Throws `MetricPatternError` for a bad custom pattern,
 * so the runner can refuse the sweep before starting any trial.
 */
export function createStdoutMetricSource(
  trialId: string,
  listener: Pick<MetricListener, 'metric'>,
  options: StdoutMetricSourceOptions = {},
): StdoutMetricSource {
  const parser = createMetricLineParser(options.pattern, options.onRefusedName ? { onRefusedName: options.onRefusedName } : {});
  const splitter = new LineSplitter(
    (line) => {
      const timestamp = Date.now();
      for (const metric of parser.parse(line)) {
        listener.metric({ trialId, name: metric.name, value: metric.value, step: metric.step, timestamp, source: 'stdout' });
      }
    },
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
  );
  return {
    write: (chunk) => splitter.write(chunk),
    end: () => splitter.end(),
  };
}
