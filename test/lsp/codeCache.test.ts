// The server's V8 code cache of TypeScript (lsp/codeCache.ts): written in the folder the client
// names, used at the next start, rewritten when V8 rejects it, and never in the way: whatever
// happens to the cache, a JS document gets the same diagnostics as without one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { workspace } from './helpers';
import { LspClient } from './lspClient';

const APP = `const fs = require('fs');
process.on('exit', () => {
  fs.writeFileSync('/tmp/never-written', 'x');
  throw new Error('boom');
});
process.exit(1);
`;

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`).sort();

/** One server session with `options` as initializationOptions: the JS document's diagnostics and the server's log. */
async function session(dir: string, options: unknown): Promise<{ diagnostics: string[]; logs: string[] }> {
  const c = await LspClient.start({ workspaceFolders: [dir], initializationOptions: options });
  try {
    const uri = await c.open(join(dir, 'app.js'), APP);
    const diagnostics = summary(await c.diagnosticsFor(uri));
    // The cache is written (when it must be) right after the first JS/TS diagnostics, then this line.
    await until(() => c.logs.some((l) => /JS\/TS parser warmed up/.test(l)));
    return { diagnostics, logs: [...c.logs] };
  } finally {
    await c.stop();
  }
}

async function until(ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.v8cache'));

describe('code cache of TypeScript', () => {
  test('written at the first start, used at the next, rewritten when corrupt; the diagnostics never change', async () => {
    const ws = workspace({ 'app.js': APP });
    try {
      const plain = await session(ws.dir, undefined);
      assert.ok(plain.diagnostics.length >= 1, `the program has findings: ${plain.diagnostics.join(', ')}`);
      assert.ok(!plain.logs.some((l) => /code cache/.test(l)), 'no cache folder named: no cache');

      const cacheDir = join(ws.dir, 'storage', 'code-cache');
      const first = await session(ws.dir, { codeCacheDir: cacheDir });
      assert.deepEqual(first.diagnostics, plain.diagnostics);
      assert.ok(first.logs.some((l) => /code cache: written/.test(l)), first.logs.join('\n'));
      const [file] = cacheFiles(cacheDir);
      assert.ok(file && statSync(join(cacheDir, file)).size > 100_000, `one cache file: ${cacheFiles(cacheDir).join(', ')}`);
      const bytes = readFileSync(join(cacheDir, file));

      const second = await session(ws.dir, { codeCacheDir: cacheDir });
      assert.deepEqual(second.diagnostics, plain.diagnostics);
      assert.ok(!second.logs.some((l) => /code cache/.test(l)), `the cache is used as it is: ${second.logs.filter((l) => /code cache/.test(l)).join('\n')}`);
      assert.ok(readFileSync(join(cacheDir, file)).equals(bytes), 'a used cache is not written again');

      writeFileSync(join(cacheDir, file), Buffer.alloc(bytes.length, 7));
      const corrupt = await session(ws.dir, { codeCacheDir: cacheDir });
      assert.deepEqual(corrupt.diagnostics, plain.diagnostics);
      assert.ok(corrupt.logs.some((l) => /code cache: rejected by V8, rewritten/.test(l)), corrupt.logs.join('\n'));
      assert.deepEqual(cacheFiles(cacheDir), [file]);
      assert.ok(!readFileSync(join(cacheDir, file)).equals(Buffer.alloc(bytes.length, 7)), 'the garbage was replaced');
    } finally {
      ws.dispose();
    }
  });

  test('a folder that cannot be written, or a relative path, changes nothing', async () => {
    const ws = workspace({ 'app.js': APP, 'a-file': 'not a folder' });
    try {
      const plain = await session(ws.dir, undefined);
      const blocked = await session(ws.dir, { codeCacheDir: join(ws.dir, 'a-file', 'code-cache') });
      assert.deepEqual(blocked.diagnostics, plain.diagnostics);
      assert.ok(blocked.logs.some((l) => /code cache: cannot write/.test(l)), blocked.logs.join('\n'));
      const relative = await session(ws.dir, { codeCacheDir: 'code-cache' });
      assert.deepEqual(relative.diagnostics, plain.diagnostics);
      assert.deepEqual(readdirSync(ws.dir).sort(), ['a-file', 'app.js']);
    } finally {
      ws.dispose();
    }
  });
});
