// Data-driven rule tests through the real analyzer (source text -> front end -> exit model ->
// rules), in the shape of typescript-eslint's RuleTester: `valid` code must produce no finding of
// the rule, each `invalid` case exactly its `errors`, and `output` is the text after applying the
// chosen fix. Also: inline-marker fixtures (`# ^^^ rule-id: fragment` under the flagged line).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAnalyzer, type Analyzer } from '../../server/src/core/analyze';
import { runRules, type CheckConfig } from '../../server/src/core/check';
import type { Diagnostic } from '../../server/src/core/diagnostics';
import { applyEdits } from '../../server/src/core/fixes';
import { memoryHost } from '../../server/src/core/host';
import type { Language } from '../../server/src/core/model';
import { ruleById } from '../../server/src/core/rules';
import { loadWasm } from '../../server/src/host/node';

export interface Code {
  language: Language;
  code: string;
  /** Other files of the program, by path (imports). */
  files?: Record<string, string>;
}

function dedent(strings: TemplateStringsArray, values: unknown[]): string {
  // Raw strings: the code is exactly as written (`\n` stays a backslash and an n).
  let s = strings.raw.reduce((acc, str, i) => acc + str + (i < values.length ? String(values[i]) : ''), '');
  s = s.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n');
  const indents = s.split('\n').filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return s.split('\n').map((l) => l.slice(min)).join('\n');
}

export const py = (s: TemplateStringsArray, ...v: unknown[]): Code => ({ language: 'python', code: dedent(s, v) });
export const js = (s: TemplateStringsArray, ...v: unknown[]): Code => ({ language: 'javascript', code: dedent(s, v) });
export const ts = (s: TemplateStringsArray, ...v: unknown[]): Code => ({ language: 'typescript', code: dedent(s, v) });
/** Dedented text (expected fix output). */
export const text = (s: TemplateStringsArray, ...v: unknown[]): string => dedent(s, v);

export interface ExpectedError {
  line: number;
  column?: number;
  /** A fragment (string) or pattern the message must contain. */
  message?: string | RegExp;
  /** Line of a related-information location that must be present. */
  relatedLine?: number;
}

export interface InvalidCase {
  code: Code;
  errors: ExpectedError[];
  /** Expected text after applying the fix chosen by `fix` (default: the first non-suppression fix of the first error). */
  output?: string;
  fix?: RegExp;
  config?: CheckConfig;
  name?: string;
}

export interface ValidCase {
  code: Code;
  config?: CheckConfig;
  name?: string;
}

let analyzer: Promise<Analyzer> | undefined;
export function getAnalyzer(): Promise<Analyzer> {
  return (analyzer ??= createAnalyzer(loadWasm()));
}

const EXT: Record<Language, string> = { python: 'py', javascript: 'js', typescript: 'ts' };

/** Runs every rule on a program; returns all diagnostics and the entry file's name. */
export async function check(code: Code, config: CheckConfig = {}): Promise<{ file: string; diagnostics: Diagnostic[] }> {
  const a = await getAnalyzer();
  const file = `/proj/main.${EXT[code.language]}`;
  const files = { [file]: code.code, ...(code.files ?? {}) };
  const model = a.analyze(file, code.code, memoryHost(files), { python: config.python, node: config.node });
  try {
    return { file, diagnostics: runRules(model, (f) => files[f], config) };
  } finally {
    model.dispose();
  }
}

function show(ds: Diagnostic[]): string {
  return ds.map((d) => `  ${d.range.start.line}:${d.range.start.column} ${d.rule}: ${d.message}`).join('\n') || '  (none)';
}

