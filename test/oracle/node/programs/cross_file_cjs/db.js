'use strict';
let connected = null;

function connect(url) {
  connected = url;
  process.on('exit', disconnect);
  process.on('SIGINT', () => {
    disconnect();
    process.exit(130);
  });
}

function disconnect() {
  if (connected) console.log(`closing ${connected}`);
  connected = null;
}

module.exports = { connect, disconnect };
