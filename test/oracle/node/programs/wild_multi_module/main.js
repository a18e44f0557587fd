// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Several modules each own a piece of shutdown: metrics registers when loaded, the queue when
// started, and an installer module exports a function the entry calls with options.
'use strict';
const metrics = require('./metrics');
const { startQueue } = require('./queue');
const installShutdown = require('./install-shutdown');

metrics.count('boot');
const queue = startQueue();
installShutdown({ signals: ['SIGINT', 'SIGTERM'], onShutdown: () => queue.close() });
process.on('exit', () => console.log('main: bye'));
