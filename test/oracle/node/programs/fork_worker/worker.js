'use strict';
const queue = process.argv[2];

process.on('exit', () => {
  console.log(`worker: releasing ${queue} lease`);
});

console.log(`worker: processing ${queue}`);
