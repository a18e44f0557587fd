// `npm run package`: one .vsix with everything bundled (no node_modules inside).
//   1. the settings in package.json must match server/src/lsp/settings.ts (drift fails here);
//   2. a staging folder gets package.json, README.md, .vscodeignore, syntaxes/ and minified
//      esbuild bundles in dist/ (scripts/build.mjs), so the working dist/ is never touched;
//   3. @vscode/vsce 3 (runs on Node 20) packages what .vscodeignore allowlists;
//   4. the .vsix must stay within the 5 MB budget.
// Options: --out FILE (default ./exit-lens-<version>.vsix), --stage DIR (default .cache/vsix).
// Prints the .vsix path on the last line of stdout.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const MAX_BYTES = 5 * 1024 * 1024;
/** Where relative links and images of README.md point on the Marketplace page. */
const REPOSITORY = 'https://github.com/exit-lens/exit-lens';
/** What vsce reads besides the bundles; .vscodeignore decides what of it ships. */
const STAGED = ['package.json', 'README.md', '.vscodeignore', 'syntaxes', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const out = resolve(arg('--out') ?? join(root, `${pkg.name}-${pkg.version}.vsix`));
const stage = resolve(arg('--stage') ?? join(root, '.cache', 'vsix'));

function run(what, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts, env: { ...process.env, ...opts.env } });
  if (r.status !== 0) {
    console.error(`package: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

run('settings drift check', process.execPath, ['--import', 'tsx', join(root, 'scripts/package-manifest.mjs'), '--check']);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const f of STAGED) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f), { recursive: true });
run('build', process.execPath, [join(root, 'scripts/build.mjs')], { env: { EXIT_LENS_MINIFY: '1', EXIT_LENS_OUTDIR: join(stage, 'dist') } });
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
// stdin is closed, so vsce never stops at a y/N prompt.
run(
  'vsce package',
  process.execPath,
  [
    vsce, 'package', '--no-dependencies', '--no-update-package-json', '--allow-missing-repository',
    '--baseContentUrl', `${REPOSITORY}/blob/main`, '--baseImagesUrl', `${REPOSITORY}/raw/main`, '--out', out,
  ],
  { cwd: stage },
);
const size = statSync(out).size;
if (size > MAX_BYTES) {
  console.error(`package: ${out} is ${size} bytes, over the ${MAX_BYTES}-byte budget`);
  process.exit(1);
}
console.log(`package: ${(size / 1024).toFixed(0)} KB`);
console.log(out);
