// ESM loader hooks of the Node oracle (registered by preload.cjs with module.register):
// - resolve: the exit libraries imported from user code go to shims/<lib>.mjs, which import the
//   real module and re-export it with its registration functions wrapped (preload.cjs wrapLib);
// - load: the same line-preserving rewriting as the CJS path (transform.cjs) for fixture modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { transformSource } = require('./transform.cjs');
const LIBS = new Set(['exit-hook', 'signal-exit', 'async-exit-hook', 'close-with-grace', 'node-cleanup', 'death']);
let data;
let shimsURL;

export function initialize(d) {
  data = d;
  shimsURL = pathToFileURL(d.shims).href + '/';
}

export async function resolve(specifier, context, nextResolve) {
  // Only imports written in the program (not a library importing one of these internally).
  if (LIBS.has(specifier) && isUser(context.parentURL)) {
    return { url: `${shimsURL}${specifier}.mjs`, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

function isUser(url) {
  if (!url || !url.startsWith('file:')) return false;
  const file = fileURLToPath(url);
  return file.startsWith(data.root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

export async function load(url, context, nextLoad) {
  const r = await nextLoad(url, context);
  if (url.startsWith('file:') && r.source != null && (r.format === 'module' || r.format === 'module-typescript')) {
    const file = fileURLToPath(url);
    if (file.startsWith(data.root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      r.source = transformSource(Buffer.from(r.source).toString('utf8'), file, file === data.entry ? data.ending : '');
    }
  }
  return r;
}
