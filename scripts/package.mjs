// `npm run package`: one .vsix with everything bundled (no node_modules inside).
//   1. the settings in package.json must match server/src/lsp/settings.ts (drift fails here);
//   2. esbuild bundles, minified (scripts/build.mjs with EXIT_LENS_MINIFY=1);
//   3. @vscode/vsce 3 (runs on Node 20) packages what .vscodeignore allowlists;
//   4. the .vsix must stay within the 5 MB budget.
// Prints the .vsix path on the last line of stdout. `--out FILE` picks the output path.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const MAX_BYTES = 5 * 1024 * 1024;
/** Where relative links and images of README.md point inside the Marketplace page. */
const REPOSITORY = 'https://github.com/exit-lens/exit-lens';

const outArg = process.argv.indexOf('--out');
const out = resolve(outArg >= 0 ? process.argv[outArg + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

function run(what, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`package: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

run('settings drift check', process.execPath, ['--import', 'tsx', join(root, 'scripts/package-manifest.mjs'), '--check']);
run('build', process.execPath, [join(root, 'scripts/build.mjs')], { EXIT_LENS_MINIFY: '1' });
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
// stdin is closed, so vsce never stops at a y/N prompt.
run('vsce package', process.execPath, [
  vsce, 'package', '--no-dependencies', '--no-update-package-json', '--allow-missing-repository', '--skip-license',
  '--baseContentUrl', `${REPOSITORY}/blob/main`, '--baseImagesUrl', `${REPOSITORY}/raw/main`, '--out', out,
]);
const size = statSync(out).size;
if (size > MAX_BYTES) {
  console.error(`package: ${out} is ${size} bytes, over the ${MAX_BYTES}-byte budget`);
  process.exit(1);
}
console.log(`package: ${(size / 1024).toFixed(0)} KB`);
console.log(out);
