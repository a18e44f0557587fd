// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A listener added while 'exit' is being emitted does not run in that emission.
'use strict';
process.on('exit', () => {
  console.log('first exit listener');
  process.on('exit', () => console.log('never: added during emit'));
});
process.on('exit', () => console.log('second exit listener'));
