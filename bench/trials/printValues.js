#!/usr/bin/env node
// Prints `loss=<v>` N times (argv[2]) as fast as the pipe takes it, in 64 KiB writes, then exits.
'use strict';
const total = Number(process.argv[2] ?? '100000');
let i = 0;
function more() {
  while (i < total) {
    let text = '';
    for (const end = Math.min(total, i + 2000); i < end; i++) text += `loss=${1 / (i + 1)}\n`;
    if (!process.stdout.write(text)) {
      process.stdout.once('drain', more);
      return;
    }
  }
}
more();
