// exit-lens-oracle: normal
// gracefulExit() at top level: exit-hook runs sync and async hooks, then exits.
import exitHook, { asyncExitHook, gracefulExit } from 'exit-hook';
import process from 'node:process';

process.on('exit', (code) => console.log(`process exit ${code}`));

exitHook(() => console.log('sync hook'));
asyncExitHook(async () => console.log('async hook'), { wait: 200 });

console.log('work done');
gracefulExit(3);
