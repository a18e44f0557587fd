// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A worker with an async shutdown: the signal handler awaits the pool's end, then exits, so
// the 'exit' listener runs after it.
import process from 'node:process';

const pool = {
  clients: 4,
  async end() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.clients = 0;
  },
};

async function shutdown(signal) {
  console.log(`${signal}: ending pool of ${pool.clients}`);
  await pool.end();
  process.exit(0);
}

process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
process.on('exit', () => console.log(`pool clients left: ${pool.clients}`));
