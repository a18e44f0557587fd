// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// exit-hook: synchronous hooks, one unsubscribed, and an async hook (runs only on graceful paths).
import exitHook, { asyncExitHook } from 'exit-hook';

exitHook((signal) => {
  console.log(`stop accepting work (${signal})`);
});

const unsubscribe = exitHook(() => console.log('never: unsubscribed'));
unsubscribe();

asyncExitHook(
  async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    console.log('async hook: flushed to disk');
  },
  { wait: 300 },
);

exitHook(() => console.log('close database pool'));
