// exit-lens-oracle: exit error hard-exit sigint=self sigterm=self
// A TypeScript HTTP server: SIGTERM closes it and exits; SIGINT is not handled.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Health = { status: 'ok' | 'draining' };
let health: Health = { status: 'ok' };

const server = http.createServer((_req, res) => {
  res.end(JSON.stringify(health));
});

process.once('SIGTERM', (signal: NodeJS.Signals) => {
  health = { status: 'draining' };
  console.log(`${signal}: draining`);
  server.close(() => process.exit(0));
});

process.on('exit', (code: number) => {
  console.log(`server process exit ${code}`);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on ${port}`);
  console.log('READY');
});
