import { save } from './store.mjs';

const pending = [];

export function enqueue(job) {
  pending.push(job);
  save('pending', pending.length);
}

process.on('exit', () => console.log(`queue: ${pending.length} jobs left`));
process.on('SIGTERM', () => {
  console.log('queue: draining on SIGTERM');
  process.exit(0);
});
