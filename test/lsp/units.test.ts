// Unit tests of the server's pure parts: fix-all's choice of edits, the plan document's links,
// URI/path mapping. The protocol tests cover the same code end to end; these pin the edge cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Fix } from '../../server/src/core/diagnostics';
import type { Range } from '../../server/src/core/model';
import type { Analysis } from '../../server/src/lsp/analysis';
import { fixAllAction } from '../../server/src/lsp/handlers/codeActions';
import { toLspDiagnostics } from '../../server/src/lsp/convert';
import { planDocumentLinks } from '../../server/src/lsp/planDocument';
import { displayPath, documentPath, planUriFor, sourceUriOfPlan } from '../../server/src/lsp/paths';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { applyEdits } from './lspClient';

const PATH = '/w/app.js';
const TEXT = 'process.exit(1);\nprocess.exit(2);\nfoo();\n';

function range(doc: TextDocument, start: number, end: number): Range {
  const p = (o: number) => ({ line: doc.positionAt(o).line + 1, column: doc.positionAt(o).character + 1, offset: o });
  return { start: p(start), end: p(end) };
}

function diag(doc: TextDocument, rule: string, start: number, end: number, fixes: Fix[]): Diagnostic {
  return { file: PATH, range: range(doc, start, end), rule, severity: 'warning', message: `${rule} here`, related: [], fixes };
}

function fix(doc: TextDocument, start: number, end: number, newText: string, safe: boolean): Fix {
  return { title: `replace ${start}-${end}`, edits: [{ file: PATH, range: range(doc, start, end), newText }], safe, kind: 'quickfix' };
}

function analysis(doc: TextDocument, diagnostics: Diagnostic[], rules = {}): Analysis {
  return { uri: doc.uri, path: PATH, version: doc.version, doc, settings: { ...DEFAULT_SETTINGS, rules }, diagnostics };
}

test('fix-all takes each safe fix once, skips unsafe and overlapping ones and rules turned off', () => {
  const doc = TextDocument.create('file:///w/app.js', 'javascript', 7, TEXT);
  const a = analysis(doc, [
    diag(doc, 'exit-truncates-output', 0, 16, [fix(doc, 0, 16, 'process.exitCode = 1;', true)]),
    // Overlaps the first fix: left for the next round.
    diag(doc, 'other-rule', 8, 16, [fix(doc, 8, 16, 'x', true)]),
    diag(doc, 'unsafe-rule', 17, 33, [fix(doc, 17, 33, 'throw 2;', false)]),
    diag(doc, 'off-rule', 34, 40, [fix(doc, 34, 40, 'bar();', true)]),
  ], { 'off-rule': 'off' });
  const action = fixAllAction(a, true)!;
  assert.equal(action.kind, 'source.fixAll.exit-lens');
  const change = action.edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: { range: never; newText: string }[] };
  assert.equal(change.textDocument.version, 7, 'the edit is tied to the analyzed version');
  assert.equal(applyEdits(TEXT, change.edits), 'process.exitCode = 1;\nprocess.exit(2);\nfoo();\n');
});

test('fix-all offers nothing when no safe fix exists', () => {
  const doc = TextDocument.create('file:///w/app.js', 'javascript', 1, TEXT);
  assert.equal(fixAllAction(analysis(doc, [diag(doc, 'unsafe-rule', 0, 16, [fix(doc, 0, 16, 'x', false)])]), true), undefined);
});

test('diagnostics: off rules dropped, severity overridden, related info folded into the message when unsupported', () => {
  const doc = TextDocument.create('file:///w/app.js', 'javascript', 1, TEXT);
  const d = diag(doc, 'r1', 0, 7, []);
  d.related = [{ location: { file: '/w/other.js', range: range(doc, 17, 20) }, message: 'the other place' }];
  const out = toLspDiagnostics([d, diag(doc, 'r2', 17, 20, [])], { doc, path: PATH, severities: { r1: 'error', r2: 'off' }, relatedInformation: false });
  assert.equal(out.length, 1);
  assert.equal(out[0]!.severity, 1);
  assert.equal(out[0]!.relatedInformation, undefined);
  assert.equal(out[0]!.message, 'r1 here\nthe other place (line 2)');
  assert.deepEqual(out[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } });
});

