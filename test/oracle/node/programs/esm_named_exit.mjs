// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// `import { exit } from 'process'`: the named export is the real process.exit.
import process, { exit } from 'process';

process.on('SIGINT', () => {
  console.log('Ctrl+C: exiting');
  exit(130);
});

process.on('exit', () => console.log('bye'));
