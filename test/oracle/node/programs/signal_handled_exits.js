// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// SIGINT and SIGTERM handlers that end the process, so the 'exit' listeners run too.
'use strict';
const connections = new Set(['c1', 'c2']);

function closeAll(signal) {
  console.log(`${signal}: closing ${connections.size} connections`);
  connections.clear();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

process.on('SIGINT', closeAll);
process.on('SIGTERM', closeAll);
process.on('exit', (code) => console.log(`exited with ${code}`));
