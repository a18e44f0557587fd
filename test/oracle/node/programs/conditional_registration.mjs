// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Registrations that depend on the environment (here: NODE_ENV unset, no DEBUG, CI unset).
import process from 'node:process';

const isProd = process.env.NODE_ENV === 'production';

if (!isProd) {
  process.on('exit', () => console.log('dev: dumping request log'));
} else {
  process.on('exit', () => console.log('prod: shipping metrics'));
}

if (process.env.DEBUG) process.on('beforeExit', () => console.log('debug: loop drained'));

process.on('SIGTERM', () => {
  if (process.env.CI) return;
  process.exit(143);
});
process.on('exit', () => console.log('always'));
