// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A service logger: uncaughtException/unhandledRejection are logged and turned into exit(1);
// the 'exit' listener writes the last line.
'use strict';

const logger = {
  lines: [],
  error(msg) { this.lines.push(msg); console.error(msg); },
  flush() { console.log(`flushed ${this.lines.length} lines`); },
};

function fatal(kind) {
  return (err) => {
    logger.error(`${kind}: ${err && err.message}`);
    process.exit(1);
  };
}

process.on('uncaughtException', fatal('uncaughtException'));
process.on('unhandledRejection', fatal('unhandledRejection'));
process.on('exit', () => logger.flush());
