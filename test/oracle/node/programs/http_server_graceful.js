// exit-lens-oracle: exit error hard-exit sigint=self sigterm=self
// An HTTP API that drains connections on SIGTERM and exits; SIGINT is not handled.
'use strict';
const http = require('node:http');

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, path: req.url }));
});

function shutdown(signal) {
  console.log(`received ${signal}, closing server`);
  server.close(() => {
    console.log('server closed');
    process.exit(0);
  });
}

process.on('SIGTERM', shutdown);

process.on('exit', (code) => {
  console.log(`api exiting with code ${code}`);
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
  console.log('READY');
});
