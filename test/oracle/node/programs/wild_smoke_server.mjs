// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A smoke-test script: start the HTTP app, wait until it listens, hit it once, close it. The
// server is closed at the end of the top-level code, so the program ends by itself.
import http from 'node:http';
import { once } from 'node:events';

const server = http.createServer((_req, res) => res.end('pong'));
server.listen(0, '127.0.0.1');
await once(server, 'listening');

process.on('exit', (code) => console.log(`smoke test done (${code})`));
process.once('SIGINT', () => {
  server.close();
  process.exit(130);
});

const { port } = server.address();
const body = await new Promise((resolve, reject) => {
  http.get(`http://127.0.0.1:${port}/`, (res) => {
    let data = '';
    res.on('data', (c) => (data += c));
    res.on('end', () => resolve(data));
  }).on('error', reject);
});
console.log('got', body);
server.close();
