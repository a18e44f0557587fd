// exit-lens-oracle: normal
// A supervisor that forks a worker process: the worker's own exit listener runs in the child
// process, not in this one; only the supervisor's listeners belong to this program's exit.
'use strict';
const { fork } = require('node:child_process');
const path = require('node:path');

process.on('exit', (code) => console.log(`supervisor exit ${code}`));

const worker = fork(path.join(__dirname, 'worker.js'), ['thumbnails']);
worker.on('exit', (code) => {
  console.log(`worker finished with ${code}`);
});
