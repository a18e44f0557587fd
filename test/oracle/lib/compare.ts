// The oracle's comparison of one scenario's plan with what the runtime did (team brief, "The oracle
// protocol"), shared by the Python and the Node oracle. With R = the runtime log (user handlers whose
// body started, in order) and P = plan.scenarios[S]:
//   1. R is a subsequence of P.handlers (matched by file+line, with multiplicity): nothing runs that
//      the plan did not predict, and the order agrees;
//   2. every `definite` entry of P.handlers appears in R;
//   3. no entry of R matches only a `skipped` entry.
// A non-definite entry (conditional: an `if`, a loop whose trip count is unknown, a try) stands for
// zero or more CONSECUTIVE runs of that registration: the contract gives an unknown loop one entry,
// while the runtime registers once per iteration. Definite entries match exactly once.
// 1 and 2 are decided together: there must be ONE embedding of R into P.handlers that uses every
// definite entry (P = [f conditional, f definite] with R = [f] holds; a greedy match would not see it).
// The messages then say which rule fails and for which entries.
// A plan with `complete: false` may miss handlers it cannot see: runtime records it names nowhere
// are then left out of the comparison (the contract's meaning of `complete`).

export const ORACLE_SCENARIOS = ['normal', 'exit', 'error', 'sigint', 'sigterm', 'hard-exit'] as const;
export type OracleScenario = (typeof ORACLE_SCENARIOS)[number];

/** One scenario a fixture declares: injected by the harness, or produced by the program itself. */
export interface ScenarioRun {
  scenario: OracleScenario;
  self: boolean;
}

/** One handler whose body started running, as the harnesses log it. */
export interface RuntimeRecord {
  /** Absolute path of the file holding the registering call. */
  file: string;
  line: number;
  column?: number | null;
  mechanism?: string;
  name?: string;
  /** A registration made by library/runtime code, not by the program: not compared. */
  internal?: boolean;
}

export interface PlanHandlerJson {
  file?: string;
  line: number;
  column?: number;
  name: string;
  mechanism: string;
  certainty: 'definite' | 'conditional' | 'unknown' | string;
}

export interface PlanSkippedJson {
  file?: string;
  line: number;
  name: string;
  mechanism: string;
  reason: string;
}

export interface PlanScenarioJson {
  handlers: PlanHandlerJson[];
  skipped: PlanSkippedJson[];
  complete: boolean;
}

/** `exit-lens plan FILE --format json` (schema exit-lens/plan@1). */
export interface PlanJson {
  schema: string;
  file: string;
  language: string;
  scenarios: Record<OracleScenario, PlanScenarioJson>;
}

/** Maps a plan entry's `file` (absent = the entry file) to the absolute path the runtime logs. */
export type FileResolver = (planFile: string | undefined) => string;

