// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A batch job: 'beforeExit' with once flushes the last batch (which schedules work, so the loop
// runs again); an `on` beforeExit listener therefore runs twice, the `once` one once.
'use strict';

const pending = ['a', 'b'];
let rounds = 0;

process.once('beforeExit', () => {
  console.log('flushing last batch');
  setImmediate(() => pending.splice(0));
});

process.on('beforeExit', () => {
  rounds += 1;
  console.log(`beforeExit round ${rounds}`);
});

process.on('exit', () => console.log(`done after ${rounds} rounds, pending ${pending.length}`));
