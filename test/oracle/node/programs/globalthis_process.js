// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// `process` reached through globalThis and through a local alias.
'use strict';
const proc = globalThis.process;

globalThis.process.on('exit', () => console.log('flushed via globalThis.process'));
proc.once('SIGTERM', () => {
  console.log('terminating');
  proc.exit(0);
});
proc.on('beforeExit', () => console.log('idle, about to exit'));
