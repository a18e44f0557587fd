// Child process of scripts/fuzz.ts: rebuilds each case from (language, seed, index) and checks the
// property on it (test/fuzz/lib.ts). Runs in its own process so the parent can kill it on a hang
// and see a crash (stack overflow, out of memory, abort) as the child's death.
import fc from 'fast-check';
import { analyzer, caseArb, checkCase, makeTmp, specialCases, type FuzzCase, type Lang } from '../test/fuzz/lib';

export interface Job {
  lang: Lang | 'special';
  index: number;
  seed: number;
  maxDepth: number;
}

export interface JobResult {
  index: number;
  lang: Lang | 'special';
  kind: string;
  size: number;
  problems: string[];
  analyzeMs: number;
  totalMs: number;
  rejected?: string;
  degraded?: string;
}

/** The case of a job: deterministic in (lang, seed, index). */
export function caseOf(job: Job, arbs: Map<string, fc.Arbitrary<FuzzCase>>): FuzzCase {
  if (job.lang === 'special') return specialCases()[job.index]!;
  let arb = arbs.get(job.lang);
  if (!arb) arbs.set(job.lang, (arb = caseArb(job.lang, { maxDepth: job.maxDepth })));
  return fc.sample(arb, { seed: (Math.imul(job.seed, 1_000_003) + job.index) | 0, numRuns: 1 })[0]!;
}

async function main(): Promise<void> {
  const a = await analyzer();
  const tmp = makeTmp();
  const arbs = new Map<string, fc.Arbitrary<FuzzCase>>();
  process.on('exit', () => tmp.dispose());
  process.on('message', (job: Job) => {
    const c = caseOf(job, arbs);
    const o = checkCase(a, c, { tmp: tmp.dir, strictPositions: true });
    const res: JobResult = {
      index: job.index, lang: job.lang, kind: c.kind, size: c.bytes ? c.bytes.length : c.text.length,
      problems: o.problems, analyzeMs: o.analyzeMs, totalMs: o.totalMs, rejected: o.rejected, degraded: o.degraded,
    };
    process.send!(res);
  });
  process.send!({ ready: true });
}

if (require.main === module) void main();
