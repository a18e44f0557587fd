// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A worker with top-level await: listeners registered after the await count too.
import { setTimeout as sleep } from 'node:timers/promises';

process.on('exit', () => console.log('worker: exit'));

const batch = await Promise.resolve([1, 2, 3]);
await sleep(5);

process.on('exit', () => console.log(`worker: processed ${batch.length}`));
process.on('SIGTERM', () => process.exit(143));
