// exit-lens-oracle: normal
// A rejected promise nobody awaits: the 'unhandledRejection' listener reports it and sets the exit code.
'use strict';
async function fetchConfig() {
  throw new Error('config service unreachable');
}

process.on('unhandledRejection', (reason) => {
  console.error(`unhandled rejection: ${reason.message}`);
  process.exitCode = 1;
});

process.on('exit', (code) => console.log(`exit ${code}`));

fetchConfig();
