// Runs the test suite with node's test runner (TypeScript through tsx).
//   node scripts/test.mjs            all tests (builds first: CLI and protocol tests run the bundles)
//   node scripts/test.mjs unit       only test/unit
//   node scripts/test.mjs <dir|file> ...   the tests under those paths
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'fixtures', 'programs', '__snapshots__', '.cache']);

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (/\.test\.(ts|mjs)$/.test(path)) out.push(path);
    return out;
  }
  // Sockets, pipes and the like left by a local e2e run are neither tests nor folders.
  if (!st.isDirectory()) return out;
  for (const name of readdirSync(path).sort()) {
    if (SKIP_DIRS.has(name)) continue;
    collect(join(path, name), out);
  }
  return out;
}

const args = process.argv.slice(2);
const targets = args.length === 0 ? ['test'] : args.map((a) => (a === 'unit' ? 'test/unit' : a));
const files = targets.flatMap((t) => collect(join(root, t), [])).map((f) => relative(root, f));
if (files.length === 0) {
  console.error(`no test files under ${targets.join(', ')}`);
  process.exit(1);
}

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(res.status ?? 1);
