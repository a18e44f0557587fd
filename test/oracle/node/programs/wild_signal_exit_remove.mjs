// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// signal-exit as tools use it: keep the remover and call it once the resource is gone;
// an alwaysLast hook for the final log line.
import { onExit } from 'signal-exit';

const lockRemover = onExit(() => {
  console.log('removing lock file');
});
onExit(
  (code, signal) => {
    console.log(`bye (${code ?? signal})`);
  },
  { alwaysLast: true },
);
const tmpRemover = onExit(() => console.log('removing tmp dir'));

// the tmp dir was already removed by the normal path
tmpRemover();
void lockRemover;
process.on('exit', () => console.log('process exit listener'));
