// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A reporter removed and re-added (nodemon's restart dance): re-adding moves it behind listeners
// registered in between, so the order at exit changes.
'use strict';

function report() {
  console.log('report');
}
function flushMetrics() {
  console.log('metrics');
}

process.on('exit', report);
process.on('exit', flushMetrics);

// "restart": detach and attach again
process.removeListener('exit', report);
process.on('exit', report);

process.on('SIGTERM', () => process.exit(143));
