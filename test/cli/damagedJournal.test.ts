/**
 * Journals damaged as a crash leaves them, through the shipped CLI. A real sweep runs to its end;
 * copies of its journal are then damaged at places a seeded generator picks (an event cut short in
 * the middle, with or without the next one glued onto it, two lines glued, a line written twice, a
 * line turned into NUL bytes, a run of NULs before a line, the file cut at a random byte), half of
 * them also losing the sweep's end so that `resume` has work to do. For every copy:
 *   - `status` and `export` warn, naming the damaged line;
 *   - `export` keeps every trial none of whose lines was lost, exactly as the intact sweep had it;
 *   - `resume` ends by itself, never creates one trial twice and never exceeds max_total_trials;
 *   - `resume` sent SIGTERM as soon as it drives the sweep ends, and ends the sweep first.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/journal/reader';
import { eventsOf, specYaml, tempFolder, writeSpec } from '../core/scheduler/support';
import { ensureCliBuilt, startCli, waitUntil, type CliResult } from './support';

const folder = tempFolder('hypersweep-cli-damage-');
after(() => folder.remove());
before(ensureCliBuilt);

const TOTAL = 6;
const DAMAGE_SEED = 16_2026;
/** A runner still going after this long is looping: it is killed and the test fails. */
const HANG_GUARD_MS = 90_000;

/** mulberry32: a tiny seeded generator, so a failing damage can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type DamageKind = 'torn-trial-created' | 'torn' | 'torn-glued' | 'glued' | 'duplicated' | 'nul-line' | 'nul-run' | 'truncated';
const KINDS: readonly DamageKind[] = ['torn-trial-created', 'torn', 'torn-glued', 'glued', 'duplicated', 'nul-line', 'nul-run', 'truncated'];

interface Damaged {
  readonly text: string;
  /** 1-based line of the damaged file a warning must name; undefined when the damage is invisible. */
  readonly line: number | undefined;
  /** Indexes (0-based, in the intact journal) of lines whose event is lost. */
  readonly lost: ReadonlySet<number>;
  readonly what: string;
}

/** Applies one damage of `kind` to the intact `lines` (each without its newline). */
function damage(lines: readonly string[], kind: DamageKind, random: () => number): Damaged {
  const pick = (from: number, to: number): number => from + Math.floor(random() * (to - from));
  const out = [...lines];
  const cutInside = (text: string): string => text.slice(0, pick(1, text.length - 1));
  switch (kind) {
    case 'torn-trial-created': {
      // Not the last trial's: the lost one then sits among trials the runner knows.
      const created = lines.map((l, i) => (l.includes('"type":"trial-created"') ? i : -1)).filter((i) => i >= 0).slice(0, -1);
      const i = created[pick(0, created.length)] ?? assert.fail('no trial-created line');
      out[i] = cutInside(lines[i] ?? '');
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set([i]), what: `trial-created line ${i + 1} cut short` };
    }
    case 'torn': {
      const i = pick(1, lines.length - 1);
      out[i] = cutInside(lines[i] ?? '');
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set([i]), what: `line ${i + 1} cut short` };
    }
    case 'torn-glued': {
      const i = pick(1, lines.length - 1);
      out.splice(i, 2, cutInside(lines[i] ?? '') + (lines[i + 1] ?? ''));
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set([i]), what: `line ${i + 1} cut short, the next glued on` };
    }
    case 'glued': {
      const i = pick(1, lines.length - 1);
      out.splice(i, 2, (lines[i] ?? '') + (lines[i + 1] ?? ''));
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set(), what: `lines ${i + 1} and ${i + 2} glued` };
    }
    case 'duplicated': {
      const i = pick(1, lines.length);
      out.splice(i, 0, lines[i] ?? '');
      return { text: out.join('\n') + '\n', line: i + 2, lost: new Set(), what: `line ${i + 1} written twice` };
    }
    case 'nul-line': {
      const i = pick(1, lines.length);
      out[i] = '\0'.repeat((lines[i] ?? '').length);
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set([i]), what: `line ${i + 1} turned into NULs` };
    }
    case 'nul-run': {
      // Space allocated but never written, then the next write after it on the same line.
      const i = pick(1, lines.length);
      out[i] = '\0'.repeat(pick(1, 4096)) + (lines[i] ?? '');
      return { text: out.join('\n') + '\n', line: i + 1, lost: new Set(), what: `NULs before line ${i + 1}` };
    }
    case 'truncated': {
      const text = lines.join('\n') + '\n';
      const cut = pick(Math.floor(text.length / 2), text.length);
      const kept = text.slice(0, cut);
      const complete = kept.split('\n').length - 1;
      const lost = new Set(lines.map((_, i) => i).filter((i) => i >= complete));
      return { text: kept, line: kept.endsWith('\n') ? undefined : complete + 1, lost, what: `cut at byte ${cut}` };
    }
  }
}

/** Runs `hypersweep ...args` to its end; a run that outlives the hang guard is killed and reported. */
async function runBounded(args: readonly string[], onStarted?: (cli: ReturnType<typeof startCli>) => Promise<void>): Promise<CliResult & { hung: boolean }> {
  const cli = startCli(args, folder.path);
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    cli.child.kill('SIGKILL');
  }, HANG_GUARD_MS);
  try {
    if (onStarted) await onStarted(cli);
    return { ...(await cli.done), hung };
  } finally {
    clearTimeout(guard);
  }
}

