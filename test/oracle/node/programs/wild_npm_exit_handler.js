// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// npm-style CLI: an ExitHandler class takes `process` by injection, keeps its handlers in
// private arrow-function fields and registers them through `this.#process`.
'use strict';

class ExitHandler {
  #process = null;
  #exited = false;

  constructor({ process }) {
    this.#process = process;
    this.#process.on('exit', this.#handleProcessExit);
  }

  registerUncaughtHandlers() {
    this.#process.on('uncaughtException', this.#handleExit);
    this.#process.on('unhandledRejection', this.#handleExit);
  }

  exit(err) {
    this.#handleExit(err);
  }

  #handleProcessExit = (code) => {
    const exitCode = this.#exited ? Number(code) || 0 : Number(code) || 1;
    console.log(`npm-like: exiting with ${exitCode}`);
  };

  #handleExit = (err) => {
    this.#exited = true;
    if (err) console.error(`npm-like error: ${err.message ?? err}`);
    this.#process.exitCode = err ? 1 : 0;
  };
}

const exitHandler = new ExitHandler({ process });
exitHandler.registerUncaughtHandlers();
console.log('running command: install');