const HEADER = /^\s*(?:#|\/\/)\s*exit-lens-oracle:(.*)$/;

/**
 * The fixture header `# exit-lens-oracle: normal exit=self ...` (`//` in JS/TS) in the first 10
 * lines. `S`: the harness applies ending S after the top-level code; `S=self`: the program ends
 * that way by itself (and prints its ready line itself for sigint/sigterm). No header: all six,
 * injected. Unknown or repeated tokens throw.
 */
export function parseOracleHeader(text: string): ScenarioRun[] {
  const line = text.split('\n', 10).map((l) => HEADER.exec(l)).find((m) => m);
  if (!line) return ORACLE_SCENARIOS.map((scenario) => ({ scenario, self: false }));
  const runs: ScenarioRun[] = [];
  for (const token of line[1]!.trim().split(/\s+/).filter(Boolean)) {
    const m = /^([a-z-]+)(=self)?$/.exec(token);
    const scenario = m?.[1] as OracleScenario | undefined;
    if (!m || !scenario || !ORACLE_SCENARIOS.includes(scenario)) {
      throw new Error(`exit-lens-oracle header: unknown token '${token}' (expected ${ORACLE_SCENARIOS.join(' ')}, each optionally =self)`);
    }
    if (runs.some((r) => r.scenario === scenario)) throw new Error(`exit-lens-oracle header: '${scenario}' declared twice`);
    runs.push({ scenario, self: Boolean(m[2]) });
  }
  if (runs.length === 0) throw new Error('exit-lens-oracle header declares no scenario');
  return runs;
}

interface Keyed {
  key: string;
  label: string;
}

const keyOf = (file: string, line: number) => `${file}:${line}`;

/** Whether R embeds into P in order while every definite entry of P is matched. */
export function alignable(runtime: readonly string[], planned: readonly { key: string; definite: boolean }[]): boolean {
  const n = runtime.length;
  const m = planned.length;
  // ok[i][j]: runtime[i..] embeds into planned[j..] and uses every definite entry of planned[j..].
  const ok: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  ok[n]![m] = true;
  for (let j = m - 1; j >= 0; j--) ok[n]![j] = ok[n]![j + 1]! && !planned[j]!.definite;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const skip = !planned[j]!.definite && ok[i]![j + 1]!;
      const take = runtime[i] === planned[j]!.key && ok[i + 1]![j + 1]!;
      // A non-definite entry may also absorb this run and stay available for the next one.
      const repeat = !planned[j]!.definite && runtime[i] === planned[j]!.key && ok[i + 1]![j]!;
      ok[i]![j] = skip || take || repeat;
    }
  }
  return ok[0]![0]!;
}

/** The three rules; returns one sentence per violation (empty: the plan agrees with the runtime). */
export function compareScenario(records: readonly RuntimeRecord[], plan: PlanScenarioJson, resolveFile: FileResolver): string[] {
  const problems: string[] = [];
  let ran: Keyed[] = records
    .filter((r) => !r.internal)
    .map((r) => ({ key: keyOf(r.file, r.line), label: `${r.name ?? r.mechanism ?? 'handler'} at ${short(r.file)}:${r.line}` }));
  const planned = plan.handlers.map((h) => ({
    key: keyOf(resolveFile(h.file), h.line),
    definite: h.certainty === 'definite',
    label: `${h.name} at ${short(resolveFile(h.file))}:${h.line}`,
  }));
  const plannedKeys = new Set(planned.map((p) => p.key));
  const skippedKeys = new Set(plan.skipped.map((k) => keyOf(resolveFile(k.file), k.line)));

  // `complete: false` says handlers the plan cannot name may run: those are not held against it,
  // but everything it does name must still agree.
  if (!plan.complete) ran = ran.filter((r) => plannedKeys.has(r.key) || skippedKeys.has(r.key));
  const onlySkipped = ran.filter((r) => !plannedKeys.has(r.key) && skippedKeys.has(r.key));
  const unpredicted = ran.filter((r) => !plannedKeys.has(r.key) && !skippedKeys.has(r.key));
  if (onlySkipped.length) problems.push(`rule 3: ran, but the plan lists it only as skipped: ${labels(onlySkipped)}`);
  if (unpredicted.length) problems.push(`rule 1: ran, but the plan does not list it: ${labels(unpredicted)}`);

  // Rule 1, order and multiplicity (greedy earliest matching decides subsequence-ness).
  if (!onlySkipped.length && !unpredicted.length) {
    let j = 0;
    let last = -1; // the non-definite entry matched last, which may absorb consecutive repeats
    for (const r of ran) {
      if (last >= 0 && planned[last]!.key === r.key) continue;
      while (j < planned.length && planned[j]!.key !== r.key) j++;
      if (j === planned.length) {
        problems.push(`rule 1: the runtime order is not a subsequence of the plan: ${r.label} ran where the plan has no later entry for it (order or count differs)`);
        break;
      }
      last = planned[j]!.definite ? -1 : j;
      j++;
    }
  }

  // Rule 2, with multiplicity.
  const ranCount = new Map<string, number>();
  for (const r of ran) ranCount.set(r.key, (ranCount.get(r.key) ?? 0) + 1);
  const needed = new Map<string, number>();
  const missing = planned.filter((p) => {
    if (!p.definite) return false;
    needed.set(p.key, (needed.get(p.key) ?? 0) + 1);
    return needed.get(p.key)! > (ranCount.get(p.key) ?? 0);
  });
  if (missing.length) problems.push(`rule 2: definite in the plan, but did not run: ${labels(missing)}`);

  if (!problems.length && !alignable(ran.map((r) => r.key), planned)) {
    problems.push('rules 1+2: no alignment of the runtime order with the plan uses every definite entry (a definite entry sits where the runtime ran that handler at another position)');
  }
  return problems;
}

