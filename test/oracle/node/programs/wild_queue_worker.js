// exit-lens-oracle: exit error hard-exit sigint=self sigterm=self
// A queue worker: on SIGTERM/SIGINT it stops taking jobs, flushes what is buffered, sets
// process.exitCode and lets the event loop drain (no process.exit).
'use strict';
const { EventEmitter } = require('node:events');

class Queue extends EventEmitter {
  constructor() {
    super();
    this.buffer = [];
    this.timer = setInterval(() => this.buffer.push(Date.now()), 20);
  }
  async flush() {
    await new Promise((r) => setImmediate(r));
    console.log(`flushed ${this.buffer.length >= 0 ? 'buffer' : ''}`);
    this.buffer.length = 0;
  }
  stop() {
    clearInterval(this.timer);
  }
}

const queue = new Queue();
let shuttingDown = false;

async function drain(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: draining`);
  queue.stop();
  await queue.flush();
  process.exitCode = 0;
}

process.once('SIGTERM', drain);
process.once('SIGINT', drain);

process.on('beforeExit', () => {
  if (!shuttingDown) return;
  console.log('loop drained');
});

process.on('exit', (code) => console.log(`worker exit ${code}`));

setTimeout(() => console.log('READY'), 30);
