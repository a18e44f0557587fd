// exit-lens-oracle: normal
// A CLI that exits early only when no file argument is given (run here without arguments).
'use strict';
process.on('beforeExit', () => console.log('beforeExit: nothing left to do'));
process.on('exit', (code) => console.log(`exit ${code}`));

const file = process.argv[2];
if (!file) {
  console.error('usage: tool <file>');
  process.exit(64);
}
console.log(`processing ${file}`);
