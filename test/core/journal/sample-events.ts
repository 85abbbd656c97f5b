/** One event of every type, with awkward values (NaN, ±Infinity, unicode, nested params). */
import type { JournalEvent } from '../../../src/core/journal/events';

const T0 = 1_700_000_000_000;

export const SAMPLE_EVENTS: readonly JournalEvent[] = [
  {
    v: 1, t: T0, type: 'sweep-created', name: 'demo', specPath: '/w/demo.sweep.yaml', specHash: 'ab12',
    sampler: 'random', seed: 42, goal: 'maximize', primaryMetric: 'accuracy',
    limits: { max_total_trials: 4, max_concurrent_trials: 2, trial_timeout: 60 },
    policy: { type: 'bandit', evaluation_interval: 1, delay_evaluation: 0, slack_factor: 0.1 },
    hypersweepVersion: '0.1.0',
  },
  { v: 1, t: T0 + 1, type: 'runner-started', pid: 1234, host: 'box', resume: false },
  {
    v: 1, t: T0 + 2, type: 'trial-created', trialId: 'demo_0', index: 0, sequence: 0,
    params: { lr: 0.01, opt: 'adam', deep: true, model: { kind: 'cnn', depth: 3 } },
  },
  { v: 1, t: T0 + 3, type: 'trial-created', trialId: 'demo_1', index: 1, sequence: 2, params: { lr: 0.1, opt: 'sgd ✓' }, rerunOf: 'demo_0' },
  { v: 1, t: T0 + 4, type: 'proposal-skipped', sequence: 1, params: { lr: 0.01, opt: 'adam' }, reason: 'duplicate', duplicateOf: 'demo_0' },
  {
    v: 1, t: T0 + 5, type: 'trial-started', trialId: 'demo_0', attempt: 1, pid: 4321, processStartTime: T0 + 5,
    target: 'local', argv: ['python', 'train.py', '--lr', '0.01', 'a b; rm -rf ~'], cwd: '/w',
  },
  { v: 1, t: T0 + 6, type: 'trial-started', trialId: 'demo_1', attempt: 2, pid: 4322, processStartTime: null, target: 'gpu1', argv: [], cwd: '/w' },
  { v: 1, t: T0 + 7, type: 'metric', trialId: 'demo_0', name: 'accuracy', value: 0.5, step: 0, timestamp: T0 + 7, source: 'stdout' },
  { v: 1, t: T0 + 8, type: 'metric', trialId: 'demo_0', name: 'accuracy', value: Number.NaN, step: 1, timestamp: T0 + 8, source: 'mlflow' },
  { v: 1, t: T0 + 9, type: 'metric', trialId: 'demo_0', name: 'loss', value: Number.POSITIVE_INFINITY, step: 1, timestamp: T0 + 9, source: 'mlflow' },
  { v: 1, t: T0 + 10, type: 'metric', trialId: 'demo_0', name: 'loss', value: Number.NEGATIVE_INFINITY, step: 2, timestamp: T0 + 10, source: 'mlflow' },
  { v: 1, t: T0 + 11, type: 'param', trialId: 'demo_0', key: 'batch', value: '32' },
  { v: 1, t: T0 + 12, type: 'tag', trialId: 'demo_0', key: 'mlflow.runName', value: 'run "x"\nline2' },
  {
    v: 1, t: T0 + 13, type: 'policy-decision',
    explanation: {
      policy: 'bandit', trialId: 'demo_1', interval: 1, goal: 'maximize', outcome: 'skip', value: Number.NaN,
      reference: { best: Number.POSITIVE_INFINITY }, threshold: Number.NEGATIVE_INFINITY, populationSize: 1,
      summary: 'skipped',
    },
  },
  {
    v: 1, t: T0 + 13, type: 'policy-decision',
    explanation: {
      policy: 'truncation_selection', trialId: 'demo_0', interval: 2, goal: 'minimize', outcome: 'continue', value: 0.3,
      reference: { cutoff: 0.5 }, threshold: 0.5, populationSize: 4, ranking: { rank: 3, count: 5, cut: 1 },
      summary: 'kept',
    },
  },
  { v: 1, t: T0 + 14, type: 'trial-ended', trialId: 'demo_0', attempt: 1, status: 'Completed', exitCode: 0, signal: null },
  {
    v: 1, t: T0 + 15, type: 'trial-ended', trialId: 'demo_1', attempt: 2, status: 'Canceled', reason: 'early_termination',
    exitCode: null, signal: 'SIGTERM', note: 'primary metric never reported',
  },
  { v: 1, t: T0 + 16, type: 'trial-interrupted', trialId: 'demo_1', attempt: 2 },
  { v: 1, t: T0 + 17, type: 'cancel-requested', by: 'vscode' },
  { v: 1, t: T0 + 18, type: 'sweep-warning', message: 'primary metric never reported', trialId: 'demo_1' },
  { v: 1, t: T0 + 19, type: 'sweep-warning', message: 'plain' },
  { v: 1, t: T0 + 20, type: 'sweep-ended', status: 'Canceled', reason: 'user', message: 'stopped from VS Code' },
];
