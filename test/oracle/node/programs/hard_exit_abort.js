// exit-lens-oracle: normal
// process.abort() ends the process at once: no 'exit' listener runs.
'use strict';
process.on('exit', () => console.log('never: abort skips exit listeners'));
process.on('beforeExit', () => console.log('never'));

console.error('invariant violated, aborting for a core dump');
process.abort();
