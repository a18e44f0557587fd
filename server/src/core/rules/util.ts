// Shared vocabulary of the rules: which mechanisms are exit handlers, how to name a handler and
// a location in a message.
import type { RelatedInfo } from '../diagnostics';
import type { ExitModel, Location, Registration } from '../model';

/** Libraries that install their own SIGINT/SIGTERM handling and run their hooks on those signals. */
export const SIGNAL_AWARE_LIBRARIES = new Set(['exit-hook', 'signal-exit', 'async-exit-hook', 'close-with-grace', 'node-cleanup', 'death']);

const SCOPED = new Set(['ExitStack', 'AsyncExitStack', 'using', 'await using', 'DisposableStack', 'AsyncDisposableStack']);

/** Runs when the process exits (not at a scope's end, not on a signal). */
export function isExitHandler(reg: Registration): boolean {
  const m = reg.mechanism;
  if (SCOPED.has(m) || m === 'signal') return false;
  if (m.startsWith('process:')) return m === 'process:exit' || m === 'process:beforeExit';
  return true; // atexit, weakref.finalize, the exit libraries
}

/** A SIGINT/SIGTERM handler (Python signal.signal, Node process listener). */
export function signalOf(reg: Registration): 'SIGINT' | 'SIGTERM' | undefined {
  const ev = reg.mechanism === 'signal' ? reg.event : reg.mechanism.startsWith('process:') ? reg.mechanism.slice(8) : undefined;
  const name = ev?.replace(/^signal\./, '');
  return name === 'SIGINT' || name === 'SIGTERM' ? name : undefined;
}

/** Runs handlers synchronously: an async handler's awaited work is lost. */
export function isSyncOnly(reg: Registration, callText: string): boolean {
  const m = reg.mechanism;
  if (m === 'atexit' || m === 'weakref.finalize' || m === 'process:exit' || m === 'signal-exit') return true;
  if (m === 'exit-hook') return !/^\s*(\w+\.)?asyncExitHook\b/.test(callText);
  if (m === 'signal' || m === 'ExitStack') return true; // the coroutine object is dropped
  return false;
}

/** How the mechanism is called in messages. */
export function mechanismLabel(reg: Registration): string {
  const m = reg.mechanism;
  if (m.startsWith('process:')) return `'${m.slice(8)}' listener`;
  if (m === 'atexit') return 'atexit handler';
  if (m === 'weakref.finalize') return 'weakref.finalize callback';
  if (m === 'signal') return `${reg.event?.replace(/^signal\./, '') ?? 'signal'} handler`;
  return `${m} hook`;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return n === 1 ? one : many;
}

/**
 * `l` as a message shows it at the finding `at`: `line N` in the finding's own file, `file:N`
 * elsewhere. Relative to the finding, not to the entry analyzed, so a finding in an imported
 * module reads the same from every entry that reaches it (check merges them as one).
 */
export function lineOf(l: Location, at: { file: string }): string {
  return l.file !== at.file ? `${l.file}:${l.range.start.line}` : `line ${l.range.start.line}`;
}

export function related(location: Location, message: string): RelatedInfo {
  return { location, message };
}

/** Source text of a location. */
export function textAt(text: string | undefined, l: Location): string {
  return text?.slice(l.range.start.offset, l.range.end.offset) ?? '';
}

/** Registrations that count for rules about the running program (not in children or while exiting). */
export function mainRegistrations(model: ExitModel): Registration[] {
  return model.registrations.filter((r) => r.context === 'main');
}

/** "a, b and c" */
export function listNames(names: string[], max = 4): string {
  const uniq = [...new Set(names)];
  const shown = uniq.slice(0, max).map((n) => `\`${n}\``);
  if (uniq.length > max) shown.push(`${uniq.length - max} more`);
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The arguments of a call's source text, split at top-level commas (strings and brackets respected). */
export function callArgs(callText: string): string[] {
  const open = callText.indexOf('(');
  if (open < 0) return [];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let quote = '';
  for (let i = open + 1; i < callText.length; i++) {
    const ch = callText[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\') cur += callText[++i] ?? '';
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The handler argument of a registration or removal call (Node listeners: the second argument). */
export function handlerArg(callText: string, mechanism: string): string | undefined {
  const args = callArgs(callText);
  return mechanism.startsWith('process:') ? args[1] : args[0];
}

/**
 * Keeps one registration per handler definition (the first): a body problem is reported once,
 * not again at every registration of the same function (duplicate-registration reports those).
 */
export function onePerHandler(regs: readonly Registration[]): Registration[] {
  const seen = new Set<string>();
  return regs.filter((r) => {
    const d = r.handler.definition;
    if (!d) return true;
    const k = `${r.mechanism}\0${d.file}\0${d.range.start.offset}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