/** The failure message: the problems, then the runtime log next to the plan's handlers and skipped. */
export function formatMismatch(
  problems: readonly string[],
  records: readonly RuntimeRecord[],
  plan: PlanScenarioJson,
  resolveFile: FileResolver,
  base: string,
): string {
  const rel = (f: string) => (base && f.startsWith(base + '/') ? f.slice(base.length + 1) : f);
  const out: string[] = ['the plan disagrees with the runtime:', ...problems.map((p) => `  ✗ ${p}`)];
  const user = records.filter((r) => !r.internal);
  out.push('runtime log (handler bodies that started, in order):');
  if (!user.length) out.push('    (none)');
  user.forEach((r, i) => out.push(`    ${i + 1}. ${r.name ?? '?'}  [${r.mechanism ?? '?'}]  ${rel(r.file)}:${r.line}${r.column ? `:${r.column}` : ''}`));
  const internal = records.filter((r) => r.internal);
  if (internal.length) out.push(`    (+ ${internal.length} internal: ${internal.map((r) => r.name ?? r.mechanism ?? '?').join(', ')}; not compared)`);
  out.push(`plan handlers${plan.complete ? '' : ' (complete: false)'}:`);
  if (!plan.handlers.length) out.push('    (none)');
  plan.handlers.forEach((h, i) =>
    out.push(`    ${i + 1}. ${h.name}  [${h.mechanism}]  ${rel(resolveFile(h.file))}:${h.line}${h.column ? `:${h.column}` : ''}  ${h.certainty}`),
  );
  out.push('plan skipped:');
  if (!plan.skipped.length) out.push('    (none)');
  for (const k of plan.skipped) out.push(`    - ${k.name}  [${k.mechanism}]  ${rel(resolveFile(k.file))}:${k.line}: ${k.reason}`);
  return out.join('\n');
}

function labels(xs: readonly { label: string }[]): string {
  return xs.map((x) => x.label).join(', ');
}

function short(file: string): string {
  const i = file.lastIndexOf('/');
  return i >= 0 ? file.slice(i + 1) : file;
}

/**
 * Known disagreements between a plan and the runtime, kept in test/oracle/known-mismatches.json
 * (`"<language>": { "<fixture> <scenario>": "why" }`). Each one is still checked: its test fails
 * when the plan starts to agree, so the list only shrinks and never hides a regression elsewhere.
 */
export type KnownMismatches = Record<string, string>;

export function loadKnownMismatches(json: string, language: 'python' | 'node'): KnownMismatches {
  const all = JSON.parse(json) as Record<string, KnownMismatches>;
  return all[language] ?? {};
}

/** Throws (failing the test) unless the outcome is what the known list says. */
export function expectOutcome(known: KnownMismatches, key: string, problems: readonly string[], describe: () => string): void {
  const why = known[key];
  if (why === undefined) {
    if (problems.length > 0) throw new Error(describe());
    return;
  }
  if (problems.length === 0) {
    throw new Error(`'${key}' is listed in test/oracle/known-mismatches.json (${why}) but the plan now agrees with the runtime: remove it from the list`);
  }
}
