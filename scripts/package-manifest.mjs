// Writes the generated parts of package.json's `contributes` from their one definition:
// `contributes.configuration` from server/src/lsp/settings.ts (SETTINGS_SCHEMA). Run through tsx:
//   node --import tsx scripts/package-manifest.mjs          rewrite package.json
//   node --import tsx scripts/package-manifest.mjs --check  exit 1 when package.json drifted
// test/package/settings.test.ts runs the same comparison.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { contributedConfiguration } = await import('../server/src/lsp/settings.ts');

const path = join(root, 'package.json');
const text = readFileSync(path, 'utf8');
const pkg = JSON.parse(text);
const want = contributedConfiguration();
const same = JSON.stringify(pkg.contributes?.configuration) === JSON.stringify(want);
if (process.argv.includes('--check')) {
  if (!same) {
    console.error('package.json contributes.configuration differs from server/src/lsp/settings.ts; run: node --import tsx scripts/package-manifest.mjs');
    process.exit(1);
  }
  process.exit(0);
}
if (!same) {
  pkg.contributes = { ...pkg.contributes, configuration: want };
  writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
  console.log('package.json: contributes.configuration updated');
}
