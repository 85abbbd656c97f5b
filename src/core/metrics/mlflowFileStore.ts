/**
 * MLflow calls from machines that cannot reach the sweep's endpoint (Slurm compute nodes: the
 * endpoint listens on the runner's loopback only). Such a trial gets `MLFLOW_TRACKING_URI=file://…`,
 * so the unchanged MLflow client writes MLflow's own file store on the shared folder, and this tail
 * reads the metrics back as they are appended, each poll, locally or over SSH.
 *
 * The layout, as MLflow's FileStore writes it (mlflow/store/tracking/file_store.py):
 * `<root>/<experiment id>/<run id>/metrics/<key>`, one line per logged value,
 * `<timestamp ms> <value> <step>` (older clients wrote no step: 0), appended; a key with `/` is a
 * sub-folder. A nested run (`start_run(nested=True)`) carries the tag file
 * `<run>/tags/mlflow.parentRunId`, written while the run is created, before any metric file.
 * Every top-level run counts as the trial's own (with the endpoint, each `start_run()` resumes the
 * trial's run, so values logged in several top-level runs go to the same place there too); nested
 * runs are not reported, as with the endpoint. Params (`<run>/params/<key>`, the value as the
 * whole file, written once) and tags (`<run>/tags/<key>`, rewritten by a later `set_tag`) are
 * reported like the endpoint's: each new value once, re-read when the file's size changes (a rewrite
 * to a value of the same length is not seen: listing gives sizes only), minus the
 * system tags the client writes when it creates a run (the endpoint's trial run already exists, so
 * there the client sends none). Artifacts stay in the store.
 */
import type { MetricListener } from './metricSource';
import { parseMetricNumber } from './metricValue';

/** What the tail needs of the machine that sees the store (a LoginNode). */
export interface FileStoreReader {
  listFiles(patterns: readonly string[]): Promise<Map<string, number>>;
  readFrom(path: string, offset: number, max: number): Promise<Buffer | undefined>;
}

/** Experiment sub-folders that are not runs (experiment tags, datasets, traces, logged models). */
const NOT_RUNS = new Set(['tags', 'datasets', 'traces', 'models']);
/** Root folders that are not experiments (the model registry; `.trash` is skipped as a dot name). */
const NOT_EXPERIMENTS = new Set(['models']);
const PARENT_TAG = 'mlflow.parentRunId';
/** Tags MLflow's client writes itself when it creates a run (mlflow/utils/mlflow_tags.py); not the trial's. */
const CREATION_TAGS = new Set(['mlflow.user', 'mlflow.runName', PARENT_TAG]);
const CREATION_TAG_PREFIXES = ['mlflow.source.', 'mlflow.log-model.'];
/** Most bytes of a param or tag value read (MLflow caps params at 6,000 characters, tags at 8,000). */
const VALUE_MAX = 64 * 1024;
const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

interface FileState {
  offset: number;
  /** Bytes of a line whose newline has not arrived yet. */
  partial: Buffer;
}

/** One metric line of the store, or undefined when it is not one. */
export function parseMetricLine(line: string): { timestamp: number; value: number; step: number } | undefined {
  const fields = line.trim().split(' ');
  if (fields.length !== 2 && fields.length !== 3) return undefined;
  const timestamp = Number(fields[0]);
  const value = parseMetricNumber(fields[1] ?? '');
  const step = fields.length === 3 ? Number(fields[2]) : 0;
  if (!/^-?\d+$/.test(fields[0] ?? '') || !Number.isSafeInteger(timestamp) || value === undefined) return undefined;
  if (fields.length === 3 && (!/^-?\d+$/.test(fields[2] ?? '') || !Number.isSafeInteger(step))) return undefined;
  return { timestamp, value, step };
}

export class MlflowFileStoreTail {
  private readonly files = new Map<string, FileState>();
  /** Per run folder: true when it is a nested run (decided once, when its first metric file shows). */
  private readonly nested = new Map<string, boolean>();
  private readonly warned = new Set<string>();
  /** Per param or tag file: the size at which its value was last reported. */
  private readonly valueSizes = new Map<string, number>();
  private running: Promise<void> | undefined;

  /**
   * @param root the store's folder (the path of the `file://` tracking URI)
   * @param onProblem told once per metric file that holds a line that is not a metric (skipped)
   */
  constructor(
    private readonly trialId: string,
    private readonly root: string,
    private readonly reader: FileStoreReader,
    private readonly listener: Pick<MetricListener, 'metric' | 'param' | 'tag'>,
    private readonly onProblem?: (message: string) => void,
  ) {}

