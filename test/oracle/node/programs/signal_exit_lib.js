// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// signal-exit: onExit callbacks, one with alwaysLast, one removed through the returned remover.
'use strict';
const { onExit } = require('signal-exit');

const spool = [];

onExit((code, signal) => {
  console.log(`flush spool (${spool.length}) code=${code} signal=${signal}`);
});

onExit(() => console.log('release advisory lock'), { alwaysLast: true });

const remove = onExit(() => console.log('never: removed'));
remove();

process.on('exit', () => console.log('plain exit listener'));
spool.push('a', 'b');
