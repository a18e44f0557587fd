'use strict';

module.exports = function installShutdown({ signals, onShutdown }) {
  for (const sig of signals) {
    process.on(sig, () => {
      onShutdown();
      process.exit(0);
    });
  }
};
