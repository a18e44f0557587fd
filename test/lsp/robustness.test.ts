// Robustness of the language server (issue 7): a burst of edits to a large file ends with the
// diagnostics of the final text, memory stays flat over a long session, a failing analysis costs
// only its own file's diagnostics, and an oversized file gets one notice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { rssOf, syntheticSource } from '../../scripts/lib/lspDriver';
import { workspace } from './helpers';
import { LspClient, ROOT } from './lspClient';

/** A deterministic pseudo-random sequence (the same edits every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });
const lineCount = (text: string) => text.split('\n').length;

/** What a diagnostic says, without what varies between runs of the same text. */
const key = (d: Diagnostic) => JSON.stringify([d.range, d.severity, d.code, d.message]);

function cliCheck(file: string): { line: number; rule: string }[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', file, '--format', 'json'], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `exit-lens check: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { diagnostics: { line: number; rule: string }[] }).diagnostics.map((d) => ({ line: d.line, rule: d.rule }));
}

describe('language server robustness', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({});
  });
  after(async () => {
    await c.stop();
  });

  test('1,000 rapid incremental edits to a 5,000-line file: the server keeps up and ends with the diagnostics of the final text', async () => {
    const text = syntheticSource('python', 5000);
    assert.ok(lineCount(text) >= 5000);
    const ws = workspace({ 'big.py': text });
    try {
      const uri = await c.open(ws.path('big.py'), text);
      const initial = await c.diagnosticsFor(uri);
      assert.ok(initial.length > 5, 'the synthetic file has findings');
      const from = c.published.length;
      const random = rng(7);
      const EDITS = 1000;
      for (let i = 0; i < EDITS; i++) {
        const n = lineCount(c.text(uri));
        const line = Math.floor(random() * (n - 1));
        const r = random();
        if (i % 100 === 50) {
          // A new handler that raises, typed as one paste: the rules must see it at the end.
          await c.edit(uri, at(n - 1), `def late_${i}():\n    raise ValueError('late')\natexit.register(late_${i})\n`);
        } else if (r < 0.5) {
          await c.edit(uri, at(line), random() < 0.5 ? '#' : `# note ${i}\n`);
        } else if (r < 0.8) {
          // Delete a line (possibly a registration: findings disappear).
          await c.edit(uri, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
        } else {
          // Half-typed code: syntax errors mid-burst.
          await c.edit(uri, at(line), random() < 0.5 ? 'def broken(:\n' : 'atexit.register(\n');
        }
      }
      const sent = Date.now();
      const final = await c.diagnosticsFor(uri);
      const tail = Date.now() - sent;
      const publishes = c.published.slice(from).filter((p) => p.uri === uri);
      // Coalesced: a burst costs a few analyses, not one per edit.
      assert.ok(publishes.length < EDITS / 4, `${publishes.length} publishes for ${EDITS} edits`);
      const versions = publishes.map((p) => p.version!);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only move forward');
      assert.equal(versions.at(-1), c.version(uri));
      // A fresh analysis of the final text (reopened: no state from the burst) says the same.
      const finalText = c.text(uri);
      await c.close(uri);
      const again = await c.open(ws.path('big.py'), finalText);
      const fresh = await c.diagnosticsFor(again);
      assert.deepEqual(final.map(key).sort(), fresh.map(key).sort());
      assert.notDeepEqual(final.map(key).sort(), initial.map(key).sort(), 'the edits changed the findings');
      // And so does the CLI on the same text from disk.
      ws.write('big.py', finalText);
      const cli = cliCheck(ws.path('big.py'));
      assert.deepEqual(
        final.map((d) => `${d.range.start.line + 1}:${d.code}`).sort(),
        cli.map((d) => `${d.line}:${d.rule}`).sort(),
      );
      assert.ok(tail < 60000, `final diagnostics ${tail} ms after the last edit`);
      await c.close(again);
    } finally {
      ws.dispose();
    }
  });

  test('memory stays flat over a long edit session (RSS sampled through it)', async () => {
    const text = syntheticSource('javascript', 3000);
    const ws = workspace({ 'long.js': text });
    try {
      const uri = await c.open(ws.path('long.js'), text);
      await c.diagnosticsFor(uri);
      const samples: number[] = [];
      const checkpoints: number[] = [];
      const random = rng(11);
      const ROUNDS = 30;
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < 60; i++) {
          const n = lineCount(c.text(uri));
          const line = Math.floor(random() * (n - 2));
          // Insert and delete in turn so the file keeps its size: growth would be the server's.
          if (i % 2 === 0) await c.edit(uri, at(line), `// edit ${round}.${i}\n`);
          else await c.edit(uri, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
        }
        await c.diagnosticsFor(uri);
        samples.push(rssOf(c.proc.pid!).rssBytes / 2 ** 20);
        if ((round + 1) % 10 === 0) {
          // A pause, as when the user stops typing: the server collects its garbage when idle, so
          // what is left is what it holds on to.
          await new Promise((r) => setTimeout(r, 2500));
          checkpoints.push(rssOf(c.proc.pid!).rssBytes / 2 ** 20);
        }
      }
      const [early, , late] = checkpoints as [number, number, number];
      // 1,200 more versions of a 3,000-line file after the first checkpoint: a leak of one text or
      // one model per version would be hundreds of MB.
      assert.ok(late <= early * 1.2 + 20, `RSS at the pauses ${checkpoints.map((s) => s.toFixed(0)).join(', ')} MB; while typing: ${samples.map((s) => s.toFixed(0)).join(' ')}`);
      await c.close(uri);
    } finally {
      ws.dispose();
    }
  });
});

