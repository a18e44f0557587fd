// exit-lens-oracle: normal
// A process that asks itself to stop with SIGTERM; its SIGTERM handler finishes the shutdown.
'use strict';
process.on('SIGTERM', () => {
  console.log('SIGTERM received, exiting');
  process.exit(0);
});
process.on('SIGHUP', () => console.log('never: no SIGHUP is sent'));
process.on('exit', () => console.log('exit listener'));

setTimeout(() => process.kill(process.pid, 'SIGTERM'), 10);
