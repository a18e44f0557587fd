// Architecture invariants that a reviewer would otherwise have to check by hand (ARCHITECTURE.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

test('the core does no I/O and imports nothing of VS Code or LSP', () => {
  const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads|process))$/;
  const files = tsFiles(join(root, 'server/src/core'));
  assert.ok(files.length > 20, 'the core was found');
  const bad = files.flatMap((f) => imports(f).filter((s) => forbidden.test(s)).map((s) => `${relative(root, f)} imports ${s}`));
  assert.deepEqual(bad, []);
});

test('only lsp/ and client/ know LSP', () => {
  const files = [...tsFiles(join(root, 'server/src/cli')), ...tsFiles(join(root, 'server/src/config')), ...tsFiles(join(root, 'server/src/host'))];
  const bad = files.flatMap((f) => imports(f).filter((s) => /^vscode/.test(s)).map((s) => `${relative(root, f)} imports ${s}`));
  assert.deepEqual(bad, []);
});
