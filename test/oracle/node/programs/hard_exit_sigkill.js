// exit-lens-oracle: normal
// A supervisor shim that kills itself with SIGKILL: nothing can run after it.
'use strict';
process.on('SIGTERM', () => console.log('never'));
process.on('exit', () => console.log('never: SIGKILL'));

console.log('watchdog timeout, killing myself');
process.kill(process.pid, 'SIGKILL');
