#!/usr/bin/env node
// The `hypersweep` command: the bundled CLI (built by `npm run build`).
require('../dist/cli.js');
