// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// mocha's "exit later": the runner's 'exit' listener only clamps the code; SIGINT aborts the run
// once and the second Ctrl-C is left to the default.
'use strict';

const exitMochaLater = (code) => {
  process.on('exit', () => {
    process.exitCode = Math.min(code, 255);
  });
};

let failures = 0;
const runner = {
  abort() {
    console.log('aborting run');
    process.exit(130);
  },
};

process.once('SIGINT', () => {
  runner.abort();
});

exitMochaLater(failures);
process.on('exit', () => console.log(`${failures} failing`));
