// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// winston-style exception handling: a handler object binds its catcher once, handle() adds it,
// unhandle() removes it by the same reference; a second handler stays installed.
'use strict';

class ExceptionHandler {
  constructor(name) {
    this.name = name;
    this.catcher = false;
  }
  handle() {
    if (!this.catcher) {
      this.catcher = this._uncaughtException.bind(this);
      process.on('uncaughtException', this.catcher);
    }
  }
  unhandle() {
    if (this.catcher) {
      process.removeListener('uncaughtException', this.catcher);
      this.catcher = false;
    }
  }
  _uncaughtException(err) {
    console.error(`[${this.name}] ${err.message}`);
    process.exitCode = 1;
  }
}

const fileHandler = new ExceptionHandler('file');
const consoleHandler = new ExceptionHandler('console');
fileHandler.handle();
consoleHandler.handle();
consoleHandler.unhandle();
process.on('exit', (code) => console.log(`exit ${code}`));
