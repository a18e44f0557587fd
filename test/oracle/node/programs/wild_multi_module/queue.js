'use strict';

exports.startQueue = function startQueue() {
  const q = { jobs: [], close: () => console.log('queue closed') };
  process.once('beforeExit', () => console.log('queue idle'));
  return q;
};
