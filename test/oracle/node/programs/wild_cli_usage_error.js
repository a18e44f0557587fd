// exit-lens-oracle: normal
// A yargs-free CLI: parses argv by hand, prints usage and exits 1 when the input is missing.
// The harness runs it without arguments, so it always takes the error path.
'use strict';
const path = require('node:path');

const tmpFiles = new Set();
process.on('exit', (code) => {
  for (const f of tmpFiles) console.log('would remove', f);
  if (code !== 0) console.error(`failed (${code})`);
});

const args = process.argv.slice(2);
const flags = Object.fromEntries(args.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')));
const input = args.find((a) => !a.startsWith('--'));

if (!input) {
  console.error(`usage: ${path.basename(__filename)} [--out=DIR] INPUT`);
  process.exit(1);
}

process.on('exit', () => console.log('processed', input, flags.out ?? '.'));
tmpFiles.add(path.join(flags.out ?? '.', `${input}.tmp`));
