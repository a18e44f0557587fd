'use strict';
const counters = new Map();

process.on('exit', () => {
  console.log('metrics:', JSON.stringify([...counters]));
});

exports.count = (name) => counters.set(name, (counters.get(name) ?? 0) + 1);