describe('a failing analysis takes only its own file down', () => {
  const MARKER = 'EXIT_LENS_INJECTED_FAULT';
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ env: { ...process.env, EXIT_LENS_TEST_FAULT: MARKER } });
  });
  after(async () => {
    await c.stop();
  });

  test('the exception is logged, that file’s diagnostics are cleared, other files go on, and it recovers', async () => {
    const seed = readFileSync(join(ROOT, 'examples', 'seed', '06_error_handling.py'), 'utf8');
    const ws = workspace({ 'bad.py': seed, 'good.py': seed });
    try {
      const bad = await c.open(ws.path('bad.py'), seed);
      const good = await c.open(ws.path('good.py'), seed);
      const before = await c.diagnosticsFor(bad);
      assert.ok(before.length > 0, 'the seed has findings');
      assert.ok((await c.diagnosticsFor(good)).length > 0);
      // The marker makes the analyzer throw (a test seam standing for a bug in a front end or rule).
      await c.edit(bad, at(0), `# ${MARKER}\n`);
      assert.deepEqual(await c.diagnosticsFor(bad), [], 'the failed file’s old diagnostics are cleared');
      await c.waitForLog(/bad\.py: analysis failed: .*injected fault/);
      assert.equal(c.proc.exitCode, null, 'the server is alive');
      // Requests on the failed file are answered, not errors.
      assert.equal(await c.hover(bad, 3, 4), null);
      assert.deepEqual(await c.codeLens(bad), []);
      // Everything else goes on.
      await c.edit(good, at(0), '# still fine\n');
      assert.ok((await c.diagnosticsFor(good)).length > 0, 'the other file is still analyzed');
      // Fixed: the file is analyzed again.
      await c.edit(bad, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, '');
      assert.equal(c.text(bad), seed);
      assert.deepEqual((await c.diagnosticsFor(bad)).map(key).sort(), before.map(key).sort());
    } finally {
      ws.dispose();
    }
  });
});

describe('files over exitLens.maxFileSize', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({ settings: () => ({ maxFileSize: 2000 }) });
  });
  after(async () => {
    await c.stop();
  });

  test('get one clear "skipped: too large" notice, not one per keystroke, and are analyzed once they fit', async () => {
    const small = readFileSync(join(ROOT, 'examples', 'seed', '06_error_handling.py'), 'utf8');
    assert.ok(small.length < 1500);
    const big = small + '\n' + '# padding padding padding\n'.repeat(100);
    const ws = workspace({ 'big.py': big });
    try {
      const uri = await c.open(ws.path('big.py'), big);
      const first = await c.diagnosticsFor(uri);
      assert.equal(first.length, 1);
      assert.match(String(first[0]!.message), /skipped this file: too large \([\d,]+ characters, over the exitLens\.maxFileSize setting of 2,000\)/);
      assert.equal(first[0]!.severity, 3, 'information, not an error');
      for (let i = 0; i < 20; i++) await c.edit(uri, at(1), 'x');
      const later = await c.diagnosticsFor(uri);
      assert.equal(later.length, 1, 'still the one notice');
      const logged = () => c.logs.filter((l) => l.includes('big.py') && l.includes('too large')).length;
      assert.equal(logged(), 1, `logged once, not per keystroke:\n${c.logs.join('\n')}`);
      // Cut back under the limit: analyzed, with the real findings.
      await c.replaceAll(uri, small);
      const analyzed = await c.diagnosticsFor(uri);
      assert.ok(analyzed.length > 0 && analyzed.every((d) => !/too large/.test(String(d.message))));
      // Over again: reported again, once.
      await c.replaceAll(uri, big);
      assert.match(String((await c.diagnosticsFor(uri))[0]!.message), /too large/);
      assert.equal(logged(), 2);
      await c.close(uri);
    } finally {
      ws.dispose();
    }
  });
});
