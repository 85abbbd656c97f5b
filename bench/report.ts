/** Printing benchmark results: the machine they ran on, a readable table, or JSON. */
import { cpus, platform, release, totalmem } from 'node:os';
import type { BenchResult } from './harness';

/** The machine facts printed above the results (numbers only make sense next to these). */
export interface MachineInfo {
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly totalMemoryGB: number;
}

/** A group that threw instead of returning results. */
export interface BenchFailure {
  readonly group: string;
  readonly message: string;
}

/** Facts about this machine and runtime. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuCount: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${release()}`,
    totalMemoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  };
}

/** The machine as one line. */
export function formatMachine(machine: MachineInfo): string {
  return `machine: ${machine.cpuCount} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}, ${machine.totalMemoryGB} GB RAM`;
}

/**
 * A value with as many digits as help a reader: whole numbers with thousands separators from 100
 * up, two decimals from 1, three significant digits below 1.
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100) return Math.round(value).toLocaleString('en-US');
  if (size >= 1) return value.toFixed(2);
  if (size === 0) return '0';
  return value.toPrecision(3);
}

function pad(text: string, width: number, alignRight: boolean): string {
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

/** The results as an aligned text table with a header; failed groups listed under it. */
export function formatTable(results: readonly BenchResult[], failures: readonly BenchFailure[] = []): string {
  const header = ['benchmark', 'value', 'unit', 'notes'];
  const rows = results.map((r) => [`${r.group}: ${r.name}`, formatValue(r.value), r.unit, r.notes]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, col) => pad(cell, widths[col] ?? 0, col === 1)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const f of failures) out.push(`FAILED ${f.group}: ${f.message}`);
  return out.join('\n');
}

/** The machine-readable form printed by `--json`. */
export function formatJson(machine: MachineInfo, results: readonly BenchResult[], failures: readonly BenchFailure[]): string {
  return JSON.stringify({ machine, results, failures }, null, 2);
}
