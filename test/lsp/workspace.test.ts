// Protocol tests of workspace behaviour: cross-file exit order from open buffers and from disk
// (file events), handlers defined in one file and registered by another, settings per resource
// in a multi-root workspace, settings and configuration-file changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliPlan, indicesInOrder, scenarioLine, workspace } from './helpers';
import { hoverText, LspClient } from './lspClient';

const HELPER = `import atexit

def close_pool():
    print("pool closed")

atexit.register(close_pool)
`;
const HELPER_2 = `import atexit

def close_pool():
    print("pool closed")

def drop_cache():
    print("cache dropped")

atexit.register(close_pool)
atexit.register(drop_cache)
`;
const MAIN = `import atexit
import helper

def flush_logs():
    print("logs flushed")

atexit.register(flush_logs)
`;
const LIB = `def shutdown():
    print("bye")
`;
const APP = `import atexit
from lib import shutdown

def first():
    print("first")

atexit.register(first)
atexit.register(shutdown)
`;
const THROWS = `import atexit

def boom():
    raise RuntimeError("x")

atexit.register(boom)
`;

/** The plan order the CLI computes for `files` (written to a scratch folder), for entry `entry`. */
function expectedOrder(files: Record<string, string>, entry: string): string[] {
  const w = workspace(files);
  try {
    return cliPlan(w.path(entry)).scenarios.normal!.handlers.map((h) => h.name);
  } finally {
    w.dispose();
  }
}

