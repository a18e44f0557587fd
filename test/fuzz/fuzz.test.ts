// The bounded fuzz suite (issue 7): fixed seeds, a few hundred generated cases per language, the
// 10,000-level nesting generators, binary input through the CLI's file reading, and a loose
// linear-growth check. Each case must satisfy the property of test/fuzz/lib.ts (a model, never a
// throw, no internal error, positions inside the text, plan JSON and rules well-formed).
// Large runs: `npm run fuzz -- --cases 100000` (FUZZING.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { memoryHost } from '../../server/src/core/host';
import { analyzer, caseArb, checkCase, describeCase, JS_NESTS, makeTmp, PY_NESTS, type FuzzCase } from './lib';

const CASES = Number(process.env.EXIT_LENS_FUZZ_CASES ?? 150);

function property(tmp: string) {
  return async (c: FuzzCase) => {
    const a = await analyzer();
    const o = checkCase(a, c, { tmp, strictPositions: true });
    if (o.problems.length > 0) throw new Error(`${describeCase(c)}:\n  ${o.problems.slice(0, 5).join('\n  ')}`);
  };
}

for (const lang of ['python', 'js'] as const) {
  test(`${lang}: ${CASES} mutated corpus files, token soups, encodings, binary blobs and nestings keep the property`, async () => {
    const tmp = makeTmp();
    try {
      await fc.assert(fc.asyncProperty(caseArb(lang, { maxDepth: 1000 }), property(tmp.dir)), {
        seed: lang === 'python' ? 7001 : 7002, numRuns: CASES, endOnFailure: true,
      });
    } finally {
      tmp.dispose();
    }
  });
}

test('the nesting generators at 10,000 levels (the others at 1,000; all at 10,000 in npm run fuzz): a model, no stack overflow', async () => {
  const a = await analyzer();
  const blocks = new Set(['ifs', 'defs', 'withs', 'classes']);
  const full = new Set(['parens', 'lists', 'calls', 'exitCalls', 'blocks', 'onCalls', 'binops']);
  const failures: string[] = [];
  for (const [lang, table, file] of [['python', PY_NESTS, 'deep.py'], ['js', JS_NESTS, 'deep.ts']] as const) {
    for (const [name, gen] of Object.entries(table)) {
      const c: FuzzCase = { kind: `${lang}:nest:${name}`, file, text: gen(lang === 'python' && blocks.has(name) ? 200 : full.has(name) ? 10_000 : 1000) };
      const o = checkCase(a, c, { strictPositions: true });
      if (o.problems.length > 0) failures.push(`${describeCase(c)}: ${o.problems.slice(0, 2).join('; ')}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('nesting past the limit degrades: the plan is incomplete and names why, what came before is kept', async () => {
  const a = await analyzer();
  const py = 'import atexit\natexit.register(print)\nx = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + '\n';
  const m = a.analyze('deep.py', py, memoryHost({ 'deep.py': py }));
  try {
    assert.equal(m.registrations.length, 1);
    assert.equal(m.plan.scenarios.normal.complete, false);
    assert.ok(m.unknowns.some((u) => /nested more than \d+ levels/.test(u.reason) && u.location.range.start.line === 3), JSON.stringify(m.unknowns));
  } finally {
    m.dispose();
  }
  const js = "process.on('exit', () => {});\nx = " + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + ';\n';
  const j = a.analyze('deep.js', js, memoryHost({ 'deep.js': js }));
  assert.ok(j.parseErrors.length > 0, 'the JS parser gives up on 10,000 brackets with a parse error');
  assert.equal(j.plan.scenarios.normal.complete, false);
});

test('binary files through readSourceFile: rejected with a message naming the file, or decoded and analyzed', async () => {
  const a = await analyzer();
  const tmp = makeTmp();
  try {
    const cases: FuzzCase[] = [
      { kind: 'binary', file: 'a.py', text: '', bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]) },
      { kind: 'binary', file: 'a.js', text: '', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]) },
      { kind: 'invalid-utf8', file: 'b.py', text: '', bytes: new Uint8Array([...Buffer.from('import atexit\n'), 0xc3, 0x28, 0xff, ...Buffer.from('\natexit.register(print)\n')]) },
      { kind: 'utf16-bom', file: 'c.js', text: '', bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from("process.on('exit', f)\n", 'utf16le')]) },
    ];
    const outcomes = cases.map((c) => ({ c, o: checkCase(a, c, { tmp: tmp.dir, strictPositions: true }) }));
    for (const { c, o } of outcomes) assert.deepEqual(o.problems, [], describeCase(c));
    assert.match(outcomes[0]!.o.rejected ?? '', /a\.py: looks binary/);
    assert.match(outcomes[1]!.o.rejected ?? '', /a\.js: looks binary/);
    assert.equal(outcomes[2]!.o.rejected, undefined);
    assert.equal(outcomes[3]!.o.rejected, undefined);
  } finally {
    tmp.dispose();
  }
});

test('analysis time grows linearly with nesting depth (loose bound on same-run medians)', async () => {
  const a = await analyzer();
  let serial = 0;
  const time = (file: string, source: string) => {
    // A fresh comment each time: the front ends cache parses by text, and a hit would time nothing.
    const text = `${source}\n${file.endsWith('.py') ? '#' : '//'} ${serial++}\n`;
    const t0 = performance.now();
    a.analyze(file, text, memoryHost({ [file]: text })).dispose();
    return performance.now() - t0;
  };
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  // The exit-call sweep was cubic in nesting before it stopped walking node.parent (64× here).
  // Only that regression is asserted: on the shared CI machine the GC after the suite's earlier
  // cases has skewed linear JS generators up to 6× (npm run fuzz -- --scaling measures them all).
  const gens: [string, string, (d: number) => string][] = [
    ['py nested exit calls in a function', 'deep.py', PY_NESTS.exitCalls!],
  ];
  const report: string[] = [];
  for (const [name, file, gen] of gens) {
    const small = gen(500);
    const large = gen(4000);
    time(file, small);
    const s: number[] = [];
    const l: number[] = [];
    // Alternate the sizes so a burst of load on the shared machine hits both.
    for (let r = 0; r < 7; r++) {
      s.push(time(file, small));
      l.push(time(file, large));
    }
    const ratio = median(l) / large.length / (median(s) / small.length);
    report.push(`${name}: per-char ${ratio.toFixed(2)}× at ${(large.length / small.length).toFixed(1)}× the size`);
    // Linear is 1; quadratic would be ~8 here and cubic ~64. 6 leaves room for noise.
    assert.ok(ratio < 6, report.join('\n'));
  }
});
