/**
 * A sweep journal the browser tests write while the dashboard follows it: trials are created,
 * report their primary metric and end with any status, through the real JournalWriter, so the
 * dashboard sees exactly what a runner would write. Randomness comes from a seeded generator, so a
 * failing sequence can be replayed from its seed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBody, JournalEvent, TerminalStatus, CancelReason } from '../../src/core/journal/events';
import { makeEvent } from '../../src/core/journal/events';
import { sweepPaths } from '../../src/core/journal/layout';
import { JournalWriter } from '../../src/core/journal/writer';
import type { EarlyTermination, Params } from '../../src/core/spec/model';

/** mulberry32: a small seeded generator, enough to drive test sequences. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, chosen by `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export interface LiveTrial {
  readonly id: string;
  readonly index: number;
  reports: number;
  status: 'Running' | TerminalStatus;
}

/** A sweep folder whose journal the test appends to; `close()` closes the writer. */
export class LiveJournal {
  readonly trials: LiveTrial[] = [];
  private t = Date.UTC(2025, 0, 1);

  private constructor(readonly dir: string, readonly name: string, private readonly writer: JournalWriter, private readonly random: () => number) {}

  /** A new sweep folder with its sweep-created and runner-started events. */
  static async create(name: string, random: () => number, options: { goal?: 'minimize' | 'maximize'; primaryMetric?: string; spec?: string; policy?: EarlyTermination } = {}): Promise<LiveJournal> {
    const dir = join(mkdtempSync(join(tmpdir(), 'hypersweep-live-')), name);
    mkdirSync(dir);
    const writer = await JournalWriter.open(sweepPaths(dir).journal);
    const journal = new LiveJournal(dir, name, writer, random);
    if (options.spec !== undefined) journal.writeSpec(options.spec);
    await journal.write([
      {
        type: 'sweep-created', name, specPath: `/specs/${name}.sweep.yaml`, specHash: '0'.repeat(64), sampler: 'random', seed: 1,
        goal: options.goal ?? 'minimize', primaryMetric: options.primaryMetric ?? 'val_loss', limits: { max_total_trials: 40, max_concurrent_trials: 8 },
        policy: options.policy ?? null, hypersweepVersion: '0.0.0-test',
      },
      { type: 'runner-started', pid: process.pid, host: 'test', resume: false },
    ]);
    return journal;
  }

  /** Writes the spec copy the sweep folder holds (`spec.yaml`), which the dashboard reads for axis scales. */
  writeSpec(text: string): void {
    writeFileSync(sweepPaths(this.dir).spec, text);
  }

  async write(bodies: readonly EventBody[]): Promise<void> {
    this.t += 1000;
    await this.writer.appendMany(bodies.map((body) => makeEvent(body, this.t) as JournalEvent));
  }

  /** Creates and starts a trial with random parameters (or `params`). */
  async addTrial(params?: Params): Promise<LiveTrial> {
    const index = this.trials.length;
    const id = `${this.name}_${index}`;
    const chosen: Params = params ?? {
      lr: Number((10 ** (-4 + 3.5 * this.random())).toPrecision(4)),
      activation: pick(this.random, ['relu', 'tanh']),
      width: pick(this.random, [16, 32, 64, 128]),
    };
    await this.write([
      { type: 'trial-created', trialId: id, index, sequence: index, params: chosen },
      { type: 'trial-started', trialId: id, attempt: 1, pid: 20_000 + index, processStartTime: this.t, target: 'local', argv: ['python', 'train.py'], cwd: '/work' },
    ]);
    const trial: LiveTrial = { id, index, reports: 0, status: 'Running' };
    this.trials.push(trial);
    return trial;
  }

  /** One report of `metric` (the primary by default) by `trial`. */
  async report(trial: LiveTrial, value: number = Number((0.1 + this.random()).toFixed(4)), metric = 'val_loss'): Promise<void> {
    await this.write([{ type: 'metric', trialId: trial.id, name: metric, value, step: trial.reports, timestamp: this.t, source: 'stdout' }]);
    trial.reports++;
  }

  /** The policy stops `trial` at its current interval (a policy-decision event, then its end). */
  async stopEarly(trial: LiveTrial, best: number, threshold: number): Promise<void> {
    const interval = trial.reports;
    await this.write([{
      type: 'policy-decision',
      explanation: {
        policy: 'bandit', trialId: trial.id, interval, goal: 'minimize', outcome: 'stop', value: best, reference: { best: threshold / 1.2 }, threshold, populationSize: 3,
        summary: `${trial.id} stopped at interval ${interval}: best ${best} > ${threshold / 1.2} * (1 + 0.2) = ${threshold} (bandit, compared with 3 trials)`,
      },
    }]);
    await this.end(trial, 'Canceled', 'early_termination');
  }

  async end(trial: LiveTrial, status: TerminalStatus, reason?: CancelReason): Promise<void> {
    await this.write([{
      type: 'trial-ended', trialId: trial.id, attempt: 1, status, ...(reason !== undefined ? { reason } : {}),
      exitCode: status === 'Completed' ? 0 : status === 'Failed' ? 1 : null, signal: status === 'Canceled' ? 'SIGTERM' : null,
    }]);
    trial.status = status;
  }

  /** A random live change: a new trial, a report of a running one, or a running one ending. */
  async randomChange(maxTrials: number): Promise<string> {
    const running = this.trials.filter((t) => t.status === 'Running');
    const roll = this.random();
    if (running.length === 0 || (roll < 0.3 && this.trials.length < maxTrials)) {
      const trial = await this.addTrial();
      return `add ${trial.id}`;
    }
    const trial = pick(this.random, running);
    if (roll < 0.7) {
      await this.report(trial);
      return `report ${trial.id}`;
    }
    const [status, reason] = pick<[TerminalStatus, CancelReason | undefined]>(this.random, [['Completed', undefined], ['Canceled', 'early_termination'], ['Failed', undefined], ['Canceled', 'user']]);
    await this.end(trial, status, reason);
    return `end ${trial.id} ${status}`;
  }

  async close(): Promise<void> {
    await this.writer.close();
  }
}

/** A spec with a loguniform, a choice and a nested choice, for the chart and compare tests. */
export const CHARTS_SPEC = `type: sweep
name: charts
trial:
  command: python train.py --lr \${{search_space.lr}} --activation \${{search_space.activation}} --model '\${{search_space.model}}'
sampling_algorithm: random
search_space:
  lr:
    type: loguniform
    min_value: -9.2
    max_value: -0.5
  activation:
    type: choice
    values: [relu, tanh]
  model:
    type: choice
    values:
      - arch: cnn
        kernel:
          type: choice
          values: [3, 5]
      - arch: mlp
        depth:
          type: randint
          upper: 6
objective:
  goal: minimize
  primary_metric: val_loss
limits:
  max_total_trials: 40
  max_concurrent_trials: 8
early_termination:
  type: bandit
  slack_factor: 0.2
  evaluation_interval: 5
  delay_evaluation: 0
`;
