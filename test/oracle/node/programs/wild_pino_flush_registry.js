// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A pino-like logger: each destination registers a final flush through a small helper
// (on-exit-leak-free's shape: register(obj, fn) → process 'exit' listener calling fn(obj)).
'use strict';

function register(obj, fn) {
  process.once('exit', () => fn(obj, 'exit'));
}

function createDestination(name) {
  const dest = { name, buf: [] };
  dest.write = (line) => dest.buf.push(line);
  register(dest, (d, ev) => console.log(`${d.name}: flushed ${d.buf.length} on ${ev}`));
  return dest;
}

const destinations = ['stdout', 'file'].map(createDestination);
for (const d of destinations) d.write('started');
const audit = createDestination('audit');
audit.write('login');