test('plan document links resolve relative locations against the source folder', () => {
  const text = [
    'Exit plan of main.py (python)',
    'source /w/main.py',
    'syntax error at main.py:3:5: expected ":" (the plan covers the code that parsed)',
    '',
    'normal: the program runs to its end',
    '  1. close_pool  [atexit]  pkg/helper.py:6:1',
    '  2. flush  [atexit]  main.py:7:1  (conditional)',
    '  - skipped x  [atexit]  main.py:9:1: a reason with a:1:2 inside',
  ].join('\n');
  const links = planDocumentLinks(text, '/w/main.py');
  assert.deepEqual(
    links.map((l) => [l.range.start.line, text.split('\n')[l.range.start.line]!.slice(l.range.start.character, l.range.end.character), l.target]),
    [
      [2, 'main.py:3:5', 'file:///w/main.py#L3,5'],
      [5, 'pkg/helper.py:6:1', 'file:///w/pkg/helper.py#L6,1'],
      [6, 'main.py:7:1', 'file:///w/main.py#L7,1'],
      [7, 'main.py:9:1', 'file:///w/main.py#L9,1'],
    ],
  );
});

test('plan URIs round-trip to their source, also with spaces in the path', () => {
  for (const src of ['file:///w/app.py', 'file:///w/my%20dir/app%20x.ts']) {
    const plan = planUriFor(src)!;
    assert.match(plan, /^exit-lens-plan:\/.*\.exitplan$/);
    assert.equal(sourceUriOfPlan(plan), src);
  }
  assert.equal(sourceUriOfPlan('file:///w/app.py'), undefined);
});

test('document paths: file URIs, untitled buffers get an extension from their language', () => {
  assert.equal(documentPath('file:///w/a%20b.py'), '/w/a b.py');
  assert.equal(documentPath('untitled:Untitled-1', 'typescriptreact'), '/untitled/Untitled-1.tsx');
  assert.equal(documentPath('vscode-notebook-cell:/x', 'python'), undefined);
  assert.equal(displayPath('/w/pkg/h.py', '/w/main.py'), 'pkg/h.py');
  assert.equal(displayPath('/elsewhere/h.py', '/w/main.py'), '/elsewhere/h.py');
});

test('lens titles: position at the normal end, or in the first scenario it runs in; a signal handler only mentions its signal', async () => {
  const { lensTitle } = await import('../../server/src/lsp/planView');
  const entry = (name: string, registration: number) => ({ registration, file: PATH, line: 1, column: 1, name, mechanism: 'm', certainty: 'definite' as const });
  const skip = { registration: 1, file: PATH, line: 1, column: 1, name: 'h', mechanism: 'm', reason: 'r' };
  const view = (scenario: 'normal' | 'exit' | 'error' | 'sigint' | 'sigterm' | 'hard-exit', handlers: ReturnType<typeof entry>[], skipped = false) => ({
    scenario,
    handlers,
    positions: handlers.flatMap((h, i) => (h.registration === 1 ? [i + 1] : [])),
    ...(skipped ? { skipped } : {}),
    complete: true,
  });
  const atexit = [
    view('normal', [entry('a', 2), entry('h', 1)]),
    view('exit', [entry('a', 2), entry('h', 1)]),
    view('error', [entry('a', 2), entry('h', 1)]),
    view('sigint', [entry('a', 2), entry('h', 1)]),
    view('sigterm', [], true),
    view('hard-exit', [], true),
  ];
  assert.equal(lensTitle(atexit.map((v) => ({ ...v, skipped: v.skipped ? skip : undefined }))), 'exit #2 of 2 · skipped on SIGTERM');
  const sigterm = [view('normal', [], true), view('exit', [], true), view('error', [], true), view('sigint', [], true), view('sigterm', [entry('h', 1)]), view('hard-exit', [], true)];
  const reg = { event: 'SIGTERM' } as never;
  assert.equal(lensTitle(sigterm.map((v) => ({ ...v, skipped: v.skipped ? skip : undefined })), reg), 'SIGTERM #1 of 1');
});
