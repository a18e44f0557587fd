// The `typescript` of the server, CLI and check-worker bundles (scripts/build.mjs resolves the
// module here): TypeScript is ~9 MB of code that takes ~0.5 s to read, compile and run, and only
// JS/TS files need it, so it lives in its own file next to the bundles (dist/typescript.js) and is
// loaded at the first use of any of its exports. The tests import the real module directly.
'use strict';
const { join } = require('node:path');
const { requireWithCodeCache } = require('./codeCache');
const ts = {};
// esbuild's interop reads this on import: answering it here keeps the import from loading TypeScript.
Object.defineProperty(ts, '__esModule', { value: false });
// Exports that are objects (SyntaxKind and the other enums, namespaces), listed by scripts/build.mjs
// from the bundled TypeScript: a module that keeps one at load (`const SyntaxKind = ts.SyntaxKind`)
// gets a stand-in that is filled when TypeScript loads, so importing the JS front end loads nothing.
// Functions kept at load (`const { isIdentifier } = ts`) get a stand-in that loads TypeScript at its
// first call and then calls through.
// eslint-disable-next-line no-undef
const OBJECT_EXPORTS = new Set(typeof EXIT_LENS_TS_OBJECT_EXPORTS === 'undefined' ? [] : EXIT_LENS_TS_OBJECT_EXPORTS);
// eslint-disable-next-line no-undef
const FUNCTION_EXPORTS = new Set(typeof EXIT_LENS_TS_FUNCTION_EXPORTS === 'undefined' ? [] : EXIT_LENS_TS_FUNCTION_EXPORTS);
const standIns = new Map();
let loaded;
function load() {
  if (!loaded) {
    // Through the V8 code cache when the client named a folder for it (lsp/codeCache.ts).
    loaded = requireWithCodeCache(require, join(__dirname, 'typescript.js'));
    // From then on every export is an own data property: reads no longer reach the proxies below
    // (the prototype goes first, so the copy is a plain assignment, not a walk through the proxy).
    Object.setPrototypeOf(ts, Object.prototype);
    for (const k of Object.keys(loaded)) ts[k] = loaded[k];
    for (const [k, o] of standIns) Object.assign(o, loaded[k]);
  }
  return loaded;
}
function standIn(k) {
  let o = standIns.get(k);
  if (!o) {
    o = Object.create(new Proxy({}, { get: (_t, p) => (load(), o[p]), has: (_t, p) => (load(), p in o) }));
    standIns.set(k, o);
  }
  return o;
}
function standInFunction(k) {
  let f;
  return function () {
    return (f ??= load()[k]).apply(this, arguments);
  };
}
const early = (k) => (OBJECT_EXPORTS.has(k) ? standIn(k) : FUNCTION_EXPORTS.has(k) ? standInFunction(k) : load()[k]);
Object.setPrototypeOf(
  ts,
  new Proxy({}, {
    get: (_t, k) => (!loaded && typeof k === 'string' ? early(k) : load()[k]),
    has: (_t, k) => k in load(),
  }),
);
module.exports = ts;
