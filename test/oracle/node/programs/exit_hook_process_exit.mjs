// exit-lens-oracle: normal
// exit-hook with an explicit process.exit() at top level: sync hooks run, the async hook does not.
import exitHook, { asyncExitHook } from 'exit-hook';

exitHook(() => console.log('sync hook'));
asyncExitHook(async () => console.log('never: process.exit() is synchronous'), { wait: 100 });
process.on('exit', () => console.log('exit listener'));

process.exit(0);
