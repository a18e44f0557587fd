// exit-lens-oracle: exit error hard-exit sigint sigterm
// An HTTP server shut down by close-with-grace on signals, uncaught errors and beforeExit.
'use strict';
const http = require('node:http');
const closeWithGrace = require('close-with-grace');

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1');

closeWithGrace({ delay: 500 }, async function ({ signal, err }) {
  if (err) console.error(`closing after error: ${err.message}`);
  else console.log(`closing on ${signal}`);
  await new Promise((resolve) => server.close(resolve));
});
