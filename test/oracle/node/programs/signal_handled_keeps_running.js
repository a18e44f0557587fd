// exit-lens-oracle: normal sigint sigterm
// A SIGTERM handler that only logs: the process keeps running (the default exit is lost), so
// the 'exit' listener does not run until something else ends the process.
'use strict';
let reloads = 0;

process.on('SIGTERM', () => {
  reloads++;
  console.log(`reload requested (${reloads})`);
});

process.on('SIGINT', () => {
  console.log('SIGINT ignored while a job runs');
});

process.on('exit', () => console.log('exit'));
