// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Exit listeners but no signal handlers: Ctrl+C or kill end the process without running them.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const pidFile = path.join(os.tmpdir(), `daemon-${process.pid}.pid`);
fs.writeFileSync(pidFile, String(process.pid));

process.on('exit', () => {
  fs.rmSync(pidFile, { force: true });
});
