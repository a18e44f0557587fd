// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// death: callbacks for SIGINT/SIGTERM/SIGQUIT (and uncaught exceptions when configured).
'use strict';
const death = require('death');
const onDeathWithErrors = require('death')({ uncaughtException: true });

death((signal) => {
  console.log(`death: ${signal}, saving state`);
  process.exit(1);
});

onDeathWithErrors((signal, err) => {
  console.log(`death with errors: ${signal} ${err ? err.message : ''}`);
});
