import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConfigResolver, readConfigFile } from '../../../server/src/config/load';
import { configDocs, OPTIONS, parseConfig } from '../../../server/src/config/schema';

const IDS = ['slow-handler', 'handler-may-throw'];

test('valid configuration is parsed', () => {
  const { config, errors } = parseConfig({ rules: { 'slow-handler': 'off' }, slowCalls: ['a.b'], ignore: ['x/**'], python: { version: '3.12', startMethod: 'spawn' }, node: { version: 22 } }, 'c.json', IDS);
  assert.deepEqual(errors, []);
  assert.deepEqual(config, { rules: { 'slow-handler': 'off' }, slowCalls: ['a.b'], ignore: ['x/**'], python: { version: '3.12', startMethod: 'spawn' }, node: { version: 22 } });
});

test('unknown keys and bad values name the file and the key; the rest still applies', () => {
  const { config, errors } = parseConfig({ rules: { 'slow-handler': 'loud', 'handler-may-throw': 'error', nope: 'off' }, slowCalls: 'x', python: { version: '2.7', startMethod: 'fork', colour: 1 }, node: { version: 'v18.2.0' }, extra: true }, 'cfg.json', IDS);
  const keys = errors.map((e) => `${e.file}:${e.key}`);
  assert.deepEqual(keys.sort(), ['cfg.json:extra', 'cfg.json:python.colour', 'cfg.json:python.version', 'cfg.json:rules.nope', 'cfg.json:rules.slow-handler', 'cfg.json:slowCalls'].sort());
  assert.deepEqual(config.rules, { 'handler-may-throw': 'error' });
  assert.deepEqual(config.python, { startMethod: 'fork' });
  assert.deepEqual(config.node, { version: 18 });
  assert.deepEqual(config.slowCalls, []);
});

test('nearest configuration wins: .exit-lens.json, package.json "exitLens", pyproject [tool.exit-lens]', () => {
  const files: Record<string, string> = {
    '/r/pyproject.toml': '[tool.exit-lens]\nslowCalls = ["root.call"]\n',
    '/r/a/package.json': JSON.stringify({ name: 'a', exitLens: { slowCalls: ['a.call'] } }),
    '/r/a/b/.exit-lens.json': JSON.stringify({ slowCalls: ['b.call'] }),
    '/r/c/package.json': JSON.stringify({ name: 'no-config-here' }),
    '/r/d/.exit-lens.json': '{ not json',
  };
  const resolve = createConfigResolver({ readFile: (p) => files[p] }, IDS);
  assert.deepEqual(resolve('/r/x.py').config.slowCalls, ['root.call']);
  assert.deepEqual(resolve('/r/a/x.js').config.slowCalls, ['a.call']);
  assert.deepEqual(resolve('/r/a/b/x.py').config.slowCalls, ['b.call']);
  assert.deepEqual(resolve('/r/c/x.js').config.slowCalls, ['root.call']);
  const broken = resolve('/r/d/x.py');
  assert.equal(broken.errors[0]!.key, '(file)');
  assert.match(broken.errors[0]!.message, /cannot parse/);
  assert.equal(resolve('/elsewhere/x.py').file, undefined);
});

test('a pyproject.toml without the table is not a configuration', () => {
  assert.equal(readConfigFile('/p/pyproject.toml', { readFile: () => '[tool.black]\nline-length = 100\n' }, IDS), undefined);
});

test('the schema documents every option', () => {
  const doc = configDocs();
  for (const o of OPTIONS) assert.ok(doc.includes(`\`${o.key}\``), o.key);
});
