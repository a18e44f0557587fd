// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Boot code that finishes wiring in callbacks: a telemetry flush added on the next tick, one
// after a config promise resolves, one from a timer; the crash handler logs and rethrows
// (Node then exits with 7 and runs no 'exit' listener).
'use strict';

process.on('exit', () => console.log('core shutdown'));

setTimeout(() => {
  process.on('exit', () => console.log('late plugin unload'));
}, 0);

process.nextTick(() => process.on('exit', () => console.log('telemetry flush')));

const loadConfig = () => Promise.resolve({ cacheDir: '/tmp/cache' });
loadConfig().then((cfg) => process.on('exit', () => console.log('persist cache to', cfg.cacheDir)));

process.on('uncaughtException', (err) => {
  console.error('fatal:', err.message);
  throw err;
});
