// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// ESM with `import process from 'node:process'`: a metrics reporter.
import process from 'node:process';

const counters = { requests: 12, errors: 1 };

process.on('beforeExit', () => {
  console.log('beforeExit: event loop drained');
});

process.on('exit', (code) => {
  console.log(`metrics ${JSON.stringify(counters)} code=${code}`);
});

process.once('SIGTERM', () => {
  console.log('SIGTERM: exiting');
  process.exit(0);
});
