/**
 * Metrics end to end, as a user's sweep sees them: a real `SweepRunner` (from `openSweep`) runs a
 * real trial process, and every value it prints must be in the journal on disk (fdatasync'ed)
 * before the sweep ends. This is the figure that matters for a trial that logs fast, unlike the
 * parser-only rates of the `metrics` group.
 * - end to end: one trial prints N `loss=<v>` lines as fast as the pipe takes them; metrics/s is
 *   N over the time from `start()` to `done` (spawn and sweep end included). Fails unless the
 *   journal holds exactly N metric events.
 * - decision to kill: a good trial, then a bad one printing one value per event-loop turn until
 *   bandit stops it. Latency is from the moment the bad trial printed the value the policy
 *   decided on to the moment its SIGTERM handler ran (both on the trial's clock); also how many
 *   values it printed after that value (journaled after-stop, counted nowhere); the same for a bad
 *   trial printing one value every 5 ms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal } from '../src/core/journal/reader';
import { LocalLauncher } from '../src/core/launchers/localLauncher';
import { openSweep } from '../src/core/scheduler/sweepSession';
import { grouped, median, perSecond, resultsFor, timeAsync, type BenchGroup, type BenchResult } from './harness';
import { loadValidSpec } from './specs';

const VALUES = 400_000;
const KILL_ROUNDS = 5;
/** A trial reporting every 5 ms: how many values get past a stop decision (issue 16 measured 1.9-4.6 on average, up to 24). */
const PACED_MS = 5;
const PRINT_VALUES = join(__dirname, 'trials', 'printValues.js');
const FAST_CURVE = join(__dirname, 'trials', 'fastCurve.js');

function sweepYaml(command: string, extra: string): string {
  return `type: sweep
trial:
  command: ${command}
objective:
  goal: minimize
  primary_metric: loss
${extra.trim()}
`;
}

async function runSweep(dir: string, name: string, yaml: string): Promise<string> {
  const specPath = join(dir, `${name}.sweep.yaml`);
  writeFileSync(specPath, yaml);
  const sweepDir = join(dir, '.hypersweep', name);
  const runner = await openSweep({
    specPath, specText: yaml, spec: loadValidSpec(yaml), sweepDir, name, seed: 1, launcher: new LocalLauncher({ slots: 1 }),
  });
  await runner.start();
  return join(sweepDir, 'journal.jsonl');
}

/** Seconds from start() to done for one trial printing `VALUES` values; throws unless all are journaled. */
async function endToEnd(dir: string): Promise<{ ms: number; rssMb: number; cpuUs: number }> {
  const yaml = sweepYaml(`node ${JSON.stringify(PRINT_VALUES)} ${VALUES}`, `
sampling_algorithm: grid
search_space:
  x:
    type: choice
    values: [1]
early_termination:
  type: median_stopping
  evaluation_interval: 1
limits:
  max_total_trials: 1
`);
  let journal = '';
  const cpuBefore = process.cpuUsage();
  const ms = await timeAsync(async () => {
    journal = await runSweep(dir, 'e2e', yaml);
  });
  const cpu = process.cpuUsage(cpuBefore);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const metrics = (await readJournal(journal)).events.filter((e) => e.type === 'metric').length;
  if (metrics !== VALUES) throw new Error(`the journal holds ${metrics} of ${VALUES} printed values`);
  return { ms, rssMb, cpuUs: cpu.user + cpu.system };
}

/** One good trial, then a bad one stopped by bandit: decision-to-kill latency and values after the decision. */
async function decisionToKill(dir: string, round: number, paceMs: number): Promise<{ latencyMs: number; afterDecision: number; afterStopJournaled: number }> {
  const out = join(dir, `kill-${round}.json`);
  const yaml = sweepYaml(`node ${JSON.stringify(FAST_CURVE)} ${JSON.stringify(out)} 200${paceMs > 0 ? ` --pace ${paceMs}` : ''} --\${{search_space.kind}}`, `
sampling_algorithm: grid
search_space:
  kind:
    type: choice
    values: [good, bad]
early_termination:
  type: bandit
  evaluation_interval: 1
  delay_evaluation: 20
  slack_factor: 0.1
limits:
  max_total_trials: 2
  max_concurrent_trials: 1
`);
  const journal = await runSweep(dir, `kill-${round}`, yaml);
  const events = (await readJournal(journal)).events;
  const stop = events.find((e) => e.type === 'policy-decision' && e.explanation.outcome === 'stop');
  if (stop?.type !== 'policy-decision') throw new Error('bandit did not stop the bad trial');
  const { printedAt, termAt } = JSON.parse(readFileSync(out, 'utf8')) as { printedAt: number[]; termAt: number };
  const decidedOn = printedAt[stop.explanation.interval - 1];
  if (decidedOn === undefined) throw new Error('the trial did not print the value the policy decided on');
  const afterStopJournaled = events.filter((e) => e.type === 'metric' && e.afterStop === true).length;
  return { latencyMs: termAt - decidedOn, afterDecision: printedAt.length - stop.explanation.interval, afterStopJournaled };
}

/** The `endtoend` benchmark group. */
export const endToEndGroup: BenchGroup = {
  name: 'endtoend',
  description: `${grouped(VALUES)} printed values through a real runner into the journal; decision-to-kill latency`,
  run: async () => {
    const result = resultsFor('endtoend');
    const dir = mkdtempSync(join(tmpdir(), 'hypersweep-bench-e2e-'));
    try {
      const e2e = await endToEnd(dir);
      const kills = [];
      for (let round = 0; round < KILL_ROUNDS; round++) kills.push(await decisionToKill(dir, round, 0));
      const paced = [];
      for (let round = 0; round < KILL_ROUNDS; round++) paced.push(await decisionToKill(dir, KILL_ROUNDS + round, PACED_MS));
      const results: BenchResult[] = [
        result('metrics end to end: rate', perSecond(VALUES, e2e.ms), 'metrics/s', `1 trial prints ${grouped(VALUES)} values; start() to done, all in the journal (fdatasync'ed), median_stopping checked per value`),
        result('metrics end to end: total', e2e.ms / 1000, 's', `runner process RSS after: ${e2e.rssMb.toFixed(0)} MB`),
        // CPU per value does not depend on what else the machine is doing, unlike the rate.
        result('metrics end to end: runner CPU per value', e2e.cpuUs / VALUES, 'µs', `user + system CPU of the runner process over the sweep / ${grouped(VALUES)}`),
        result('decision to kill: latency', median(kills.map((k) => k.latencyMs)), 'ms', `median of ${KILL_ROUNDS} (${kills.map((k) => k.latencyMs.toFixed(1)).join(', ')}): decided-on value printed -> SIGTERM handled`),
        result('decision to kill: values after the decision', median(kills.map((k) => k.afterDecision)), 'values', `median of ${KILL_ROUNDS} (${kills.map((k) => k.afterDecision).join(', ')}), one value per event-loop turn; journaled as after-stop: ${kills.map((k) => k.afterStopJournaled).join(', ')}`),
        result(`decision to kill, ${PACED_MS} ms per value: values after the decision`, median(paced.map((k) => k.afterDecision)), 'values', `median of ${KILL_ROUNDS} (${paced.map((k) => k.afterDecision).join(', ')}); latency ${paced.map((k) => k.latencyMs.toFixed(1)).join(', ')} ms`),
      ];
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