interface ExportedTrial {
  readonly id: string;
}

function exportedTrials(stdout: string): Map<string, string> {
  const parsed = JSON.parse(stdout) as { trials: ExportedTrial[] };
  return new Map(parsed.trials.map((t) => [t.id, JSON.stringify(t)]));
}

void test('damaged journals: status and export warn by line and keep intact trials; resume is bounded and SIGTERM ends it', async () => {
  const yaml = specYaml('--values 0.9,0.5,${{search_space.x}} --delay 5', `
sampling_algorithm:
  type: random
  seed: 5
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 0.4
limits:
  max_total_trials: ${TOTAL}
  max_concurrent_trials: 2
`);
  const specPath = writeSpec(folder.path, yaml);
  const baseDir = join(folder.path, 'base');
  const base = await runBounded(['run', specPath, '--out', baseDir, '--name', 'dmg']);
  assert.equal(base.code, 0, base.stderr);
  const intactLines = readFileSync(join(baseDir, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
  const intactExport = await runBounded(['export', baseDir]);
  const intactTrials = exportedTrials(intactExport.stdout);
  assert.equal(intactTrials.size, TOTAL);

  const random = seededRandom(DAMAGE_SEED);
  for (let round = 0; round < 2 * KINDS.length; round++) {
    const kind = KINDS[round % KINDS.length] ?? 'torn';
    // Every other copy also lost its last line (the sweep's end): a crash before the sweep ended.
    const unfinished = round % 2 === 1;
    const source = unfinished ? intactLines.slice(0, -1) : intactLines;
    const damaged = damage(source, kind, random);
    const label = `round ${round} (${damaged.what}${unfinished ? ', sweep end lost' : ''})`;
    const dir = join(folder.path, `copy${round}`);
    cpSync(baseDir, dir, { recursive: true });
    const journal = join(dir, 'journal.jsonl');
    writeFileSync(journal, damaged.text);
    const named = damaged.line === undefined ? undefined : `warning: ${journal}:${damaged.line}: `;

    const status = await runBounded(['status', dir]);
    assert.equal(status.code, 0, `${label}: ${status.stderr}`);
    if (named) assert.ok(status.stdout.includes(named), `${label}: status names the line:\n${status.stdout}`);

    const exported = await runBounded(['export', dir]);
    assert.equal(exported.code, 0, `${label}: ${exported.stderr}`);
    if (named) assert.ok(exported.stderr.includes(named), `${label}: export names the line:\n${exported.stderr}`);
    const trials = exportedTrials(exported.stdout);
    for (const [id, entry] of intactTrials) {
      const touched = source.some((l, i) => damaged.lost.has(i) && l.includes(`"trialId":"${id}"`));
      if (!touched) assert.equal(trials.get(id), entry, `${label}: export keeps intact trial ${id} as it was`);
    }

    // SIGTERM on a copy, as soon as the resumed runner is driving the sweep (it says which folder
    // once its signal handlers are in place).
    const termDir = `${dir}-term`;
    cpSync(dir, termDir, { recursive: true });
    const termJournal = join(termDir, 'journal.jsonl');
    const runnersBefore = (readFileSync(termJournal, 'utf8').match(/"runner-started"/g) ?? []).length;
    const termed = await runBounded(['resume', termDir], async (cli) => {
      const started = await waitUntil(() => cli.child.exitCode !== null || cli.output().includes('sweep folder:'), HANG_GUARD_MS);
      assert.ok(started, `${label}: the resumed runner never started: ${cli.output()}`);
      cli.child.kill('SIGTERM');
    });
    assert.ok(!termed.hung, `${label}: SIGTERM did not end the runner:\n${termed.stderr.slice(-2000)}`);
    assert.doesNotMatch(termed.stderr, /internal error/, label);
    const termEvents = (await readJournal(termJournal)).events;
    if (eventsOf(termEvents, 'runner-started').length > runnersBefore) {
      assert.equal(termEvents.at(-1)?.type, 'sweep-ended', `${label}: the runner ended the sweep before exiting`);
    }

    const resumed = await runBounded(['resume', dir]);
    assert.ok(!resumed.hung, `${label}: resume never ended:\n${resumed.stderr.slice(-2000)}`);
    assert.doesNotMatch(resumed.stderr, /internal error/, label);
    if (named) assert.ok(resumed.stderr.includes(named), `${label}: resume names the line:\n${resumed.stderr}`);
    const after = await readJournal(journal);
    const created = eventsOf(after.events, 'trial-created').map((e) => e.trialId);
    assert.equal(new Set(created).size, created.length, `${label}: no trial is created twice: ${created.join(' ')}`);
    assert.ok(created.length <= TOTAL, `${label}: at most max_total_trials trials (${created.length})`);
    if (unfinished || kind === 'truncated') {
      assert.equal(resumed.code, 0, `${label}: the resumed sweep completes:\n${resumed.stderr}`);
      assert.ok(eventsOf(after.events, 'sweep-ended').some((e) => e.status === 'Completed'), label);
    }
  }
});
