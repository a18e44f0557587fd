// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// exit-hook registered inside an async main() before the first await; the unsubscribe function
// is kept in a Map keyed by resource name and called when that resource is closed early.
import exitHook, { asyncExitHook } from 'exit-hook';

const unsubscribers = new Map<string, () => void>();

async function main(): Promise<void> {
  unsubscribers.set('cache', exitHook(() => console.log('cache persisted')));
  unsubscribers.set(
    'socket',
    asyncExitHook(async () => {
      console.log('socket closing');
    }, { wait: 100 }),
  );
  unsubscribers.get('cache')?.();
  await Promise.resolve();
  console.log('main ready');
}

await main();
