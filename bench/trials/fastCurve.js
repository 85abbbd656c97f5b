#!/usr/bin/env node
// A fast trial for the decision-to-kill benchmark: prints `loss=<v>` once per event-loop turn
// (thousands per second; `--pace MS`: one every MS ms), noting when it printed each value; argv[3]
// values in all. `--bad` makes
// its curve worse than the good one's, so a policy stops it, and prints until stopped. On SIGTERM
// it writes {printedAt, termAt} (epoch ms, sub-ms precision) to argv[2] and exits.
'use strict';
const { writeFileSync } = require('node:fs');
const out = process.argv[2];
const bad = process.argv.includes('--bad');
const limit = bad ? 1_000_000 : Number(process.argv[3] ?? '200');
const paceAt = process.argv.indexOf('--pace');
const pace = paceAt >= 0 ? Number(process.argv[paceAt + 1]) : 0;
const printedAt = [];
const clock = () => performance.timeOrigin + performance.now();
process.on('SIGTERM', () => {
  writeFileSync(out, JSON.stringify({ printedAt, termAt: clock() }));
  process.exit(0);
});
let step = 0;
function next() {
  if (step >= limit) return;
  process.stdout.write(`loss=${(bad ? 2 : 1) + 1 / (step + 1)}\n`);
  printedAt.push(clock());
  step++;
  if (pace > 0) setTimeout(next, pace);
  else setImmediate(next);
}
next();
