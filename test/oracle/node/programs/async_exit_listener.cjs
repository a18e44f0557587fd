// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// An async 'exit' listener: its body starts, but nothing after the first await ever runs.
'use strict';
const { setTimeout: sleep } = require('node:timers/promises');

async function uploadCrashReport(code) {
  console.log(`uploading report for exit ${code}`);
  await sleep(50);
  console.log('never printed: the event loop is gone');
}

process.on('exit', uploadCrashReport);
process.on('exit', () => console.log('sync listener after the async one'));
