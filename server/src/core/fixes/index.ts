// Fix builders: exact text edits computed in the core, so the CLI, the language server and the
// tests apply the very same edits. Language-specific edits live in python.ts and js.ts.
import type { Fix, TextEdit } from '../diagnostics';
import { lineStartsOf, locationOf } from '../facts';
import type { ExitModel, Location, Range, Registration } from '../model';
import { pythonAppend, pythonWrapInTry } from './python';
import { jsAppend, jsWrapInTry } from './js';

export interface FixBuilder {
  /** Wraps the body of a registration's handler in try/except (try/catch) that reports to stderr and goes on. */
  wrapInTry(reg: Registration): Fix | undefined;
  /** Adds a statement at the end of a registration's handler body (a def / function with a block body). */
  appendToBody(reg: Registration, statement: string, title: string): Fix | undefined;
  /** Replaces a location's text. */
  replace(title: string, location: Location, newText: string, opts?: { safe?: boolean; kind?: Fix['kind'] }): Fix;
  /** Several edits as one fix. */
  edits(title: string, edits: TextEdit[], opts?: { safe?: boolean; kind?: Fix['kind'] }): Fix;
  /** An insertion at the start of the line of `at`, indented like that line. */
  insertLineBefore(at: Location, lineText: string): TextEdit | undefined;
  /** The suppression comment for one line. */
  suppressLine(rule: string, at: Location): Fix | undefined;
  /** The suppression comment for the whole file. */
  suppressFile(rule: string, file: string): Fix | undefined;
  /** Indentation of the line at `at`. */
  indentAt(at: Location): string;
  /** Indentation unit of a file (4 spaces for Python unless the file says otherwise). */
  indentUnit(file: string): string;
}

