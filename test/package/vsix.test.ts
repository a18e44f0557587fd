// The packaged extension: `scripts/package.mjs` builds the .vsix; unpacked into a folder outside
// the repository (so no node_modules can be found), its server alone answers over stdio with
// diagnostics and the exit-order hover for a seed example.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliPlan, indicesInOrder, scenarioLine } from '../lsp/helpers';
import { hoverText, LspClient, ROOT } from '../lsp/lspClient';

const MAX_BYTES = 5 * 1024 * 1024;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('the .vsix', () => {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-vsix-')));
  const vsix = join(tmp, 'exit-lens.vsix');
  const unpacked = join(tmp, 'unpacked');
  before(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', vsix, '--stage', join(tmp, 'stage')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    // A .vsix is a zip; `unzip` is on every CI image we use (python3's zipfile as a fallback).
    let u = spawnSync('unzip', ['-q', vsix, '-d', unpacked], { encoding: 'utf8' });
    if (u.error) u = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, unpacked], { encoding: 'utf8' });
    assert.equal(u.status, 0, `cannot unzip: ${u.stderr}`);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('is within 5 MB and ships only what runs (allowlist)', () => {
    assert.ok(statSync(vsix).size <= MAX_BYTES, `${statSync(vsix).size} bytes`);
    const files = listFiles(join(unpacked, 'extension'));
    assert.deepEqual(
      files.filter((f) => !/^(readme\.md|changelog\.md|license(\.md|\.txt)?)$/i.test(f)),
      ['dist/extension.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter.wasm', 'dist/typescript.js', 'package.json', 'syntaxes/exit-lens-plan.tmLanguage.json'],
    );
    const manifest = JSON.parse(readFileSync(join(unpacked, 'extension', 'package.json'), 'utf8'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    for (const lang of ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact']) assert.ok(manifest.activationEvents.includes(`onLanguage:${lang}`), lang);
    assert.ok(manifest.contributes.grammars.some((g: { path: string }) => files.includes(g.path.replace(/^\.\//, ''))), 'the grammar ships');
  });

  test('the whole archive holds no development files, secrets or paths of the build machine', () => {
    // Every zip entry, not only extension/: vsce adds its manifest and content-types file.
    const all = listFiles(unpacked);
    const outside = all.filter((f) => !f.startsWith('extension/'));
    assert.deepEqual(outside, ['[Content_Types].xml', 'extension.vsixmanifest']);
    const dev = all.filter((f) =>
      /(^|\/)(\.[^/]+|node_modules|test|tests|src|scripts|bench|coverage|\.git)(\/|$)|\.(map|tsx?|mts|cts|pem|key|p12|pfx|log|tgz|zip|vsix)$|(^|\/)(npmrc|\.env.*|id_rsa.*|tsconfig.*\.json|package-lock\.json)$/i.test(f),
    );
    assert.deepEqual(dev, []);
    const SECRETS: Array<[string, RegExp]> = [
      ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
      ['GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b/],
      ['npm token', /\bnpm_[A-Za-z0-9]{36}\b|_authToken\s*=/],
      ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
      ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
      ['bearer credential in a URL', /https?:\/\/[^\s/:@'"]+:[^\s/@'"]+@/],
    ];
    // Where this repository and its dependencies sit on the build machine: nothing may point there.
    const localPaths = [ROOT, join(tmp, 'stage'), homedir()].filter((p) => p.length > 1);
    const found: string[] = [];
    for (const f of all) {
      if (f.endsWith('.wasm')) continue;
      const text = readFileSync(join(unpacked, f), 'utf8');
      for (const [what, re] of SECRETS) if (re.test(text)) found.push(`${f}: ${what}: ${re.exec(text)![0].slice(0, 12)}…`);
      for (const p of localPaths) if (text.includes(p)) found.push(`${f}: contains the local path ${p}`);
    }
    assert.deepEqual(found, []);
  });

  test('the bundles require nothing but Node built-ins (and vscode, for the client)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    // TypeScript's compiler calls require("source-map-support") inside try/catch, for its own stack traces.
    const optional = ['source-map-support'];
    // The server loads TypeScript from its own bundle next to it, on first use (scripts/build.mjs).
    for (const [bundle, allowed] of [['dist/server.js', [...optional, './typescript.js']], ['dist/typescript.js', optional], ['dist/extension.js', ['vscode', ...optional]]] as const) {
      const src = readFileSync(join(unpacked, 'extension', bundle), 'utf8');
      const required = new Set([...src.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
      const foreign = [...required].filter((r) => !builtins.has(r) && !(allowed as readonly string[]).includes(r));
      assert.deepEqual(foreign, [], `${bundle} requires ${foreign.join(', ')}`);
    }
  });

  test('its server, started from the unpacked files alone, gives diagnostics and the exit-order hover', async () => {
    // A workspace outside the repository, so nothing resolves into the repository's node_modules.
    const ws = join(tmp, 'ws');
    cpSync(join(ROOT, 'examples', 'seed'), ws, { recursive: true });
    const c = await LspClient.start({
      command: [process.execPath, join(unpacked, 'extension', 'dist', 'server.js'), '--stdio'],
      cwd: tmp,
      workspaceFolders: [ws],
      env: { PATH: process.env.PATH ?? '', HOME: tmp },
    });
    try {
      const errors = join(ws, '06_error_handling.py');
      const uri = await c.open(errors, readFileSync(errors, 'utf8'));
      const d = await c.diagnosticsFor(uri);
      assert.ok(d.some((x) => x.code === 'handler-may-throw' && x.source === 'exit-lens'), JSON.stringify(d));
      const plan = cliPlan(errors);
      const order = plan.scenarios.normal!.handlers.map((h) => h.name);
      assert.ok(order.length >= 2);
      const h = plan.scenarios.normal!.handlers[0]!;
      const hover = hoverText(await c.hover(uri, h.line - 1, h.column));
      indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    } finally {
      await c.stop();
    }
  });
});
