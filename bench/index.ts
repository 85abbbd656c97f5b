/**
 * `npm run bench`: runs the benchmark groups one after another and prints the machine, then a
 * table of results (or JSON with `--json`). A group that fails is reported and the others still
 * run; the exit code is 1 if any failed. See bench/README.md for what each number means.
 */
import { analysisGroup } from './analysis';
import { BenchArgsError, parseBenchArgs, selectGroups, usage } from './args';
import { dashboardGroup } from './dashboard';
import { endToEndGroup } from './endToEnd';
import { gridGroup } from './grid';
import type { BenchGroup, BenchResult } from './harness';
import { journalGroup } from './journal';
import { metricsGroup } from './metrics';
import { remoteGroup } from './remote';
import { formatJson, formatMachine, formatTable, machineInfo, type BenchFailure } from './report';
import { runnerGroup } from './runner';
import { samplersGroup } from './samplerThroughput';
import { slurmGroup } from './slurm';
import { specGroup } from './spec';
import { warmStartGroup } from './warmStart';

/** Every group, in the order they run. */
const BENCH_GROUPS: readonly BenchGroup[] = [samplersGroup, specGroup, gridGroup, runnerGroup, metricsGroup, endToEndGroup, journalGroup, analysisGroup, dashboardGroup, remoteGroup, slurmGroup, warmStartGroup];

async function main(argv: readonly string[]): Promise<number> {
  const names = BENCH_GROUPS.map((g) => g.name);
  let groups: BenchGroup[];
  let json: boolean;
  try {
    const args = parseBenchArgs(argv);
    if (args.help) {
      process.stdout.write(`${usage(names)}\n`);
      return 0;
    }
    groups = selectGroups(BENCH_GROUPS, args.filters);
    json = args.json;
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${usage(names)}\n`);
    return 2;
  }

  const machine = machineInfo();
  // Progress goes to stderr so that `--json` leaves stdout to the one JSON document.
  const progress = (text: string): boolean => process.stderr.write(`${text}\n`);
  if (!json) process.stdout.write(`${formatMachine(machine)}\n\n`);
  const results: BenchResult[] = [];
  const failures: BenchFailure[] = [];
  for (const group of groups) {
    progress(`running ${group.name}: ${group.description} ...`);
    const started = Date.now();
    try {
      results.push(...(await group.run()));
      progress(`  ${group.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ group: group.name, message });
      progress(`  ${group.name} FAILED: ${message}`);
    }
  }
  process.stdout.write(json ? `${formatJson(machine, results, failures)}\n` : `\n${formatTable(results, failures)}\n`);
  return failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