export function createFixBuilder(model: ExitModel, textOf: (file: string) => string | undefined): FixBuilder {
  const starts = new Map<string, number[]>();
  const lines = (file: string) => {
    let s = starts.get(file);
    if (!s) starts.set(file, (s = lineStartsOf(textOf(file) ?? '')));
    return s;
  };
  const isPython = model.language === 'python';
  const loc = (file: string, start: number, end: number) => locationOf(file, lines(file), start, end);
  const at = (file: string, offset: number): Range => loc(file, offset, offset).range;

  function indentAt(l: Location): string {
    const text = textOf(l.file) ?? '';
    const ls = lines(l.file)[l.range.start.line - 1] ?? 0;
    return /^[ \t]*/.exec(text.slice(ls))![0];
  }

  function indentUnit(file: string): string {
    const text = textOf(file) ?? '';
    const m = /\n([ \t]+)\S/.exec(text);
    if (m?.[1]?.startsWith('\t')) return '\t';
    if (isPython) return '    ';
    return m && m[1]!.length <= 4 ? m[1]! : '  ';
  }

  function insertLineBefore(l: Location, lineText: string): TextEdit | undefined {
    const ls = lines(l.file)[l.range.start.line - 1];
    if (ls === undefined) return undefined;
    return { file: l.file, range: at(l.file, ls), newText: `${indentAt(l)}${lineText}\n` };
  }

  function suppressLine(rule: string, l: Location): Fix | undefined {
    const text = textOf(l.file);
    if (text === undefined) return undefined;
    const lineNo = l.range.start.line;
    const prevStart = lines(l.file)[lineNo - 2];
    const title = `Ignore ${rule} on this line`;
    if (prevStart !== undefined) {
      // Extend an existing suppression comment on the line above.
      const prevEnd = lines(l.file)[lineNo - 1]! - 1;
      const prev = text.slice(prevStart, prevEnd);
      const m = isPython ? /#\s*exit-lens:\s*ignore\[([^\]]*)\]/.exec(prev) : /\/\/\s*exit-lens-ignore-next-line\s+([\w-]+(?:\s*,\s*[\w-]+)*)/.exec(prev);
      if (m && prev.trim().startsWith(isPython ? '#' : '//')) {
        const listEnd = prevStart + m.index + m[0].length - (isPython ? 1 : 0);
        return { title, safe: true, kind: 'suppress', edits: [{ file: l.file, range: at(l.file, listEnd), newText: `, ${rule}` }] };
      }
    }
    const edit = insertLineBefore(l, isPython ? `# exit-lens: ignore[${rule}]` : `// exit-lens-ignore-next-line ${rule}`);
    return edit && { title, safe: true, kind: 'suppress', edits: [edit] };
  }

  function suppressFile(rule: string, file: string): Fix | undefined {
    const text = textOf(file);
    if (text === undefined) return undefined;
    // After a shebang and a Python coding line, which must stay first.
    let offset = 0;
    const ls = lines(file);
    for (let i = 0; i < 2 && i < ls.length; i++) {
      const line = text.slice(ls[i]!, (ls[i + 1] ?? text.length + 1) - 1);
      if ((i === 0 && line.startsWith('#!')) || (isPython && /^#.*coding[:=]/.test(line))) offset = ls[i + 1] ?? text.length;
      else break;
    }
    const comment = isPython ? `# exit-lens: ignore-file[${rule}]` : `// exit-lens-ignore ${rule}`;
    const prefix = offset === text.length && !text.endsWith('\n') ? '\n' : '';
    return { title: `Ignore ${rule} in this file`, safe: true, kind: 'suppress', edits: [{ file, range: at(file, offset), newText: `${prefix}${comment}\n` }] };
  }

  const builder: FixBuilder = {
    wrapInTry(reg) {
      const file = reg.handler.definition?.file;
      if (!file) return undefined;
      const text = textOf(file);
      if (text === undefined) return undefined;
      const ctx = { model, text, file, loc: (s: number, e: number) => loc(file, s, e), unit: indentUnit(file) };
      const edits = isPython ? pythonWrapInTry(ctx, reg) : jsWrapInTry(ctx, reg);
      if (!edits) return undefined;
      return { title: `Wrap ${reg.handler.name} in ${isPython ? 'try/except' : 'try/catch'} so the other exit handlers still run`, edits, safe: false, kind: 'refactor' };
    },
    appendToBody(reg, statement, title) {
      const file = reg.handler.definition?.file;
      const text = file ? textOf(file) : undefined;
      if (!file || text === undefined) return undefined;
      const ctx = { model, text, file, loc: (s: number, e: number) => loc(file, s, e), unit: indentUnit(file) };
      const edits = isPython ? pythonAppend(ctx, reg, statement) : jsAppend(ctx, reg, statement);
      return edits && { title, edits, safe: false, kind: 'quickfix' };
    },
    replace(title, l, newText, opts = {}) {
      return { title, edits: [{ file: l.file, range: l.range, newText }], safe: opts.safe ?? false, kind: opts.kind ?? 'quickfix' };
    },
    edits(title, edits, opts = {}) {
      return { title, edits, safe: opts.safe ?? false, kind: opts.kind ?? 'quickfix' };
    },
    insertLineBefore,
    suppressLine,
    suppressFile,
    indentAt,
    indentUnit,
  };
  return builder;
}

export interface WrapContext {
  model: ExitModel;
  text: string;
  file: string;
  loc(start: number, end: number): Location;
  unit: string;
}

/** Applies edits to one file's text (edits of other files are ignored); overlapping edits throw. */
export function applyEdits(text: string, edits: TextEdit[], file?: string): string {
  // From the end backwards; insertions at one offset keep their order (the later one is applied first).
  const mine = edits
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => file === undefined || e.file === file)
    .sort((a, b) => b.e.range.start.offset - a.e.range.start.offset || b.e.range.end.offset - a.e.range.end.offset || b.i - a.i)
    .map(({ e }) => e);
  let out = text;
  let limit = Infinity;
  for (const e of mine) {
    if (e.range.end.offset > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
    limit = e.range.start.offset;
  }
  return out;
}

/** Re-indents every line of `text` that starts outside a multi-line string by `prefix`. */
export function indentLines(text: string, prefix: string, frozenLineStarts: (offset: number) => boolean = () => false, base = 0): string {
  let out = '';
  let pos = 0;
  for (const line of text.split('\n')) {
    out += (out ? '\n' : '') + (line.trim() && !frozenLineStarts(base + pos) ? prefix + line : line);
    pos += line.length + 1;
  }
  return out;
}