describe('workspace', () => {
  const ws = workspace({ 'helper.py': HELPER, 'main.py': MAIN, 'lib.py': LIB, 'app.py': APP });
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  const regLine = (text: string, name: string) => text.split('\n').findIndex((l) => l.startsWith(`atexit.register(${name})`));

  test('cross-file order: handlers registered by an imported module take their place in the hover', async () => {
    const uri = await c.open(ws.path('main.py'), MAIN);
    await c.diagnosticsFor(uri);
    const order = expectedOrder({ 'helper.py': HELPER, 'main.py': MAIN }, 'main.py');
    assert.ok(order.includes('close_pool') && order.includes('flush_logs'), order.join());
    const hover = hoverText(await c.hover(uri, regLine(MAIN, 'flush_logs'), 3));
    indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    assert.match(hover, /helper\.py:6/, 'the imported handler says where it is registered');
  });

  test('an unsaved edit of the imported module updates the importing program', async () => {
    const main = await c.open(ws.path('main.py'), MAIN);
    await c.diagnosticsFor(main);
    const helper = await c.open(ws.path('helper.py'), HELPER);
    await c.diagnosticsFor(helper);
    const republished = c.nextDiagnostics(main);
    await c.replaceAll(helper, HELPER_2);
    await republished;
    const order = expectedOrder({ 'helper.py': HELPER_2, 'main.py': MAIN }, 'main.py');
    assert.ok(order.includes('drop_cache'));
    const hover = hoverText(await c.hover(main, regLine(MAIN, 'flush_logs'), 3));
    indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    // Closing the buffer without saving: the disk version is the truth again.
    const back = c.nextDiagnostics(main);
    await c.close(helper);
    await back;
    const hover2 = hoverText(await c.hover(main, regLine(MAIN, 'flush_logs'), 3));
    assert.ok(!hover2.includes('drop_cache'), hover2);
    await c.close(main);
  });

  test('a change on disk (file event) updates the importing program', async () => {
    const main = await c.open(ws.path('main.py'), MAIN);
    await c.diagnosticsFor(main);
    ws.write('helper.py', HELPER_2);
    const refreshes = c.refreshes.length;
    const republished = c.nextDiagnostics(main);
    await c.fileChanged(ws.path('helper.py'), 2);
    await republished;
    // The lens titles of main.py changed without an edit of main.py: the editor is asked to refetch them.
    assert.ok(c.refreshes.slice(refreshes).some((r) => r.method === 'workspace/codeLens/refresh'));
    const order = cliPlan(ws.path('main.py')).scenarios.normal!.handlers.map((h) => h.name);
    assert.ok(order.includes('drop_cache'));
    indicesInOrder(scenarioLine(hoverText(await c.hover(main, regLine(MAIN, 'flush_logs'), 3)), 'normal end')!, order);
    ws.write('helper.py', HELPER);
    const again = c.nextDiagnostics(main);
    await c.fileChanged(ws.path('helper.py'), 2);
    await again;
    await c.close(main);
  });

  test('hover on a handler defined here but registered by another program of the workspace', async () => {
    // The index pauses after slow analyses: on a loaded machine it takes a while.
    await c.waitForLog(/analyzed \d+ workspace programs/, 180000);
    const lib = await c.open(ws.path('lib.py'), LIB);
    await c.diagnosticsFor(lib);
    const hover = hoverText(await c.hover(lib, 0, 5));
    assert.match(hover, /In `app\.py`/);
    const order = cliPlan(ws.path('app.py')).scenarios.normal!.handlers.map((h) => h.name);
    indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    assert.match(scenarioLine(hover, 'normal end')!, /▶ `shutdown`/);
    await c.close(lib);
  });

  test('settings changes: code lens off, a rule off, then back', async () => {
    ws.write('throws.py', THROWS);
    const uri = await c.open(ws.path('throws.py'), THROWS);
    const d = await c.diagnosticsFor(uri);
    assert.ok(d.some((x) => x.code === 'handler-may-throw'));
    assert.ok(((await c.codeLens(uri)) ?? []).length > 0);
    const quiet = c.nextDiagnostics(uri);
    await c.changeSettings(() => ({ codeLens: { enable: false }, rules: { 'handler-may-throw': 'off' } }));
    assert.ok(!(await quiet).diagnostics.some((x) => x.code === 'handler-may-throw'));
    assert.deepEqual(await c.codeLens(uri), []);
    const loud = c.nextDiagnostics(uri);
    await c.changeSettings(() => ({ rules: { 'handler-may-throw': 'error' } }));
    const back = (await loud).diagnostics.find((x) => x.code === 'handler-may-throw');
    assert.equal(back?.severity, 1, 'the setting sets the severity');
    assert.ok(((await c.codeLens(uri)) ?? []).length > 0);
    await c.changeSettings(() => ({}));
    await c.close(uri);
  });

  test('a configuration file turns a rule off; editing it (file event) turns it back on', async () => {
    ws.write('cfg/throws.py', THROWS);
    ws.write('cfg/.exit-lens.json', JSON.stringify({ rules: { 'handler-may-throw': 'off' } }));
    const uri = await c.open(ws.path('cfg/throws.py'), THROWS);
    assert.ok(!(await c.diagnosticsFor(uri)).some((x) => x.code === 'handler-may-throw'));
    ws.write('cfg/.exit-lens.json', JSON.stringify({ rules: {} }));
    const again = c.nextDiagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'handler-may-throw'));
    await c.fileChanged(ws.path('cfg/.exit-lens.json'), 2);
    await again;
    await c.close(uri);
  });
});

describe('multi-root workspace with settings per folder', () => {
  const a = workspace({ 'throws.py': THROWS });
  const b = workspace({ 'throws.py': THROWS });
  let c: LspClient;
  before(async () => {
    // Folder b turns the rule off; folder a keeps the default.
    c = await LspClient.start({
      workspaceFolders: [a.dir, b.dir],
      settings: (scope) => (scope?.includes(b.dir) ? { rules: { 'handler-may-throw': 'off' } } : {}),
    });
  });
  after(async () => {
    await c.stop();
    a.dispose();
    b.dispose();
  });

  test('each document gets the settings of its own folder', async () => {
    const ua = await c.open(a.path('throws.py'), THROWS);
    const ub = await c.open(b.path('throws.py'), THROWS);
    assert.ok((await c.diagnosticsFor(ua)).some((x) => x.code === 'handler-may-throw'));
    assert.ok(!(await c.diagnosticsFor(ub)).some((x) => x.code === 'handler-may-throw'));
  });
});
