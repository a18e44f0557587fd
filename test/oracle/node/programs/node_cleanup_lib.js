// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// node-cleanup: one handler for exit codes and signals.
'use strict';
const nodeCleanup = require('node-cleanup');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sock = path.join(os.tmpdir(), `svc-${process.pid}.sock`);
fs.writeFileSync(sock, '');

nodeCleanup((exitCode, signal) => {
  fs.rmSync(sock, { force: true });
  console.log(`cleaned up (code=${exitCode}, signal=${signal})`);
});
