// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Non-ASCII identifiers and strings (and an astral emoji) before registrations on the same line.
'use strict';
const café = '☕ naïve 日本語 🚀'; process.on('exit', () => console.log('exit', café));
const π = 3.14; const ñandú = () => console.log('ñandú', π); process.on('SIGTERM', () => { ñandú(); process.exit(0); });
const 名前 = '🚀🚀'; /* 🚀 */ process.once('beforeExit', () => console.log(名前));
