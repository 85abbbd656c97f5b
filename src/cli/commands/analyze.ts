/**
 * `hypersweep analyze DIR [--json] [--seed N]`: what the sweep taught: each parameter's importance
 * (fANOVA, see src/core/analysis/importance.ts), where its top 10% of trials lie against what was
 * searched, and one sentence per parameter to act on.
 */
import { analyzeSweep, type SweepAnalysis } from '../../core/analysis/analysis';
import { TOP_FRACTION, shortNumber, type Region } from '../../core/analysis/bestRegion';
import { DEFAULT_SEED } from '../../core/analysis/importance';
import { readSweepSpace } from '../../core/results/sweepSpace';
import { booleanFlag, integerFlag, UsageError } from '../args';
import type { Command } from '../command';
import { EXIT } from '../command';
import { readSweepFolder } from '../sweepFolder';

export const ANALYSIS_FORMAT = 'hypersweep-analysis/1';
const BAR_WIDTH = 20;

function regionText(region: Region | undefined): string {
  if (!region) return '-';
  if (region.kind === 'range') return `${shortNumber(region.min)}..${shortNumber(region.max)}`;
  return region.values.map((v) => (v.count > 0 ? `${v.value} (${v.count})` : v.value)).join(', ');
}

function regionJson(region: Region | undefined) {
  if (!region) return null;
  return region.kind === 'range' ? { min: region.min, max: region.max } : { values: Object.fromEntries(region.values.map((v) => [v.value, v.count])) };
}

function analysisJson(name: string | null, analysis: SweepAnalysis) {
  const byName = <T>(value: (p: SweepAnalysis['parameters'][number]) => T) => Object.fromEntries(analysis.parameters.map((p) => [p.name, value(p)]));
  return {
    format: ANALYSIS_FORMAT,
    sweep: name,
    primary_metric: analysis.primaryMetric ?? null,
    goal: analysis.goal,
    method: 'fanova',
    trials: analysis.trialCount,
    main_effects: analysis.mainEffects,
    undetermined: analysis.undetermined ?? null,
    importance: analysis.importance,
    top_10_percent: byName((p) => regionJson(p.top)),
    parameters: analysis.parameters.map((p) => ({
      name: p.name,
      scale: p.scale,
      importance: p.share ?? null,
      top_10_percent: regionJson(p.top),
      searched: regionJson(p.searched),
      advice: p.sentence,
    })),
  };
}

function table(analysis: SweepAnalysis): string {
  const topCount = Math.max(1, Math.ceil(analysis.trialCount * TOP_FRACTION));
  const header = ['parameter', 'importance', `top 10% (${topCount} trials)`, 'searched'];
  const rows = analysis.parameters.map((p) => {
    const share = p.share === undefined ? '-' : `${(p.share * 100).toFixed(1).padStart(5)}% ${'█'.repeat(Math.round(p.share * BAR_WIDTH))}`;
    return [p.name, share, regionText(p.top), regionText(p.searched)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n') + '\n';
}

export const analyzeCommand: Command = {
  spec: {
    name: 'analyze',
    usage: 'DIR',
    summary: 'Which parameters of the sweep in folder DIR matter (fANOVA importance over its completed and early-stopped trials), where its top 10% of trials lie, and what to search next.',
    flags: [
      { name: 'json', kind: 'boolean', description: 'print the analysis as JSON (hypersweep-analysis/1): importance, top_10_percent and advice per parameter' },
      { name: 'seed', kind: 'integer', valueName: 'N', description: `seed of the random forest (default ${DEFAULT_SEED}); the same trials and seed give the same numbers` },
    ],
    positionals: { min: 1, max: 1 },
  },
  async run(args, io) {
    const seed = integerFlag(args, 'seed') ?? DEFAULT_SEED;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${seed}`);
    const folder = await readSweepFolder(args.positionals[0] ?? '', io.cwd);
    const json = booleanFlag(args, 'json');
    for (const line of folder.damage) (json ? io.stderr : io.stdout)(`warning: ${line}\n`);
    const analysis = analyzeSweep(folder.state, readSweepSpace(folder.dir), seed);
    const name = folder.state.info?.name ?? null;
    if (json) {
      io.stdout(JSON.stringify(analysisJson(name, analysis), null, 2) + '\n');
      return EXIT.ok;
    }
    const metric = analysis.primaryMetric ?? 'the primary metric';
    io.stdout(`sweep ${name ?? '(unnamed)'}: ${metric} (${analysis.goal}) over ${analysis.trialCount} completed and early-stopped trials\n`);
    if (analysis.undetermined !== undefined) io.stdout(`importance undetermined: ${analysis.undetermined}\n`);
    else io.stdout(`importance: fANOVA share of the variance; the parameters one at a time explain ${Math.round(analysis.mainEffects * 100)}% of it, their interactions the rest\n`);
    io.stdout('\n' + table(analysis) + '\n');
    for (const p of analysis.parameters) io.stdout(`${p.sentence}\n`);
    return EXIT.ok;
  },
};
