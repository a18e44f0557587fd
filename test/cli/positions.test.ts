// Positions with text that is not ASCII before a registration: an astral emoji (2 UTF-16 units,
// 1 code point, 2 terminal cells), CJK (1 unit, 2 cells), a combining accent (1 unit, 0 cells)
// and a mathematical letter (2 units, 1 cell), on the line of the registration and on the lines
// above; plus line breaks that are not "\n" (lone CR, CRLF) and U+2028, which is NOT a line
// break for LSP or editors. The CLI's columns are UTF-16 code units, like LSP's characters and
// SARIF's declared columnKind: every format must name the same characters, and every fix must
// edit exactly the intended text. Expected positions come from indexOf on the source text here,
// converted by this file's own line table, never from the analyzer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../lsp/lspClient';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'exit-lens.js');

// 😀 U+1F600 (2 units), 中 (1 unit, wide), e + U+0301 combining acute (2 units, 1 cell), 𝑥 U+1D465 (2 units).
const P = '😀中e\u0301𝑥';

/** LSP's line breaks: \r\n, \r and \n (not U+2028/U+2029). */
function lineStarts(text: string): number[] {
  const s = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') s.push(i + 1);
  }
  return s;
}
function posOf(text: string, offset: number) {
  const ls = lineStarts(text);
  let l = 0;
  while (l + 1 < ls.length && ls[l + 1]! <= offset) l++;
  return { line: l + 1, column: offset - ls[l]! + 1 };
}
function offsetOf(text: string, p: { line: number; column: number }) {
  return lineStarts(text)[p.line - 1]! + p.column - 1;
}
/** The 1-based range (UTF-16 columns) of the n-th occurrence of `anchor`. */
function rangeOf(text: string, anchor: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(anchor, at + 1);
  assert.ok(at >= 0, `anchor ${anchor} not in the fixture`);
  const s = posOf(text, at);
  const e = posOf(text, at + anchor.length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

interface Expect {
  rule: string;
  /** The exact source text the diagnostic covers. */
  anchor: string;
  /** Hover on the diagnostic (a registration) gives the exit order, with this range. */
  hover?: boolean;
  /** The rule's own fix (title pattern) and the text it must produce. */
  fix?: { title: RegExp; result: (text: string) => string | ((fixed: string) => void) };
  /** Terminal cells before the diagnostic's first character on its line (caret padding). */
  cells: number;
}

interface Case {
  file: string;
  text: string;
  expect: Expect[];
  /** The plan's registrations: anchor text → hover and plan position. */
  plan?: { name: string; anchor: string }[];
}

const PY = [
  'import atexit, os, time',
  `s = "${P}"  # ${P}`,
  'def slow():',
  '    time.sleep(5)',
  `x = "${P}"; atexit.register(slow)`,
  'for i in range(3):',
  `    y = "${P}"; atexit.register(lambda: print(i, "${P}"))`,
  `z = "${P}"; os._exit(0)`,
  '',
].join('\n');

const JS = [
  `const s = "${P}"; // ${P}`,
  `const t = "${P}"; for (var i = 0; i < 3; i++) process.on('exit', () => console.log(i));`,
  `const u = "${P}"; process.on('exit', () => { throw new Error("${P}"); });`,
  `console.log("${P}"); process.exit(1);`,
  '',
].join('\n');

// Cells of `x = "${P}"; `: 5 + 😀 2 + 中 2 + é 1 + 𝑥 1 + 3 = 14.
const CASES: Case[] = [
  {
    file: 'emoji.py',
    text: PY,
    expect: [
      { rule: 'slow-handler', anchor: 'atexit.register(slow)', hover: true, cells: 14 },
      {
        rule: 'late-binding-closure',
        anchor: `atexit.register(lambda: print(i, "${P}"))`,
        hover: true,
        cells: 18,
        fix: { title: /Bind the current value/, result: (t) => t.replace('lambda: print(i', 'lambda i=i: print(i') },
      },
      {
        rule: 'hard-exit-skips-handlers',
        anchor: 'os._exit(0)',
        cells: 14,
        fix: { title: /sys\.exit/, result: (t) => t.replace(`z = "${P}"; os._exit(0)`, `import sys\nz = "${P}"; sys.exit(0)`) },
      },
    ],
    plan: [{ name: 'slow', anchor: 'atexit.register(slow)' }],
  },
  {
    file: 'emoji.js',
    text: JS,
    expect: [
      {
        rule: 'late-binding-closure',
        anchor: "process.on('exit', () => console.log(i))",
        hover: true,
        cells: 48,
        fix: { title: /with `let`/, result: (t) => t.replace('for (var i', 'for (let i') },
      },
      {
        rule: 'handler-may-throw',
        anchor: `process.on('exit', () => { throw new Error("${P}"); })`,
        hover: true,
        cells: 20,
        fix: {
          title: /^Wrap/,
          // The wrap re-indents the body: what must hold is that exactly the arrow's block was replaced.
          result: (t) => {
            const block = `{ throw new Error("${P}"); }`;
            const before = t.slice(0, t.indexOf(block));
            const after = t.slice(t.indexOf(block) + block.length);
            return (fixed: string) => {
              assert.ok(fixed.startsWith(before), fixed);
              assert.ok(fixed.endsWith(after), fixed);
              const middle = fixed.slice(before.length, fixed.length - after.length);
              assert.match(middle, /^\{\s*try \{\s*throw new Error\("😀中e\u0301𝑥"\);\s*\} catch \(err\) \{[\s\S]*\}\s*\}$/);
            };
          },
        },
      },
      {
        rule: 'exit-truncates-output',
        anchor: 'process.exit(1)',
        cells: 23,
        fix: { title: /exitCode/, result: (t) => t.replace('process.exit(1);', 'process.exitCode = 1;') },
      },
    ],
  },
  {
    // Classic Mac line ends: Python and editors break lines at a lone CR.
    file: 'cr.py',
    text: ['import atexit, time', `s = "${P}"`, 'def slow():', '    time.sleep(5)', `x = "${P}"; atexit.register(slow)`, ''].join('\r'),
    expect: [{ rule: 'slow-handler', anchor: 'atexit.register(slow)', hover: true, cells: 14 }],
    plan: [{ name: 'slow', anchor: 'atexit.register(slow)' }],
  },
  {
    file: 'crlf.js',
    text: [`const s = "${P}";`, `const u = "${P}"; process.on('exit', () => { throw new Error("x"); });`, ''].join('\r\n'),
    expect: [{ rule: 'handler-may-throw', anchor: `process.on('exit', () => { throw new Error("x"); })`, hover: true, cells: 20 }],
  },
  {
    // U+2028 inside a string and a comment: a line terminator for ECMAScript, not for LSP or editors.
    file: 'ls.js',
    text: [`const s = "\u2028${P}"; // \u2029 ${P}`, `const u = "${P}"; process.on('exit', () => { throw new Error("x"); });`, ''].join('\n'),
    expect: [{ rule: 'handler-may-throw', anchor: `process.on('exit', () => { throw new Error("x"); })`, hover: true, cells: 20 }],
  },
];

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonEdit {
  file: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  newText: string;
}
function applyJsonEdits(text: string, edits: JsonEdit[]): string {
  const spans = edits.map((e) => ({ s: offsetOf(text, e.range.start), e: offsetOf(text, e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const x of spans) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}

function checkFixed(expected: Expect, original: string, fixed: string) {
  const want = expected.fix!.result(original);
  if (typeof want === 'string') assert.equal(fixed, want, `${expected.rule}: the fix must change exactly the intended text`);
  else want(fixed);
}

/** The fixed program still parses (python3's compiler, node --check). */
function assertParses(dir: string, file: string, text: string) {
  const p = join(dir, `fixed-${file}`);
  writeFileSync(p, text);
  const r = file.endsWith('.py')
    ? spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', p], { encoding: 'utf8' })
    : spawnSync(process.execPath, ['--check', p], { encoding: 'utf8' });
  if (r.error && file.endsWith('.py')) return; // no python3 on this machine: the text comparison still holds
  assert.equal(r.status, 0, `${file} after the fix does not parse:\n${text}\n${r.stderr}`);
}

describe('positions with emoji, CJK, combining characters and unusual line breaks', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-pos-')));
  before(() => {
    for (const c of CASES) writeFileSync(join(dir, c.file), c.text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('check --format json: ranges and fix edits land on the intended characters (UTF-16 columns)', () => {
    const r = cli(['check', ...CASES.map((c) => c.file), '--format', 'json', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; rule: string; line: number; column: number; endLine: number; endColumn: number; fixes: Array<{ title: string; edits: JsonEdit[] }> }> };
    for (const c of CASES) {
      for (const e of c.expect) {
        const d = out.diagnostics.find((x) => x.file === c.file && x.rule === e.rule);
        assert.ok(d, `${c.file}: no ${e.rule} in ${JSON.stringify(out.diagnostics.map((x) => [x.file, x.rule]))}`);
        assert.deepEqual({ line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn }, rangeOf(c.text, e.anchor), `${c.file} ${e.rule}`);
        if (!e.fix) continue;
        const fix = d.fixes.find((f) => e.fix!.title.test(f.title));
        assert.ok(fix, `${c.file} ${e.rule}: no fix matching ${e.fix.title} in ${d.fixes.map((f) => f.title).join(' | ')}`);
        const fixed = applyJsonEdits(c.text, fix.edits);
        checkFixed(e, c.text, fixed);
        assertParses(dir, c.file, fixed);
      }
    }
  });

  test('fixed files no longer have the finding (the edit went where it had to)', () => {
    const r = cli(['check', ...CASES.map((c) => c.file), '--format', 'json', '--fail-on', 'never'], dir);
    const out = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; rule: string; fixes: Array<{ title: string; edits: JsonEdit[] }> }> };
    const sub = realpathSync(mkdtempSync(join(dir, 'fixed-')));
    const expected: string[] = [];
    for (const c of CASES) {
      for (const e of c.expect) {
        if (!e.fix || typeof e.fix.result(c.text) !== 'string') continue;
        const d = out.diagnostics.find((x) => x.file === c.file && x.rule === e.rule)!;
        const fix = d.fixes.find((f) => e.fix!.title.test(f.title))!;
        const name = `${e.rule}-${c.file}`;
        writeFileSync(join(sub, name), applyJsonEdits(c.text, fix.edits));
        expected.push(name);
      }
    }
    const again = JSON.parse(cli(['check', '.', '--format', 'json', '--fail-on', 'never'], sub).stdout) as { files: number; diagnostics: Array<{ file: string; rule: string }> };
    assert.equal(again.files, expected.length);
    for (const name of expected) {
      const rule = name.slice(0, name.lastIndexOf('-', name.indexOf('.')));
      assert.ok(!again.diagnostics.some((d) => d.file === name && d.rule === rule), `${name} still reports ${rule}`);
    }
  });

  test('check --format sarif declares utf16CodeUnits and gives the same regions and replacements as JSON', () => {
    const files = CASES.map((c) => c.file);
    const json = JSON.parse(cli(['check', ...files, '--format', 'json', '--fail-on', 'never'], dir).stdout);
    const sarif = JSON.parse(cli(['check', ...files, '--format', 'sarif', '--fail-on', 'never'], dir).stdout);
    const run = sarif.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const text = Object.fromEntries(CASES.map((c) => [c.file, c.text]));
    for (const c of CASES) {
      for (const e of c.expect) {
        const res = run.results.find((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.ruleId === e.rule && x.locations[0]!.physicalLocation.artifactLocation.uri === c.file);
        assert.ok(res, `${c.file} ${e.rule} in SARIF`);
        const reg = res.locations[0].physicalLocation.region;
        const want = rangeOf(c.text, e.anchor);
        assert.deepEqual([reg.startLine, reg.startColumn, reg.endLine, reg.endColumn], [want.line, want.column, want.endLine, want.endColumn], `${c.file} ${e.rule}`);
        // SARIF regions with utf16CodeUnits select the same text.
        assert.equal(text[c.file]!.slice(offsetOf(c.text, { line: reg.startLine, column: reg.startColumn }), offsetOf(c.text, { line: reg.endLine, column: reg.endColumn })), e.anchor);
        if (!e.fix) continue;
        const jd = json.diagnostics.find((x: { file: string; rule: string }) => x.file === c.file && x.rule === e.rule);
        const jf = jd.fixes.find((f: { title: string }) => e.fix!.title.test(f.title));
        const sf = res.fixes.find((f: { description: { text: string } }) => e.fix!.title.test(f.description.text));
        const edits: JsonEdit[] = sf.artifactChanges[0].replacements.map((x: { deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }) => ({
          file: c.file,
          range: { start: { line: x.deletedRegion.startLine, column: x.deletedRegion.startColumn }, end: { line: x.deletedRegion.endLine, column: x.deletedRegion.endColumn } },
          newText: x.insertedContent.text,
        }));
        assert.equal(applyJsonEdits(c.text, edits), applyJsonEdits(c.text, jf.edits));
      }
    }
  });

  test('check text: file:line:col as in JSON, the caret under the first character in terminal cells', () => {
    for (const c of CASES) {
      const r = cli(['check', c.file, '--fail-on', 'never'], dir);
      const lines = r.stdout.split('\n');
      for (const e of c.expect) {
        const want = rangeOf(c.text, e.anchor);
        const head = lines.findIndex((l) => l.startsWith(`${c.file}:${want.line}:${want.column}: `) && l.includes(` ${e.rule}: `));
        assert.ok(head >= 0, `${c.file} ${e.rule} at ${want.line}:${want.column}:\n${r.stdout}`);
        // The frame: the source line(s), then the caret line.
        const caretLine = lines.slice(head + 1).find((l) => /^\s+\| /.test(l) && l.includes('^'))!;
        const srcLine = lines.slice(head + 1).find((l) => l.trimStart().startsWith(`${want.line} | `))!;
        assert.ok(caretLine && srcLine, r.stdout);
        const gutter = srcLine.indexOf(' | ') + 3;
        assert.equal(caretLine.indexOf('^') - gutter, e.cells, `${c.file} ${e.rule}: caret column in\n${srcLine}\n${caretLine}`);
      }
    }
  });

  test('plan --format json: registration line/column in UTF-16 units', () => {
    for (const c of CASES) {
      for (const p of c.plan ?? []) {
        const r = cli(['plan', c.file, '--format', 'json'], dir);
        assert.equal(r.code, 0, r.stderr);
        const h = JSON.parse(r.stdout).scenarios.exit.handlers.find((x: { name: string }) => x.name === p.name);
        const want = rangeOf(c.text, p.anchor);
        assert.deepEqual([h.line, h.column], [want.line, want.column], c.file);
      }
    }
  });

  test('language server: diagnostics, hovers and fix edits on the same characters (UTF-16 positions)', async () => {
    const client = await LspClient.start({ workspaceFolders: [dir], cwd: dir });
    try {
      for (const c of CASES) {
        const uri = await client.open(join(dir, c.file), c.text);
        const diags = await client.diagnosticsFor(uri);
        for (const e of c.expect) {
          const want = rangeOf(c.text, e.anchor);
          const range = { start: { line: want.line - 1, character: want.column - 1 }, end: { line: want.endLine - 1, character: want.endColumn - 1 } };
          const d = diags.find((x: LspDiagnostic) => x.code === e.rule);
          assert.ok(d, `${c.file}: no ${e.rule} in ${JSON.stringify(diags.map((x) => x.code))}`);
          assert.deepEqual(d.range, range, `${c.file} ${e.rule}`);
          if (e.hover) {
            // On the call's last character, and just before it (inside the non-ASCII prefix): nothing.
            const h = await client.hover(uri, range.end.line, range.end.character - 1);
            assert.ok(h, `${c.file} ${e.rule}: no hover at the call`);
            assert.deepEqual(h.range, range, `${c.file} ${e.rule}: hover range`);
            if (range.start.character > 0) {
              const before = await client.hover(uri, range.start.line, range.start.character - 1);
              assert.ok(!before?.range || before.range.start.character !== range.start.character || before.range.start.line !== range.start.line, `${c.file}: hover before the call`);
            }
          }
          if (!e.fix) continue;
          const actions = ((await client.codeActions(uri, d.range, [d])) ?? []) as CodeAction[];
          const action = actions.find((a) => e.fix!.title.test(a.title));
          assert.ok(action?.edit, `${c.file} ${e.rule}: no code action ${e.fix.title} in ${actions.map((a) => a.title).join(' | ')}`);
          const fixed = await client.applyEdit(uri, action.edit);
          checkFixed(e, c.text, fixed);
          // Back to the original text for the next expectation.
          await client.replaceAll(uri, c.text);
          await client.diagnosticsFor(uri);
        }
        await client.close(uri);
      }
    } finally {
      await client.stop();
    }
  });
});
