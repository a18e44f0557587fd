// Known vulnerabilities in what ships. Two views, each run when the npm registry answers and
// skipped with the reason when it does not (offline CI, a mirror without the audit endpoint):
// 1. `npm audit --omit=dev --audit-level=high`, the package's runtime dependencies: no high or
//    critical advisory. (Exit Lens has none: everything it runs is bundled into dist/.)
// 2. Since the bundles embed packages that are devDependencies of this repository, the full
//    audit is filtered to the packages that esbuild put into the shipped bundles (read from
//    their source maps): no high or critical advisory among them either.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';

const ROOT = join(__dirname, '..', '..');

interface AuditJson {
  vulnerabilities?: Record<string, { name: string; severity: string; via: unknown[] }>;
  metadata?: { vulnerabilities: Record<string, number>; dependencies?: Record<string, number> };
  error?: { code?: string; summary?: string };
  message?: string;
  statusCode?: number;
}

/** The audit report, or the reason it could not be had. */
function audit(args: string[]): { report: AuditJson } | { unavailable: string } {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['audit', '--json', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { unavailable: `npm not runnable: ${r.error.message}` };
  if (r.signal) return { unavailable: `npm audit timed out (${r.signal})` };
  let report: AuditJson;
  try {
    report = JSON.parse(r.stdout) as AuditJson;
  } catch {
    return { unavailable: `npm audit gave no report: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  }
  // npm reports network and endpoint failures as JSON too, without `metadata`.
  if (!report.metadata) return { unavailable: `the registry's audit endpoint did not answer: ${report.error?.summary || report.message || report.error?.code || 'no metadata'}`.trim() };
  return { report };
}

function highOrCritical(report: AuditJson, only?: Set<string>): string[] {
  return Object.values(report.vulnerabilities ?? {})
    .filter((v) => (v.severity === 'high' || v.severity === 'critical') && (!only || only.has(v.name)))
    .map((v) => `${v.name} (${v.severity})`);
}

/** Packages esbuild bundled into the shipped files, from the source maps next to them. */
function bundledPackages(): Set<string> {
  const out = new Set<string>();
  for (const bundle of ['cli.js', 'check-worker.js', 'server.js', 'typescript.js', 'extension.js']) {
    const map = join(ROOT, 'dist', `${bundle}.map`);
    if (!existsSync(map)) continue;
    for (const s of (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources) {
      const i = s.lastIndexOf('node_modules/');
      if (i < 0) continue;
      const parts = s.slice(i + 'node_modules/'.length).split('/');
      out.add(parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return out;
}

function skip(t: TestContext, why: string) {
  t.diagnostic(why);
  t.skip(why);
}

test('npm audit --omit=dev: no high or critical advisory', (t) => {
  const a = audit(['--omit=dev', '--audit-level=high']);
  if ('unavailable' in a) return skip(t, a.unavailable);
  const counts = a.report.metadata!.vulnerabilities;
  t.diagnostic(`npm audit --omit=dev: ${JSON.stringify(counts)} over ${JSON.stringify(a.report.metadata!.dependencies ?? {})}`);
  assert.deepEqual(highOrCritical(a.report), []);
  assert.equal((counts.high ?? 0) + (counts.critical ?? 0), 0);
});

test('no high or critical advisory in the packages bundled into dist/', (t) => {
  const bundled = bundledPackages();
  if (bundled.size === 0) return skip(t, 'no source maps in dist/ (run the build first)');
  assert.ok(bundled.has('typescript') && bundled.has('web-tree-sitter'), [...bundled].join(', '));
  const a = audit([]);
  if ('unavailable' in a) return skip(t, a.unavailable);
  t.diagnostic(`bundled: ${[...bundled].sort().join(', ')}; full audit: ${JSON.stringify(a.report.metadata!.vulnerabilities)}`);
  assert.deepEqual(highOrCritical(a.report, bundled), []);
});
