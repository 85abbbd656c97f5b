/**
 * A script may report the same metric through both channels (it prints `val_loss=0.3` and calls
 * `mlflow.log_metric("val_loss", 0.3)`), and one report must stay one interval, or the policies
 * would count every epoch twice. The rule: for each metric name, the n-th report from stdout and
 * the n-th report from MLflow are the same report; whichever arrives first is recorded and the
 * other is dropped. The values may differ (a print rounds), so they are not compared. A script
 * that uses one channel only is unaffected.
 */
import type { MetricSourceKind } from '../metrics/metricSource';

export class ChannelDeduplicator {
  private readonly counts = new Map<string, Record<MetricSourceKind, number>>();

  /**
   * @param journaled reports per metric name already journaled for this attempt (a runner that
   * follows a trial again after a restart): both channels are taken to be that far along.
   */
  constructor(journaled: ReadonlyMap<string, number> = new Map()) {
    for (const [name, n] of journaled) this.counts.set(name, { stdout: n, mlflow: n });
  }

  /** Counts the report and tells whether it is the first sighting of its interval. */
  accept(name: string, source: MetricSourceKind): boolean {
    const counts = this.counts.get(name) ?? { stdout: 0, mlflow: 0 };
    this.counts.set(name, counts);
    counts[source]++;
    const other: MetricSourceKind = source === 'stdout' ? 'mlflow' : 'stdout';
    return counts[other] < counts[source];
  }
}
