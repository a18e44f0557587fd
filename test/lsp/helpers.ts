// Shared helpers of the protocol tests: temporary workspaces and the CLI's plan (the reference
// the editor views must agree with; the plan itself is proven against the runtimes by test/oracle).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './lspClient';

export interface PlanJson {
  file: string;
  scenarios: Record<string, { handlers: { file?: string; line: number; column: number; name: string; mechanism: string; certainty: string }[]; skipped: { file?: string; line: number; name: string; reason: string }[]; complete: boolean }>;
}

const planCache = new Map<string, PlanJson>();

/**
 * `exit-lens plan FILE --format json` from the built CLI, memoized within a test run. The key
 * holds the text of every file in FILE's folder, since imported modules change the plan too.
 */
export function cliPlan(file: string, cwd = ROOT): PlanJson {
  const dir = dirname(file);
  const key = [file, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${e.name}\0${readFileSync(join(dir, e.name), 'utf8')}`)].join('\0');
  let plan = planCache.get(key);
  if (!plan) planCache.set(key, (plan = runCliPlan(file, cwd)));
  return plan;
}

function runCliPlan(file: string, cwd: string): PlanJson {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'plan', file, '--format', 'json'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`exit-lens plan ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PlanJson;
}

/** A temporary folder with the given files; returns its real path and a cleanup. */
export function workspace(files: Record<string, string>): { dir: string; path(rel: string): string; write(rel: string, text: string): void; dispose(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-lsp-')));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, path: (rel) => join(dir, rel), write, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The line of a hover that lists `label`'s scenario group ("- **normal end, exit(), ...**: ..."). */
export function scenarioLine(hover: string, label: string): string | undefined {
  return hover.split('\n').find((l) => l.startsWith('- **') && l.slice(4, l.indexOf('**:')).split(', ').includes(label));
}

/** Asserts that `names` occur in `text` in this order; returns the positions. */
export function indicesInOrder(text: string, names: string[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const n of names) {
    const i = text.indexOf(`\`${n}\``, from);
    if (i < 0) throw new Error(`'${n}' not found in order after position ${from} of:\n${text}`);
    out.push(i);
    from = i + 1;
  }
  return out;
}
