export const VERSION = '1.0';
process.once('beforeExit', () => console.log('reexport beforeExit'));
