// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Order of 'exit' listeners: prependListener/prependOnceListener go first; once listeners run once.
'use strict';
const events = [];

process.on('exit', () => console.log('2: write summary', events.length));
process.once('exit', () => console.log('3: release lock'));
process.prependListener('exit', () => console.log('1: stop timers'));
process.prependOnceListener('exit', () => console.log('0: mark shutting down'));
process.addListener('exit', () => console.log('4: goodbye'));

const onceRemoved = () => console.log('never: removed once listener');
process.once('exit', onceRemoved);
process.removeListener('exit', onceRemoved);

events.push('started');
