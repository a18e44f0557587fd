// exit-lens-oracle: normal
// `import { on } from 'process'`: 'process' only exports its own properties (exit, kill, abort...),
// not the EventEmitter methods, so this module fails to link and none of its code runs.
import { on } from 'process';

on('exit', () => console.log('never'));
