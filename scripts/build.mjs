// Bundles the CLI, the language server and the VS Code client with esbuild, and copies the
// tree-sitter wasm files next to them (the bundles load them at run time by path).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
// scripts/package.mjs builds into a staging folder (EXIT_LENS_OUTDIR) so packaging never rewrites dist/ under running tests.
const out = process.env.EXIT_LENS_OUTDIR ? process.env.EXIT_LENS_OUTDIR : join(root, 'dist');
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // scripts/package.mjs sets EXIT_LENS_MINIFY=1: the .vsix ships minified bundles (size budget 5 MB).
  minify: process.env.EXIT_LENS_MINIFY === '1',
  keepNames: true,
  logLevel: 'warning',
  logOverride: { 'require-resolve-not-external': 'silent' },
  // web-tree-sitter probes for these at run time only under other hosts.
  external: ['vscode'],
  // web-tree-sitter's CJS build still calls createRequire(import.meta.url); give it this file's URL.
  define: { 'import.meta.url': '__exitLensImportMetaUrl' },
  banner: { js: "const __exitLensImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

// The exports of TypeScript that are objects (enums, namespaces) and functions: the lazy shim hands out
// stand-ins for them to modules that keep one at load.
const tsLib = require('typescript');
const tsObjectExports = Object.keys(tsLib).filter((k) => typeof tsLib[k] === 'object' && tsLib[k] !== null);
const tsFunctionExports = Object.keys(tsLib).filter((k) => typeof tsLib[k] === 'function');

const lazyTypeScript = {
  name: 'lazy-typescript',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: join(root, 'server/src/lsp/lazyTypeScript.js') }));
    build.onResolve({ filter: /^\.\/typescript\.js$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

// The CLI, its pool workers and the server load TypeScript only when a JS/TS file needs it
// (server/src/lsp/lazyTypeScript.js): `typescript` resolves to that shim, which requires
// dist/typescript.js on first use, so checking a Python project never reads it.
const lazy = { plugins: [lazyTypeScript], define: { ...common.define, EXIT_LENS_TS_OBJECT_EXPORTS: JSON.stringify(tsObjectExports), EXIT_LENS_TS_FUNCTION_EXPORTS: JSON.stringify(tsFunctionExports) } };

await Promise.all([
  esbuild.build({ ...common, ...lazy, entryPoints: { cli: join(root, 'server/src/cli/bin.ts') }, outdir: out }),
  // `check --jobs N` starts this next to cli.js (server/src/cli/pool.ts finds it by __dirname).
  esbuild.build({ ...common, ...lazy, entryPoints: { 'check-worker': join(root, 'server/src/cli/pool.ts') }, outdir: out }),
  esbuild.build({ ...common, ...lazy, entryPoints: { server: join(root, 'server/src/lsp/main.ts') }, outdir: out }),
  // Minified in every build: 3.6 MB instead of 9 MB reads and compiles in two thirds of the time.
  esbuild.build({ ...common, keepNames: false, minify: true, entryPoints: { typescript: require.resolve('typescript') }, outdir: out }),
  esbuild.build({ ...common, entryPoints: { extension: join(root, 'client/src/extension.ts') }, outdir: out }),
]);

copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(out, 'tree-sitter.wasm'));
copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), join(out, 'tree-sitter-python.wasm'));
