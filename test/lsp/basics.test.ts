// Protocol tests against the real bundled server (dist/server.js over stdio): capabilities,
// hover, code lens, the plan command and document, edits with syntax errors, huge files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliPlan, indicesInOrder, scenarioLine, workspace } from './helpers';
import { hoverText, LspClient, ROOT } from './lspClient';

const SEED = join(ROOT, 'examples', 'seed');
const MULTIPLE = join(SEED, '03_multiple.py');

describe('language server basics', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ workspaceFolders: [SEED], vscodeLike: true });
  });
  after(async () => {
    await c.stop();
  });

  test('initialize announces incremental sync, hover, lenses, fixes, commands and plan documents', () => {
    const caps = c.initializeResult.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, 2, 'incremental sync');
    assert.equal(sync.openClose, true);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    for (const k of ['quickfix', 'refactor.rewrite', 'source.fixAll.exit-lens']) assert.ok(kinds.includes(k), k);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['exit-lens.server.showPlan', 'exit-lens.server.openRuleDocs']);
    assert.deepEqual((caps.workspace as { textDocumentContent?: { schemes: string[] } }).textDocumentContent?.schemes, ['exit-lens-plan']);
    assert.equal(c.initializeResult.serverInfo?.name, 'exit-lens');
  });

  test('hover on a registration shows the plan order with this handler marked, skips and the order rule', async () => {
    const text = readFileSync(MULTIPLE, 'utf8');
    const uri = await c.open(MULTIPLE, text);
    await c.diagnosticsFor(uri);
    const plan = cliPlan(MULTIPLE);
    const normal = plan.scenarios.normal!.handlers;
    assert.ok(normal.length >= 2, 'the seed registers two handlers');
    // Hover each registration: the normal-scenario line lists the plan's order, this one marked.
    for (const h of normal) {
      const hover = hoverText(await c.hover(uri, h.line - 1, h.column + 2));
      const line = scenarioLine(hover, 'normal end');
      assert.ok(line, `a normal-end line in:\n${hover}`);
      indicesInOrder(line, normal.map((x) => x.name));
      assert.match(line, new RegExp(`▶ \`${h.name}\``), 'the hovered handler is marked');
      assert.match(hover, /atexit handlers run .*LIFO/, 'the mechanism order rule');
      const skippedOnSigterm = plan.scenarios.sigterm!.skipped.find((k) => k.line === h.line);
      if (skippedOnSigterm) assert.ok(scenarioLine(hover, 'SIGTERM')?.includes(skippedOnSigterm.reason), 'the reason it is skipped on SIGTERM');
    }
  });

  test("hover on a handler's def line shows its place in the order", async () => {
    const text = readFileSync(MULTIPLE, 'utf8');
    const uri = await c.open(MULTIPLE, text);
    const plan = cliPlan(MULTIPLE);
    const first = plan.scenarios.normal!.handlers[0]!;
    const defLine = text.split('\n').findIndex((l) => l.startsWith(`def ${first.name}(`));
    assert.ok(defLine >= 0);
    const hover = hoverText(await c.hover(uri, defLine, 5));
    assert.match(scenarioLine(hover, 'normal end') ?? '', new RegExp(`1\\. ▶ \`${first.name}\``));
    // Inside the body (not the def line) there is no hover.
    assert.equal(await c.hover(uri, defLine + 1, 6), null);
  });

  test('code lens above each registration: its exit number and where it is skipped', async () => {
    const uri = await c.open(MULTIPLE, readFileSync(MULTIPLE, 'utf8'));
    const plan = cliPlan(MULTIPLE);
    const normal = plan.scenarios.normal!.handlers;
    const lenses = (await c.codeLens(uri)) ?? [];
    assert.equal(lenses.length, normal.length);
    for (const l of lenses) {
      const idx = normal.findIndex((h) => h.line - 1 === l.range.start.line);
      assert.ok(idx >= 0, `a lens at line ${l.range.start.line + 1} matches a registration of the plan`);
      assert.ok(l.command?.title.startsWith(`exit #${idx + 1} of ${normal.length}`), l.command?.title);
      if (plan.scenarios.sigterm!.skipped.some((k) => k.line === normal[idx]!.line)) assert.match(l.command!.title, /skipped on SIGTERM/);
      assert.equal(l.command?.command, 'exit-lens.server.showPlan');
    }
  });

  test('Show Exit Plan opens a read-only plan document with links back to the source', async () => {
    const uri = await c.open(MULTIPLE, readFileSync(MULTIPLE, 'utf8'));
    const plan = cliPlan(MULTIPLE);
    const result = (await c.executeCommand('exit-lens.server.showPlan', [uri])) as { uri: string; text: string };
    assert.match(result.uri, /^exit-lens-plan:.*03_multiple\.py\.exitplan$/);
    assert.ok(c.shown.some((s) => s.uri === result.uri), 'window/showDocument asked for the plan document');
    const normalSection = result.text.split('\n\n').find((s) => s.startsWith('normal:'))!;
    indicesInOrder(normalSection.replace(/(\d+\. )(\S+)/g, '$1`$2`'), plan.scenarios.normal!.handlers.map((h) => h.name));
    // The editor fetches the text through workspace/textDocumentContent.
    const content = (await c.rpc.sendRequest('workspace/textDocumentContent', { uri: result.uri })) as { text: string };
    assert.equal(content.text, result.text);
    // Opened in the editor, its locations link to the registering lines.
    await c.openUri(result.uri, 'exit-lens-plan', content.text);
    const links = (await c.documentLinks(result.uri)) ?? [];
    const first = plan.scenarios.normal!.handlers[0]!;
    assert.ok(links.some((l) => l.target === `${uri}#L${first.line},${first.column}`), JSON.stringify(links));
    // While it is open, a change of the source asks the editor to fetch the plan again.
    const before = c.refreshes.length;
    const republished = c.nextDiagnostics(uri);
    await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# edited\n');
    await republished;
    assert.ok(c.refreshes.slice(before).some((r) => r.method === 'workspace/textDocumentContent/refresh' && r.uri === result.uri));
    await c.close(result.uri);
    await c.close(uri);
  });

  test('a syntax error mid-edit does not crash: diagnostics for the new version, hover still answers', async () => {
    const text = readFileSync(MULTIPLE, 'utf8');
    const uri = await c.open(MULTIPLE, text);
    await c.diagnosticsFor(uri);
    const lines = text.split('\n');
    const reg = lines.findIndex((l) => l.startsWith('atexit.register('));
    // Half-typed code above the registrations: an unclosed call.
    await c.edit(uri, { start: { line: reg, character: 0 }, end: { line: reg, character: 0 } }, 'def broken(:\n    atexit.register(\n');
    const d = await c.diagnosticsFor(uri);
    assert.ok(Array.isArray(d));
    assert.equal(c.proc.exitCode, null, 'the server is alive');
    // Typing on: many edits quickly; only the latest version's diagnostics matter.
    for (const ch of ['x', 'y', 'z']) await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ch);
    await c.diagnosticsFor(uri);
    await c.replaceAll(uri, text);
    await c.diagnosticsFor(uri);
    const plan = cliPlan(MULTIPLE);
    const h = plan.scenarios.normal!.handlers[0]!;
    assert.match(hoverText(await c.hover(uri, h.line - 1, h.column + 2)), new RegExp(h.name));
  });

  test('typing fast: versions are published in order, each at most once, the latest last', async () => {
    const text = readFileSync(MULTIPLE, 'utf8');
    const ws = workspace({ 'typing.py': text });
    try {
      const uri = await c.open(ws.path('typing.py'), text);
      await c.diagnosticsFor(uri);
      const from = c.published.length;
      const first = c.version(uri) + 1;
      for (let i = 0; i < 8; i++) await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '#');
      const last = c.version(uri);
      await c.diagnosticsFor(uri);
      const versions = c.published.slice(from).filter((p) => p.uri === uri).map((p) => p.version!);
      // An edit is analyzed at once, so an early version may be published while the rest are on
      // their way; never an older version after a newer one, never one twice, and the last one last.
      // (The 1,000-edit burst in robustness.test.ts shows that superseded work is dropped.)
      assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b), `published versions ${versions} (edits were ${first}..${last})`);
      assert.equal(versions.at(-1), last);
      assert.ok(versions.every((v) => v >= first));
      await c.close(uri);
    } finally {
      ws.dispose();
    }
  });

  test('bad requests are answered, not fatal: unknown documents, unknown commands, positions past the end', async () => {
    assert.equal(await c.hover('file:///nowhere/x.py', 0, 0), null);
    assert.deepEqual(await c.codeLens('file:///nowhere/x.py'), []);
    await assert.rejects(() => c.executeCommand('exit-lens.server.nope', []), /unknown command/);
    await assert.rejects(() => c.executeCommand('exit-lens.server.showPlan', []), /needs the document URI/);
    const uri = await c.open(MULTIPLE, readFileSync(MULTIPLE, 'utf8'));
    assert.equal(await c.hover(uri, 9999, 9999), null);
    assert.equal(c.proc.exitCode, null);
  });

  test('a huge file is not analyzed and does not stall the server', async () => {
    const ws = workspace({});
    try {
      const big = 'import atexit\n' + 'x = 1\n'.repeat(400000) + 'atexit.register(print)\n';
      const uri = await c.open(ws.path('big.py'), big);
      const d = await c.diagnosticsFor(uri);
      assert.equal(d.length, 1, 'one notice, no findings');
      assert.match(String(d[0]!.message), /skipped this file: too large/);
      assert.equal((await c.codeLens(uri))?.length ?? 0, 0);
      assert.ok(c.logs.some((l) => l.includes('big.py') && l.includes('exitLens.maxFileSize')), 'the log says why');
      await c.close(uri);
    } finally {
      ws.dispose();
    }
  });

  test('an unsaved (untitled) buffer is analyzed by its language', async () => {
    const uri = 'untitled:Untitled-1';
    await c.openUri(uri, 'python', readFileSync(MULTIPLE, 'utf8'));
    const lenses = (await c.codeLens(uri)) ?? [];
    assert.equal(lenses.length, cliPlan(MULTIPLE).scenarios.normal!.handlers.length);
    await c.close(uri);
  });
});
