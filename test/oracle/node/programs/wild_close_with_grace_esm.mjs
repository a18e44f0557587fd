// exit-lens-oracle: exit error hard-exit sigint=self sigterm=self
// close-with-grace in an ESM HTTP app (fastify docs' shape): the close function awaits the
// server, an extra 'exit' listener logs; the app prints READY when listening.
import http from 'node:http';
import closeWithGrace from 'close-with-grace';

const server = http.createServer((_req, res) => res.end('hi'));

closeWithGrace({ delay: 500 }, async function ({ signal, err }) {
  if (err) console.error('closing because of', err.message);
  else console.log(`${signal} received, closing`);
  await new Promise((resolve) => server.close(resolve));
});

process.on('exit', (code) => console.log(`exit ${code}`));

server.listen(0, '127.0.0.1', () => console.log('READY'));
