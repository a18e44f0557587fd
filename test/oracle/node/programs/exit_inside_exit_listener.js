// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// process.exit() called inside an 'exit' listener: what happens to the listeners after it.
'use strict';
process.on('exit', (code) => {
  console.log(`first listener, code ${code}`);
  if (code === 0) process.exit(3);
});
process.on('exit', () => console.log('second listener'));
