// exit-lens-oracle: normal
// signal-exit replaces process.reallyExit, so even the raw exit runs its onExit callbacks
// (but not the process 'exit' listeners).
'use strict';
const { onExit } = require('signal-exit');

onExit(() => console.log('signal-exit callback'));
process.on('exit', () => console.log('exit listener'));

console.log('hard exit');
process.reallyExit(5);
