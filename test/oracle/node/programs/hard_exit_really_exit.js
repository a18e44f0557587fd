// exit-lens-oracle: normal
// process.reallyExit() is the raw exit under process.exit(): no 'exit' event.
'use strict';
process.on('exit', () => console.log('never: reallyExit skips exit listeners'));

console.log('shutting down the hard way');
process.reallyExit(3);
