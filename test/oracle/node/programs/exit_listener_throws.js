// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A logger whose first 'exit' listener throws: the listeners registered after it never run.
'use strict';
const buffered = ['boot', 'connected', 'idle'];

function flushLogs() {
  const out = buffered.join('\n');
  if (out.length > 0) throw new Error('log sink is gone');
}

function closeMetrics() {
  console.log('metrics closed');
}

process.on('exit', flushLogs);
process.on('exit', closeMetrics);
