// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// The modern ESM entry: everything inside `async function main()`, registrations made before
// and after an await, and `main().catch(...)` that prints and exits 1.
import { setTimeout as sleep } from 'node:timers/promises';

async function connect() {
  await sleep(5);
  return { close: () => console.log('connection closed') };
}

async function main() {
  process.once('SIGINT', () => {
    console.log('interrupted');
    process.exit(130);
  });
  const conn = await connect();
  process.on('exit', () => conn.close());
  console.log('connected');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