  /**
   * What to list (LoginNode.listFiles), metric files first, then the nested-run tags: a tag is
   * written before its run's first metric file, so a run whose metric file is listed has its tag
   * listed too, if it has one.
   */
  get patterns(): readonly string[] {
    return [`${this.root}/*/*/metrics`, `${this.root}/*/*/tags`, `${this.root}/*/*/params`];
  }

  /**
   * Reads what was appended since the last call and reports it. Calls never overlap.
   * @param listing the result of listing `patterns` (possibly with other stores' patterns), so one
   *   listing serves every trial of a poll (one round trip over ssh); listed here when absent
   */
  pump(listing?: ReadonlyMap<string, number>): Promise<void> {
    this.running ??= this.read(listing).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async read(listing: ReadonlyMap<string, number> | undefined): Promise<void> {
    const listed = listing ?? (await this.reader.listFiles(this.patterns));
    for (const [path, size] of [...listed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const place = this.locate(path);
      if (place === undefined) continue;
      let nested = this.nested.get(place.runDir);
      if (nested === undefined) {
        nested = listed.has(`${place.runDir}/tags/${PARENT_TAG}`);
        this.nested.set(place.runDir, nested);
      }
      if (nested) continue;
      if (place.folder !== 'metrics') {
        if (this.valueSizes.get(path) !== size) await this.readValue(path, place.folder, place.key, size);
        continue;
      }
      const state = this.files.get(path) ?? { offset: 0, partial: Buffer.alloc(0) };
      this.files.set(path, state);
      if (size > state.offset) await this.readFile(path, place.key, state);
    }
  }

  /** The run folder, kind and key of a listed metric, param or tag file; undefined for anything else. */
  private locate(path: string): { runDir: string; folder: 'metrics' | 'params' | 'tags'; key: string } | undefined {
    if (!path.startsWith(`${this.root}/`)) return undefined;
    const parts = path.slice(this.root.length + 1).split('/');
    const [experiment, run, folder] = parts;
    if (experiment === undefined || run === undefined || parts.length < 4) return undefined;
    if (folder !== 'metrics' && folder !== 'params' && folder !== 'tags') return undefined;
    if (NOT_EXPERIMENTS.has(experiment) || NOT_RUNS.has(run)) return undefined;
    return { runDir: `${this.root}/${experiment}/${run}`, folder, key: parts.slice(3).join('/') };
  }

  /** Reports a param's or tag's value (the whole file) unless it is a tag the client wrote itself. */
  private async readValue(path: string, folder: 'params' | 'tags', key: string, size: number): Promise<void> {
    if (folder === 'tags' && (CREATION_TAGS.has(key) || CREATION_TAG_PREFIXES.some((prefix) => key.startsWith(prefix)))) return;
    const bytes = await this.reader.readFrom(path, 0, Math.min(size, VALUE_MAX));
    if (bytes === undefined) return;
    this.valueSizes.set(path, size);
    const report = { trialId: this.trialId, key, value: bytes.toString('utf8'), source: 'mlflow' as const };
    if (folder === 'params') this.listener.param?.(report);
    else this.listener.tag?.(report);
  }

  private async readFile(path: string, key: string, state: FileState): Promise<void> {
    for (;;) {
      const chunk = await this.reader.readFrom(path, state.offset, CHUNK);
      if (chunk === undefined || chunk.length === 0) return;
      state.offset += chunk.length;
      const bytes = state.partial.length > 0 ? Buffer.concat([state.partial, chunk]) : chunk;
      const end = bytes.lastIndexOf(NEWLINE);
      // Only whole lines: MLflow appends a line in one write, but a read may land inside it.
      state.partial = Buffer.from(bytes.subarray(end + 1));
      if (end >= 0) this.report(path, key, bytes.subarray(0, end).toString('utf8'));
      if (chunk.length < CHUNK) return;
    }
  }

  private report(path: string, key: string, text: string): void {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const metric = parseMetricLine(line);
      if (metric === undefined) {
        if (!this.warned.has(path)) {
          this.warned.add(path);
          this.onProblem?.(`trial ${this.trialId}: the MLflow metric file ${path} holds a line that is not "timestamp value step" (${JSON.stringify(line.slice(0, 80))}); such lines are skipped`);
        }
        continue;
      }
      this.listener.metric({ trialId: this.trialId, name: key, value: metric.value, step: metric.step, timestamp: metric.timestamp, source: 'mlflow' });
    }
  }
}