function label(c: { code: Code; name?: string }, i: number, kind: string): string {
  const first = c.code.code.split('\n').find((l) => /register|\.on\(|signal|exit|off\(|unregister|remove/.test(l)) ?? c.code.code.split('\n')[0];
  return `${kind} ${i + 1} [${c.code.language}] ${c.name ?? first!.trim().slice(0, 70)}`;
}

export function ruleTester(ruleId: string, cases: { valid: Array<ValidCase | Code>; invalid: InvalidCase[] }): void {
  const rule = ruleById(ruleId);
  test(`${ruleId}: rule exists`, () => assert.ok(rule, `no rule ${ruleId}`));
  const seen = new Set<string>();
  const unique = (c: Code) => {
    const k = `${c.language}\0${c.code}`;
    assert.ok(!seen.has(k), `duplicate test case:\n${c.code}`);
    seen.add(k);
  };
  const valid = cases.valid.map((v) => ('language' in v ? { code: v } : v)) as ValidCase[];
  valid.forEach((v, i) => {
    test(`${ruleId}: ${label(v, i, 'valid')}`, async () => {
      unique(v.code);
      const { diagnostics } = await check(v.code, v.config);
      const mine = diagnostics.filter((d) => d.rule === ruleId);
      assert.equal(mine.length, 0, `expected no ${ruleId} finding, got:\n${show(mine)}\n--- code ---\n${v.code.code}`);
      assert.ok(!diagnostics.some((d) => /internal error/.test(d.message)), show(diagnostics));
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${ruleId}: ${label(c, i, 'invalid')}`, async () => {
      unique(c.code);
      const { file, diagnostics } = await check(c.code, c.config);
      const mine = diagnostics.filter((d) => d.rule === ruleId);
      assert.ok(!diagnostics.some((d) => /internal error/.test(d.message)), show(diagnostics));
      assert.equal(mine.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got:\n${show(mine)}\n--- code ---\n${c.code.code}`);
      c.errors.forEach((e, j) => {
        const d = mine[j]!;
        assert.equal(d.range.start.line, e.line, `finding ${j + 1}: line\n${show(mine)}`);
        if (e.column !== undefined) assert.equal(d.range.start.column, e.column, `finding ${j + 1}: column\n${show(mine)}`);
        if (typeof e.message === 'string') assert.ok(d.message.includes(e.message), `message ${JSON.stringify(d.message)} lacks ${JSON.stringify(e.message)}`);
        else if (e.message) assert.match(d.message, e.message);
        if (e.relatedLine !== undefined) assert.ok(d.related.some((r) => r.location.range.start.line === e.relatedLine), `no related information at line ${e.relatedLine}: ${JSON.stringify(d.related.map((r) => [r.location.range.start.line, r.message]))}`);
        assert.ok(!/\{\{|undefined|NaN/.test(d.message), `message has an unfilled placeholder: ${d.message}`);
      });
      const withFixes = mine.find((d) => d.fixes.some((f) => f.kind !== 'suppress'));
      if (c.output !== undefined) {
        const d = mine[0]!;
        const fix = d.fixes.find((f) => f.kind !== 'suppress' && (!c.fix || c.fix.test(f.title)));
        assert.ok(fix, `no fix${c.fix ? ` matching ${c.fix}` : ''} on the finding; fixes: ${d.fixes.map((f) => f.title).join(' | ')}`);
        assert.equal(applyEdits(c.code.code, fix.edits, file), c.output);
      } else {
        assert.ok(!withFixes, `the finding has a fix (${withFixes?.fixes.filter((f) => f.kind !== 'suppress').map((f) => f.title).join(' | ')}) but the case has no output to check it`);
      }
    });
  });
}

export interface Marker {
  line: number;
  rule: string;
  fragment?: string;
}

/**
 * Markers: a comment line `# ^^^ rule-id` / `// ^^^ rule-id: fragment` annotates the nearest line
 * above that is not a marker (so several markers can stack under one line).
 */
export function parseMarkers(code: string): Marker[] {
  const out: Marker[] = [];
  let target = 0;
  code.split('\n').forEach((line, i) => {
    const m = /^\s*(?:#|\/\/)\s*\^+\s+([a-z-]+)(?::\s*(.+))?$/.exec(line);
    if (m) out.push({ line: target, rule: m[1]!, fragment: m[2]?.trim() });
    else target = i + 1;
  });
  return out;
}

/** Every fixture in test/rules/fixtures/<dir>: the rule findings equal the markers (other rules ignored unless marked). */
export function fixtureTests(dir: string, rules?: string[]): void {
  const root = join(__dirname, 'fixtures', dir);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root).sort()) {
    const lang: Language | undefined = name.endsWith('.py') ? 'python' : name.endsWith('.ts') ? 'typescript' : name.endsWith('.js') ? 'javascript' : undefined;
    if (!lang) continue;
    test(`fixture ${dir}/${name}`, async () => {
      const code = readFileSync(join(root, name), 'utf8');
      const markers = parseMarkers(code);
      const { diagnostics } = await check({ language: lang, code });
      const considered = rules ?? [dir];
      const got = diagnostics.filter((d) => considered.includes(d.rule) || markers.some((m) => m.rule === d.rule));
      const fmt = (ms: Array<{ line: number; rule: string }>) => ms.map((m) => `${m.line}:${m.rule}`).sort().join('\n');
      assert.equal(fmt(got.map((d) => ({ line: d.range.start.line, rule: d.rule }))), fmt(markers), `findings vs markers in ${name}:\n${show(got)}`);
      for (const m of markers) {
        if (!m.fragment) continue;
        const d = got.find((x) => x.range.start.line === m.line && x.rule === m.rule)!;
        assert.ok(d.message.includes(m.fragment), `${name}:${m.line}: message ${JSON.stringify(d.message)} lacks ${JSON.stringify(m.fragment)}`);
      }
    });
  }
}
