import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createStdoutMetricSource } from '../../../src/core/metrics/stdoutSource';
import type { MetricReport } from '../../../src/core/metrics/metricSource';
import { MetricPatternError } from '../../../src/core/metrics/stdoutParser';

/** Runs a Python program and pipes its real stdout through a stdout metric source. */
function reportsFromPython(program: string, pattern?: string): Promise<MetricReport[]> {
  const reports: MetricReport[] = [];
  const source = createStdoutMetricSource('trial-7', { metric: (report) => reports.push(report) }, pattern === undefined ? {} : { pattern });
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-u', '-c', program], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => source.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      source.end();
      if (code === 0) resolve(reports);
      else reject(new Error(`python3 exited with ${String(code)}`));
    });
  });
}

const PROGRAM = String.raw`
import sys, time
out = sys.stdout.buffer
for epoch in range(2):
    for pct in (0, 50, 100):
        out.write(f"\rEpoch {epoch}: {pct}%|###| loss={1.0 / (epoch + 1 + pct / 100):.3f}".encode()); out.flush()
    out.write(b"\n"); out.flush()
    text = f"epoch={epoch} val_acc={0.5 + epoch / 10} note=\u00fcber\r\n".encode()
    out.write(text[:10]); out.flush(); time.sleep(0.01)
    out.write(text[10:]); out.flush()
out.write(b"accuracy: nan\nfinal_" + "é".encode()[:1]); out.flush(); time.sleep(0.01)
out.write("é".encode()[1:] + b"=0.9")
`;

describe('stdout metric source with a real process', () => {
  test('reports each metric once per finished line, with trial, step, time and source', async () => {
    const before = Date.now();
    const reports = await reportsFromPython(PROGRAM);
    const after = Date.now();
    assert.deepEqual(
      reports.map((r) => [r.name, r.step, r.value]),
      [
        ['loss', 0, 0.5], // only the last drawing of the progress bar counts
        ['epoch', 0, 0],
        ['val_acc', 0, 0.5],
        ['loss', 1, 0.333],
        ['epoch', 1, 1],
        ['val_acc', 1, 0.6],
        ['accuracy', 0, Number.NaN],
        ['final_é', 0, 0.9], // last line without newline, UTF-8 split across writes
      ],
    );
    for (const report of reports) {
      assert.equal(report.trialId, 'trial-7');
      assert.equal(report.source, 'stdout');
      assert.ok(report.timestamp >= before && report.timestamp <= after);
    }
  });

  test('a custom pattern applies to the real stream', async () => {
    const reports = await reportsFromPython('print("[0]\\teval-rmse:17.5\\ttrain-rmse:16.25")', String.raw`(?<name>[\w-]+):(?<value>[-+.\d]+)`);
    assert.deepEqual(reports.map((r) => [r.name, r.value]), [['eval-rmse', 17.5], ['train-rmse', 16.25]]);
  });

  test('a bad custom pattern is refused before any output is read', () => {
    assert.throws(() => createStdoutMetricSource('t', { metric: () => undefined }, { pattern: '(' }), MetricPatternError);
  });
});
