// The server bundle's `typescript` (scripts/build.mjs resolves the module here): TypeScript is
// ~9 MB of code that takes ~0.5 s to read, compile and run, and only JS/TS files need it, so it
// lives in its own file next to the bundle (dist/typescript.js) and is loaded at the first use of
// any of its exports. The CLI and the tests import the real module directly.
'use strict';
const ts = {};
// esbuild's interop reads this on import: answering it here keeps the import from loading TypeScript.
Object.defineProperty(ts, '__esModule', { value: false });
let loaded;
function load() {
  if (!loaded) {
    loaded = require('./typescript.js');
    // From then on every export is an own data property: reads no longer reach the proxy below.
    for (const k of Object.keys(loaded)) ts[k] = loaded[k];
  }
  return loaded;
}
Object.setPrototypeOf(
  ts,
  new Proxy({}, {
    get: (_t, k) => load()[k],
    has: (_t, k) => k in load(),
  }),
);
module.exports = ts;
