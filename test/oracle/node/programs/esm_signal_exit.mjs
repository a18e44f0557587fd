// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// signal-exit from ESM, next to a SIGINT listener of the program's own.
import { onExit } from 'signal-exit';

onExit((code, signal) => {
  console.log(`cleanup: code=${code} signal=${signal}`);
});

process.on('SIGINT', () => {
  console.log('SIGINT handled by the app');
});
