// The settings have one definition (server/src/lsp/settings.ts); package.json's contributed
// configuration is generated from it (`npm run package:manifest`). These fail on drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClientCommands } from '../../server/src/lsp/protocol';
import { contributedConfiguration, DEFAULT_SETTINGS, SETTINGS_SCHEMA, settingsFrom } from '../../server/src/lsp/settings';
import { ROOT } from '../lsp/lspClient';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('package.json contributes.configuration is exactly the server schema', () => {
  assert.deepEqual(pkg.contributes.configuration, contributedConfiguration(), 'run: npm run package:manifest');
});

test('every setting has a description and a scope; editor settings are per resource', () => {
  for (const [key, s] of Object.entries(SETTINGS_SCHEMA)) {
    assert.ok(key.startsWith('exitLens.'), key);
    assert.ok(s.description.length > 20, key);
    assert.equal(s.scope, key === 'exitLens.trace.server' ? 'window' : 'resource', key);
  }
});

test("the schema's defaults are the server's defaults", () => {
  const raw: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS_SCHEMA)) {
    // exitLens.codeLens.enable -> { codeLens: { enable } }
    const parts = key.split('.').slice(1);
    let o = raw;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]!] = s.default;
  }
  assert.deepEqual(settingsFrom(raw), DEFAULT_SETTINGS);
  // Each Settings field is contributed (trace.server is read by vscode-languageclient itself).
  const contributed = new Set(Object.keys(SETTINGS_SCHEMA).map((k) => k.split('.')[1]));
  for (const field of Object.keys(DEFAULT_SETTINGS)) assert.ok(contributed.has(field), field);
});

test('bad values from a hand-edited settings.json fall back to defaults', () => {
  const s = settingsFrom({ enable: 'yes', run: 'sometimes', debounceMs: -5, maxFileSize: 'big', rules: { 'slow-handler': 'loud', 'handler-may-throw': 'off' }, codeLens: 3 });
  assert.equal(s.enable, true);
  assert.equal(s.run, 'onType');
  assert.equal(s.debounceMs, 0);
  assert.equal(s.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
  assert.deepEqual(s.rules, { 'handler-may-throw': 'off' });
  assert.equal(s.codeLens.enable, true);
});

test('the commands the client registers are contributed, with the palette title of the issue', () => {
  const ids = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(ids, Object.values(ClientCommands).sort());
  const show = pkg.contributes.commands.find((c: { command: string }) => c.command === ClientCommands.showPlan);
  assert.equal(`${show.category}: ${show.title}`, 'Exit Lens: Show Exit Plan');
});
