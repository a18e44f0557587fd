// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A cleanup registry like many CLIs hand-roll: callbacks pushed onto an array, run in reverse
// by one 'exit' listener; SIGINT/SIGTERM handlers installed from an array of signal names.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cleanups = [];
function onCleanup(fn) {
  cleanups.push(fn);
  return () => cleanups.splice(cleanups.indexOf(fn), 1);
}

function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { fn(); } catch (e) { console.error('cleanup failed', e); }
  }
}

process.on('exit', runCleanups);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log(`got ${sig}`);
    process.exit(128 + os.constants.signals[sig]);
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wild-reg-'));
onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
const stop = onCleanup(() => console.log('never: removed before exit'));
stop();
console.log('work dir', path.basename(dir).length > 0);
