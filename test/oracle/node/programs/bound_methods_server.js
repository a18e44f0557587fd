// exit-lens-oracle: exit error hard-exit sigint sigterm
// A class-based TCP server: bound methods as listeners; a fresh bind() can never remove one.
'use strict';
const net = require('node:net');

class EchoServer {
  constructor() {
    this.server = net.createServer((sock) => sock.pipe(sock));
    this.stopped = false;
  }
  start() {
    this.server.listen(0, '127.0.0.1');
    process.once('SIGTERM', this.stop.bind(this));
    process.once('SIGINT', this.stop.bind(this));
    process.on('exit', this.report.bind(this));
  }
  stop() {
    this.stopped = true;
    this.server.close(() => process.exit(0));
  }
  report() {
    console.log(`echo server stopped=${this.stopped}`);
  }
}

const app = new EchoServer();
app.start();
process.off('exit', app.report.bind(app));
