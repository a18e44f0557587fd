// exit-lens-oracle: normal
// A config loader that throws at top level: 'exit' listeners still run after the uncaught
// exception, 'beforeExit' listeners do not, and code after the throw never registers anything.
'use strict';
const defaults = { port: 8080 };

process.on('exit', (code) => console.log(`config loader exit ${code}`));
process.on('beforeExit', () => console.log('never'));

const raw = '{"port": }';
if (raw.length === 0) console.log('empty config');
throw new SyntaxError(`bad config: ${raw} (defaults ${JSON.stringify(defaults)})`);

process.on('exit', () => console.log('never registered'));
