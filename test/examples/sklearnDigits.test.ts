// The scikit-learn example run for real: the spec is loaded, a trial's parameters are drawn by the
// spec's own sampler, its command is rendered as the runner renders it, and `python3 train.py ...`
// runs in the spec's folder against a real tracking endpoint. Both channels (printed lines and
// MLflow REST calls) must carry the same values. When `python3` on PATH lacks scikit-learn but
// /usr/bin/python3 has it (this machine), the run also proves train.py's re-exec works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSampler } from '../../src/core/samplers';
import { renderTrialCommand, type RenderedCommand } from '../../src/core/space';
import { loadSpec, nodeFileSystem, type SweepSpec } from '../../src/core/spec';
import { startTrackingServer, type TrackingServer } from '../../src/core/metrics/mlflow/server';
import { createMetricLineParser } from '../../src/core/metrics/stdoutParser';
import type { MetricReport, ParamReport, RunStatusReport } from '../../src/core/metrics/metricSource';

const EXAMPLES = resolve(__dirname, '../../examples');
const DIGITS_DIR = join(EXAMPLES, 'sklearn-digits');
const SPEC_FILES = [join(EXAMPLES, 'node-mlp', 'sweep.yaml'), join(DIGITS_DIR, 'sweep.yaml')];
const TRIAL_ID = 'digits-sklearn-mlp_0';

/** The interpreters train.py can end up in: `python3` on PATH, or the system one it re-execs. */
function hasSklearn(python: string): boolean {
  return spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}
const NO_SKLEARN = ['python3', '/usr/bin/python3'].some(hasSklearn)
  ? undefined
  : 'no Python 3 with scikit-learn on this machine (pip install scikit-learn, or apt-get install python3-sklearn)';

