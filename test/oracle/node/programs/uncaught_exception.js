// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A worker that reports uncaught exceptions and exits with code 1 from the handler.
'use strict';
const state = { processed: 0 };

process.on('uncaughtException', (err) => {
  console.error(`fatal: ${err.message} after ${state.processed} items`);
  process.exit(1);
});

process.on('exit', (code) => {
  console.log(`worker exit ${code}`);
});

for (let i = 0; i < 5; i++) state.processed++;
