// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Handlers made by a factory; SIGINT cleans up once and re-raises the signal so the parent shell
// sees a real SIGINT death (the pattern of foreground-child / npm scripts).
'use strict';

function makeShutdown(name, cleanup) {
  return function shutdown(signal) {
    console.log(`[${name}] ${signal}`);
    cleanup();
    process.kill(process.pid, signal);
  };
}

const releaseLock = () => console.log('lock released');
process.once('SIGINT', makeShutdown('cli', releaseLock));
process.once('SIGTERM', makeShutdown('cli', releaseLock));
process.on('exit', () => console.log('exit listener'));