function load(file: string): { spec: SweepSpec | undefined; errors: string[] } {
  const result = loadSpec(readFileSync(file, 'utf8'), { fileName: file, specDir: resolve(file, '..'), fileSystem: nodeFileSystem });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}: ${d.message}`);
  return { spec: result.spec, errors };
}

function digitsSpec(): SweepSpec {
  const { spec, errors } = load(join(DIGITS_DIR, 'sweep.yaml'));
  assert.ok(spec, errors.join('\n'));
  return spec;
}

/** The first trial's command, drawn and rendered exactly as the runner does for trial 0. */
function renderFirstTrial(spec: SweepSpec): RenderedCommand {
  const seed = spec.sampling.type === 'random' ? (spec.sampling.seed ?? 0) : 0;
  const sampler = createSampler(spec.sampling, { space: spec.search_space, seed, goal: spec.objective.goal });
  const proposal = sampler.propose([], 1).proposals[0];
  assert.ok(proposal, 'the sampler proposed no trial');
  return renderTrialCommand({ command: spec.trial.command, params: proposal.params, inputs: spec.inputs, outputs: {}, specDir: DIGITS_DIR });
}

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs argv in the example folder (the spec's `code: .`) with the parent environment plus `env`. */
function run(argv: readonly string[], env: Record<string, string>, dropTracking = false): Promise<Outcome> {
  const [program, ...args] = argv;
  assert.ok(program !== undefined, 'empty command');
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The trial must report only where this test says: never to a tracking server of the parent's.
  for (const key of Object.keys(base)) if (key.startsWith('MLFLOW_') && (dropTracking || !(key in env))) delete base[key];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, { cwd: DIGITS_DIR, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** [step, value] pairs of one metric as the stdout channel reports them. */
function printedSeries(stdout: string, name: string): [number, number][] {
  const parser = createMetricLineParser();
  return stdout
    .split('\n')
    .flatMap((line) => parser.parse(line))
    .filter((metric) => metric.name === name)
    .map((metric) => [metric.step, metric.value]);
}

describe('examples/*/sweep.yaml', () => {
  for (const file of SPEC_FILES) {
    test(`${file.slice(EXAMPLES.length + 1)} loads with no errors`, () => {
      const { spec, errors } = load(file);
      assert.deepEqual(errors, []);
      assert.ok(spec);
    });
  }

  test('the digits spec is the sweep the README describes', () => {
    const spec = digitsSpec();
    assert.deepEqual(spec.objective, { goal: 'maximize', primary_metric: 'val_accuracy' });
    assert.equal(spec.sampling.type, 'random');
    assert.equal(spec.sampling.type === 'random' ? spec.sampling.seed : undefined, 7);
    assert.deepEqual(
      spec.search_space.parameters.map((p) => [p.name, p.distribution.type]),
      [['learning_rate_init', 'loguniform'], ['alpha', 'loguniform'], ['hidden', 'choice'], ['batch_size', 'choice']],
    );
    assert.equal(spec.early_termination?.type, 'median_stopping');
    assert.equal(spec.limits.max_total_trials, 12);
    assert.equal(spec.limits.max_concurrent_trials, 3);
    assert.ok((spec.limits.trial_timeout ?? 0) > 0);
  });

  test('the rendered command runs python3 train.py directly, with every value as its own argument', () => {
    const rendered = renderFirstTrial(digitsSpec());
    assert.equal(rendered.shell, false);
    assert.deepEqual(rendered.argv.slice(0, 2), ['python3', 'train.py']);
    for (const flag of ['--learning_rate_init', '--alpha', '--hidden', '--batch_size', '--epochs', '--seed']) {
      const value = rendered.argv[rendered.argv.indexOf(flag) + 1];
      assert.ok(value !== undefined && Number.isFinite(Number(value)), `${flag} has no number after it: ${rendered.argv.join(' ')}`);
    }
  });
});

describe('examples/sklearn-digits/train.py as a trial', { skip: NO_SKLEARN }, () => {
  let server: TrackingServer;
  let artifactRoot: string;
  const metrics: MetricReport[] = [];
  const params: ParamReport[] = [];
  const statuses: RunStatusReport[] = [];
  let tracked: Promise<Outcome> | undefined;
  let rendered: RenderedCommand;
  let runId: string;

  /** Trial 0 with the sweep's environment; run once, shared by the tests below. */
  function trackedTrial(): Promise<Outcome> {
    tracked ??= (() => {
      const trial = server.createTrialRun(TRIAL_ID, 'hypersweep-examples');
      runId = trial.runId;
      return run(rendered.argv, { ...rendered.env, ...trial.env, HYPERSWEEP_TRIAL_ID: TRIAL_ID });
    })();
    return tracked;
  }

  before(async () => {
    rendered = renderFirstTrial(digitsSpec());
    artifactRoot = mkdtempSync(join(tmpdir(), 'hypersweep-sklearn-digits-'));
    server = await startTrackingServer({
      artifactRoot,
      listener: { metric: (r) => metrics.push(r), param: (r) => params.push(r), runStatus: (r) => statuses.push(r) },
    });
  });

  after(async () => {
    await server.close();
    rmSync(artifactRoot, { recursive: true, force: true });
  });

  test('reports val_accuracy and val_loss every epoch through stdout and MLflow, with equal values', async () => {
    const outcome = await trackedTrial();
    assert.equal(outcome.code, 0, outcome.stderr);
    const epochs = Number(rendered.argv[rendered.argv.indexOf('--epochs') + 1]);
    assert.ok(epochs >= 1);

    for (const name of ['val_accuracy', 'val_loss']) {
      const printed = printedSeries(outcome.stdout, name);
      const logged = metrics.filter((m) => m.trialId === TRIAL_ID && m.source === 'mlflow' && m.name === name).map((m) => [m.step, m.value]);
      assert.equal(printed.length, epochs, `${name}: one printed report per epoch`);
      assert.deepEqual(logged, printed, `${name}: MLflow and stdout disagree`);
    }
    for (const [, accuracy] of printedSeries(outcome.stdout, 'val_accuracy')) assert.ok(accuracy >= 0 && accuracy <= 1);
    for (const [, loss] of printedSeries(outcome.stdout, 'val_loss')) assert.ok(loss > 0 && Number.isFinite(loss));
    // Ten classes: guessing scores 0.1; any configuration the spec can draw learns far beyond that.
    const last = printedSeries(outcome.stdout, 'val_accuracy').at(-1);
    assert.ok(last !== undefined && last[1] > 0.5, `final val_accuracy ${String(last?.[1])}`);
  });

  test('logs the hyperparameters it ran with and finishes its run', async () => {
    await trackedTrial();
    const logged = new Map(params.filter((p) => p.trialId === TRIAL_ID).map((p) => [p.key, p.value]));
    for (const flag of ['learning_rate_init', 'alpha', 'hidden', 'batch_size', 'epochs', 'seed']) {
      const given = rendered.argv[rendered.argv.indexOf(`--${flag}`) + 1];
      assert.equal(Number(logged.get(flag)), Number(given), `param ${flag}`);
    }
    assert.deepEqual(statuses.filter((s) => s.trialId === TRIAL_ID).map((s) => s.status), ['RUNNING', 'FINISHED']);
    assert.equal(server.store.getRun(runId).status, 'FINISHED');
  });

  test('the same command without a tracking server prints the same numbers (seeded, stdout only)', async () => {
    const first = await trackedTrial();
    const again = await run(rendered.argv, rendered.env, true);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(printedSeries(again.stdout, 'val_accuracy'), printedSeries(first.stdout, 'val_accuracy'));
    assert.deepEqual(printedSeries(again.stdout, 'val_loss'), printedSeries(first.stdout, 'val_loss'));
  });

  test('a wrong tracking token stops the trial with a one-line UNAUTHENTICATED error', async () => {
    const trial = server.createTrialRun('digits-sklearn-mlp_bad', 'hypersweep-examples');
    const outcome = await run(['python3', 'train.py', '--epochs', '1'], { ...trial.env, MLFLOW_TRACKING_TOKEN: 'not-the-sweep-token' });
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /UNAUTHENTICATED/);
    assert.doesNotMatch(outcome.stderr, /Traceback/);
    assert.equal(metrics.filter((m) => m.trialId === 'digits-sklearn-mlp_bad').length, 0);
  });

  test('a hyperparameter out of range is refused with a message naming the flag', async () => {
    for (const [flag, value, expected] of [
      ['--alpha', '-1', /--alpha: must be >= 0/],
      ['--hidden', '3.5', /--hidden: expected a whole number/],
      ['--learning_rate_init', 'fast', /--learning_rate_init: expected a number/],
    ] as const) {
      const outcome = await run(['python3', 'train.py', flag, value], {}, true);
      assert.equal(outcome.code, 2, `${flag} ${value}`);
      assert.match(outcome.stderr, expected);
      assert.doesNotMatch(outcome.stderr, /Traceback/);
    }
  });
});
