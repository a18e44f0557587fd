// exit-lens-oracle: normal
// A CLI that validates its arguments and calls process.exit(2) at top level: 'exit' listeners run,
// 'beforeExit' listeners never do.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const lockFile = path.join(os.tmpdir(), `cli-${process.pid}.lock`);
fs.writeFileSync(lockFile, String(process.pid));

process.on('beforeExit', () => {
  console.log('never printed: process.exit() skips beforeExit');
});

process.on('exit', () => {
  fs.rmSync(lockFile, { force: true });
});

const args = process.argv.slice(2);
console.error(`usage: cli <input> (got ${args.length} arguments)`);
process.exit(2);
