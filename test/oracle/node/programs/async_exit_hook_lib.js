// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// async-exit-hook: a sync hook, an async hook with a done callback, and an uncaught-exception hook.
'use strict';
const exitHook = require('async-exit-hook');

exitHook(() => {
  console.log('sync hook: stop accepting jobs');
});

exitHook((done) => {
  setTimeout(() => {
    console.log('async hook: queue drained');
    done();
  }, 20);
});

exitHook.uncaughtExceptionHandler((err) => {
  console.error(`crash: ${err.message}`);
});

setTimeout(() => console.log('tick'), 5);
