// Runs the rules on an exit model: pure, no I/O. Suppression comments and per-rule severities
// are applied here, so every rule only reports what it sees.
import type { Diagnostic, Severity } from './diagnostics';
import { createFactProvider } from './facts';
import { createFixBuilder } from './fixes';
import type { ExitModel, Location } from './model';
import { RULES } from './rules';
import { formatMessage, type Rule, type RuleContext, type RuleOptions } from './rules/rule';
import { parseSuppressions, type Suppression } from './rules/suppressions';
import { UNUSED_SUPPRESSION } from './rules/unused-suppression';

export type RuleSetting = Severity | 'off';

export interface CheckConfig {
  /** Severity per rule id, or 'off'. */
  rules?: Record<string, RuleSetting>;
  slowCalls?: string[];
  python?: { version?: string; startMethod?: 'fork' | 'spawn' | 'forkserver' };
  node?: { version?: number };
}

export type Texts = string | Map<string, string> | ((file: string) => string | undefined);

function textGetter(model: ExitModel, texts: Texts): (file: string) => string | undefined {
  if (typeof texts === 'function') return texts;
  if (typeof texts === 'string') return (f) => (f === model.file ? texts : undefined);
  return (f) => texts.get(f);
}

export function ruleOptions(config: CheckConfig = {}): RuleOptions {
  return {
    slowCalls: config.slowCalls ?? [],
    python: { version: config.python?.version ?? '3.12', startMethod: config.python?.startMethod },
    node: { version: config.node?.version ?? 20 },
  };
}

/** The diagnostics of every enabled rule for `model`, suppressions applied, sorted by position. */
export function runRules(model: ExitModel, texts: Texts, config: CheckConfig = {}, rules: readonly Rule[] = RULES): Diagnostic[] {
  const text = textGetter(model, texts);
  const options = ruleOptions(config);
  const facts = createFactProvider(model, text, { slowCalls: options.slowCalls });
  const fix = createFixBuilder(model, text);
  const raw: Diagnostic[] = [];
  for (const rule of rules) {
    if (!rule.languages.includes(model.language)) continue;
    const setting = config.rules?.[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    const ctx: RuleContext = {
      model, language: model.language, options, facts, fix, text,
      handlerFacts: (reg) => facts.handler(reg.handler, reg),
      format: (id, data) => formatMessage(rule.messages[id]!, data, `${rule.id}.${id}`),
      report(input) {
        const template = rule.messages[input.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id}: unknown message id '${input.messageId}'`);
        const fixes = [...(input.fixes ?? [])];
        const line = fix.suppressLine(rule.id, input.location);
        const whole = fix.suppressFile(rule.id, input.location.file);
        if (line) fixes.push(line);
        if (whole) fixes.push(whole);
        raw.push({
          file: input.location.file, range: input.location.range, rule: rule.id, severity: setting,
          message: formatMessage(template, input.data, `${rule.id}.${input.messageId}`), related: input.related ?? [], fixes,
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule bug must not take the other rules down; report it where it can be seen.
      raw.push({
        file: model.file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }, rule: rule.id, severity: 'info',
        message: `internal error in rule ${rule.id}: ${(e as Error).message}`, related: [], fixes: [],
      });
    }
  }
  const deduped = dedupe(raw);
  const out = applySuppressions(model, deduped, text, config);
  return out.sort(compareDiagnostics);
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}\0${d.range.start.offset}\0${d.rule}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function applySuppressions(model: ExitModel, ds: Diagnostic[], text: (f: string) => string | undefined, config: CheckConfig): Diagnostic[] {
  const byFile = new Map<string, Suppression[]>();
  const suppressionsOf = (file: string) => {
    let s = byFile.get(file);
    if (!s) byFile.set(file, (s = parseSuppressions(file, text(file) ?? '', model.language)));
    return s;
  };
  const kept = ds.filter((d) => {
    for (const s of suppressionsOf(d.file)) {
      if (!s.rules.includes(d.rule)) continue;
      if (s.lines && !s.lines.includes(d.range.start.line)) continue;
      s.used.add(d.rule);
      return false;
    }
    return true;
  });
  // Suppressions that suppress nothing, in the analyzed file only (imported modules are checked on their own).
  const unusedSetting = config.rules?.[UNUSED_SUPPRESSION.id] ?? UNUSED_SUPPRESSION.defaultSeverity;
  if (unusedSetting !== 'off') {
    const known = new Set(RULES.map((r) => r.id));
    for (const s of suppressionsOf(model.file)) {
      for (const rule of s.rules) {
        if (s.used.has(rule)) continue;
        const r = RULES.find((x) => x.id === rule);
        // A rule that is off or does not apply to the language cannot be expected to fire.
        if (r && (config.rules?.[rule] === 'off' || !r.languages.includes(model.language))) continue;
        kept.push(unusedDiagnostic(s.location, rule, known.has(rule), unusedSetting));
      }
    }
  }
  return kept;
}

function unusedDiagnostic(location: Location, rule: string, known: boolean, severity: Severity): Diagnostic {
  const messageId = known ? 'unused' : 'unknownRule';
  return {
    file: location.file, range: location.range, rule: UNUSED_SUPPRESSION.id, severity,
    message: formatMessage(UNUSED_SUPPRESSION.messages[messageId], { rule }), related: [], fixes: [],
  };
}
