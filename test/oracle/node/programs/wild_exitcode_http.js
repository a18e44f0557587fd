// exit-lens-oracle: exit error hard-exit sigint=self sigterm=self
// Graceful HTTP shutdown the "no process.exit" way: close the server, set process.exitCode,
// let the loop drain so 'beforeExit' and 'exit' run.
'use strict';
const http = require('node:http');

const server = http.createServer((req, res) => res.end('ok'));
const sockets = new Set();
server.on('connection', (s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
});

function gracefulShutdown(signal) {
  console.log(`${signal} received`);
  process.exitCode = signal === 'SIGINT' ? 130 : 0;
  for (const s of sockets) s.destroy();
  server.close(() => console.log('http closed'));
}

['SIGINT', 'SIGTERM'].forEach((sig) => process.once(sig, gracefulShutdown));
process.once('beforeExit', () => console.log('before exit'));
process.on('exit', (code) => console.log(`exit ${code}`));

server.listen(0, '127.0.0.1', () => console.log('READY'));
