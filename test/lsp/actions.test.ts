// Protocol tests of diagnostics and code actions: LSP shape of diagnostics, each action's edit
// applied as an editor would (versioned), the wrap-in-try refactor, suppressions, rule docs,
// and refusal of stale edits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { hoverText, LspClient, ROOT } from './lspClient';
import { cliPlan, workspace } from './helpers';

const SEED = join(ROOT, 'examples', 'seed');
const ERRORS = join(SEED, '06_error_handling.py');

const isAction = (a: unknown): a is CodeAction => !!a && typeof a === 'object' && 'title' in a && !('command' in a && typeof (a as { command: unknown }).command === 'string');

describe('diagnostics and code actions', () => {
  let c: LspClient;
  const ws = workspace({});
  before(async () => {
    c = await LspClient.start({ workspaceFolders: [SEED] });
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  async function openCopy(name: string, text: string): Promise<string> {
    ws.write(name, text);
    return c.open(ws.path(name), text);
  }

  test('diagnostics carry the rule id, its docs, severity, related information and source', async () => {
    const uri = await c.open(ERRORS, readFileSync(ERRORS, 'utf8'));
    const d = await c.diagnosticsFor(uri);
    const throwing = d.find((x) => x.code === 'handler-may-throw');
    assert.ok(throwing, JSON.stringify(d));
    assert.equal(throwing.source, 'exit-lens');
    assert.match(throwing.codeDescription!.href, /docs\/rules\/handler-may-throw\.md$/);
    assert.ok(throwing.severity! >= 1 && throwing.severity! <= 3);
    assert.match(String(throwing.message).split('\n')[0]!, /faulty_exit/, 'the first line stands alone and names the handler');
    assert.ok(throwing.relatedInformation?.length, 'points at the code that raises');
    const raiseLine = readFileSync(ERRORS, 'utf8').split('\n').findIndex((l) => l.includes('raise Exception'));
    assert.equal(throwing.relatedInformation![0]!.location.range.start.line, raiseLine);
    // The diagnostic sits on the registration of the handler (cli-contract.md).
    const plan = cliPlan(ERRORS);
    const reg = plan.scenarios.normal!.handlers.find((h) => h.name === 'faulty_exit')!;
    assert.equal(throwing.range.start.line, reg.line - 1);
  });

  test('quick fixes, suppressions and docs for a diagnostic; the fix removes the diagnostic', async () => {
    const text = readFileSync(ERRORS, 'utf8');
    const uri = await openCopy('errors.py', text);
    const diags = await c.diagnosticsFor(uri);
    const d = diags.find((x) => x.code === 'handler-may-throw')!;
    assert.ok(d);
    const actions = ((await c.codeActions(uri, d.range, [d])) ?? []).filter(isAction);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /^Wrap faulty_exit in try\/except/.test(t)), titles.join('\n'));
    assert.ok(titles.includes('Ignore handler-may-throw on this line'), titles.join('\n'));
    assert.ok(titles.includes('Ignore handler-may-throw in this file'), titles.join('\n'));
    const docs = actions.find((a) => a.title === 'Show documentation for handler-may-throw');
    assert.equal(docs?.command?.command, 'exit-lens.server.openRuleDocs');
    // Every edit is versioned with the analyzed version.
    for (const a of actions.filter((x) => x.edit)) {
      for (const dc of a.edit!.documentChanges ?? []) assert.equal((dc as { textDocument: { version: number } }).textDocument.version, c.version(uri));
    }
    // Apply the quick fix: the new text is what the core builds, and the finding is gone.
    const fix = actions.find((a) => a.kind === 'quickfix' && /^Wrap faulty_exit/.test(a.title))!;
    const fixed = await c.applyEdit(uri, fix.edit!);
    assert.match(fixed, /try:\n\s+raise Exception\("Oops!"\)\n\s+except Exception:/);
    const after = await c.diagnosticsFor(uri);
    assert.ok(!after.some((x) => x.code === 'handler-may-throw' && x.range.start.line === d.range.start.line), JSON.stringify(after));
    await c.close(uri);
  });

  test('a line suppression silences exactly that finding', async () => {
    const uri = await openCopy('suppress.py', readFileSync(ERRORS, 'utf8'));
    const d = (await c.diagnosticsFor(uri)).find((x) => x.code === 'handler-may-throw')!;
    const actions = ((await c.codeActions(uri, d.range, [d])) ?? []).filter(isAction);
    const suppress = actions.find((a) => a.title === 'Ignore handler-may-throw on this line')!;
    const text = await c.applyEdit(uri, suppress.edit!);
    assert.match(text, /exit-lens: ignore\[handler-may-throw\]/);
    const after = await c.diagnosticsFor(uri);
    assert.ok(!after.some((x) => x.code === 'handler-may-throw'), JSON.stringify(after));
    await c.close(uri);
  });

  test('"Wrap handler in try/except" is a refactor on every handler, at its registration and its def line', async () => {
    const text = readFileSync(join(SEED, '03_multiple.py'), 'utf8');
    const uri = await openCopy('multiple.py', text);
    await c.diagnosticsFor(uri);
    const plan = cliPlan(ws.path('multiple.py'));
    for (const h of plan.scenarios.normal!.handlers) {
      const at = { start: { line: h.line - 1, character: h.column }, end: { line: h.line - 1, character: h.column } };
      const refactors = ((await c.codeActions(uri, at, [], ['refactor'])) ?? []).filter(isAction);
      const wrap = refactors.find((a) => a.kind === 'refactor.rewrite' && a.title.startsWith(`Wrap ${h.name} in try/except`));
      assert.ok(wrap, `refactor for ${h.name}: ${refactors.map((a) => a.title)}`);
      const defLine = c.text(uri).split('\n').findIndex((l) => l.startsWith(`def ${h.name}(`));
      const onDef = ((await c.codeActions(uri, { start: { line: defLine, character: 4 }, end: { line: defLine, character: 4 } }, [], ['refactor.rewrite'])) ?? []).filter(isAction);
      assert.ok(onDef.some((a) => a.title.startsWith(`Wrap ${h.name} in try/except`)), `on the def of ${h.name}`);
    }
    // Applied, the handler body is guarded and the program still parses into the same plan order.
    const first = plan.scenarios.normal!.handlers[0]!;
    const at = { start: { line: first.line - 1, character: 1 }, end: { line: first.line - 1, character: 1 } };
    const wrap = ((await c.codeActions(uri, at, [], ['refactor.rewrite'])) ?? []).filter(isAction)[0]!;
    const wrapped = await c.applyEdit(uri, wrap.edit!);
    assert.match(wrapped, new RegExp(`def ${first.name}\\(\\):\\n    try:\\n`));
    const lenses = await (async () => {
      await c.diagnosticsFor(uri);
      return (await c.codeLens(uri)) ?? [];
    })();
    assert.equal(lenses.length, plan.scenarios.normal!.handlers.length);
    await c.close(uri);
  });

  test('a stale edit (the document changed after the code action was computed) is refused', async () => {
    const uri = await openCopy('stale.py', readFileSync(ERRORS, 'utf8'));
    const d = (await c.diagnosticsFor(uri)).find((x) => x.code === 'handler-may-throw')!;
    const action = ((await c.codeActions(uri, d.range, [d])) ?? []).filter(isAction).find((a) => a.edit)!;
    await c.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# edited\n');
    await assert.rejects(() => c.applyEdit(uri, action.edit!), /version/);
    // Asked again, the action is rebuilt for the current version.
    const d2 = (await c.diagnosticsFor(uri)).find((x) => x.code === 'handler-may-throw')!;
    const again = ((await c.codeActions(uri, d2.range, [d2])) ?? []).filter(isAction).find((a) => a.title === action.title)!;
    assert.equal((again.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, c.version(uri));
    await c.close(uri);
  });

  test('the rule docs command asks the client to open the docs externally', async () => {
    const url = await c.executeCommand('exit-lens.server.openRuleDocs', ['handler-may-throw']);
    assert.match(String(url), /handler-may-throw\.md$/);
    assert.ok(c.shown.some((s) => s.uri === url && s.external === true));
  });

  test('fix-all (source.fixAll.exit-lens) applies only safe fixes and leaves the rest', async () => {
    const uri = await openCopy('fixall.py', readFileSync(ERRORS, 'utf8'));
    const before = await c.diagnosticsFor(uri);
    const whole = { start: { line: 0, character: 0 }, end: { line: c.text(uri).split('\n').length, character: 0 } };
    const actions = ((await c.codeActions(uri, whole, [], ['source.fixAll.exit-lens'])) ?? []).filter(isAction);
    // Only fix-all is returned for that kind, never a quick fix or refactor.
    assert.ok(actions.every((a) => a.kind === 'source.fixAll.exit-lens'));
    // handler-may-throw's wrap is unsafe (it changes exit status semantics): not part of fix-all.
    const hmt = before.filter((x: Diagnostic) => x.code === 'handler-may-throw');
    assert.ok(hmt.length > 0);
    if (actions[0]) {
      await c.applyEdit(uri, actions[0].edit!);
      const after = await c.diagnosticsFor(uri);
      assert.equal(after.filter((x) => x.code === 'handler-may-throw').length, hmt.length, 'unsafe fixes are not applied by fix-all');
    }
    await c.close(uri);
  });

  test('hover still works on a document with diagnostics', async () => {
    const uri = await c.open(ERRORS, readFileSync(ERRORS, 'utf8'));
    const plan = cliPlan(ERRORS);
    const h = plan.scenarios.normal!.handlers[0]!;
    assert.match(hoverText(await c.hover(uri, h.line - 1, h.column)), new RegExp(`▶ \`${h.name}\``));
  });
});
