#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build` (run by `prepare` on `npm ci`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`exit-lens: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(2);
}
require(cli);
