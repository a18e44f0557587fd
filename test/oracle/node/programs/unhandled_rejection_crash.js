// exit-lens-oracle: normal
// No 'unhandledRejection' listener: since Node 15 the rejection is fatal like an uncaught exception.
'use strict';
process.on('exit', (code) => console.log(`exit listener sees code ${code}`));
process.on('beforeExit', () => console.log('never: the rejection ends the program first'));

Promise.reject(new Error('migration failed'));
