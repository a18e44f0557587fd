// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Removing listeners: the same reference works, a fresh arrow removes nothing,
// removeAllListeners('exit') drops everything registered before it.
'use strict';
function closeDb() {
  console.log('db closed');
}
function closeCache() {
  console.log('cache closed');
}

process.on('exit', closeDb);
process.on('exit', closeCache);
process.on('exit', () => console.log('temp files removed'));

process.off('exit', closeDb);
process.removeListener('exit', () => console.log('temp files removed'));

process.on('SIGINT', () => {
  console.log('interrupted');
  process.exit(130);
});
process.removeAllListeners('exit');

process.on('exit', () => console.log('final audit line'));
process.addListener('exit', closeCache);
