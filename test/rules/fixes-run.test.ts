// Apply-and-run: for fixes that change what happens at exit, run the program with the real
// runtime before and after the fix and check that the fixed one does what the fix promises.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/core/fixes';
import { check, js, py, type Code } from './tester';

async function fixed(code: Code, rule: string, title?: RegExp): Promise<string> {
  const { file, diagnostics } = await check(code);
  const d = diagnostics.find((x) => x.rule === rule);
  assert.ok(d, `no ${rule} finding`);
  const fix = d.fixes.find((f) => f.kind !== 'suppress' && (!title || title.test(f.title)));
  assert.ok(fix, `no fix on ${rule}`);
  return applyEdits(code.code, fix.edits, file);
}

function runFile(language: 'python' | 'javascript', source: string, timeout = 10_000) {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-fix-'));
  const file = join(dir, language === 'python' ? 'main.py' : 'main.js');
  writeFileSync(file, source);
  const r = spawnSync(language === 'python' ? 'python3' : process.execPath, [file], { encoding: 'utf8', timeout });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, timedOut: r.error !== undefined || r.signal === 'SIGTERM' };
}

/** Starts a program, waits for READY on stdout, sends SIGTERM, returns its output. */
function runAndTerminate(language: 'python' | 'javascript', source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-fix-'));
  const file = join(dir, language === 'python' ? 'main.py' : 'main.js');
  writeFileSync(file, source);
  return new Promise((resolve, reject) => {
    const child = spawn(language === 'python' ? 'python3' : process.execPath, ['-u', file].filter((a) => language === 'python' || a !== '-u'));
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; output so far: ${out}`));
    }, 10_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('READY') && !child.killed) child.kill('SIGTERM');
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

test('wrap in try/catch: after the fix, the later exit listeners run (node)', async () => {
  const code = js`
    process.on('exit', () => {
      JSON.parse('{ not json');
    });
    process.on('exit', () => console.log('later listener ran'));
  `;
  const before = runFile('javascript', code.code);
  assert.ok(!before.stdout.includes('later listener ran'));
  const after = runFile('javascript', await fixed(code, 'handler-may-throw'));
  assert.ok(after.stdout.includes('later listener ran'), after.stdout + after.stderr);
  assert.match(after.stderr, /SyntaxError/);
});

test('wrap in try/except: after the fix, the handler reports the error and the rest runs (python)', async () => {
  const code = py`
    import atexit

    def boom():
        raise RuntimeError("boom")

    atexit.register(lambda: boom())
    atexit.register(print, "registered first, runs last")
  `;
  const after = runFile('python', await fixed(code, 'handler-may-throw'));
  assert.equal(after.status, 0);
  assert.match(after.stderr, /RuntimeError: boom/);
  assert.ok(!after.stderr.includes('Exception ignored in atexit callback'), after.stderr);
  assert.match(after.stdout, /runs last/);
});

test('add a SIGTERM handler: after the fix, kill runs the atexit cleanup (python)', async () => {
  const code = py`
    import atexit
    import time

    def cleanup():
        print("cleanup ran", flush=True)

    atexit.register(cleanup)
    print("READY", flush=True)
    while True:
        time.sleep(0.1)
  `;
  assert.ok(!(await runAndTerminate('python', code.code)).includes('cleanup ran'));
  assert.ok((await runAndTerminate('python', await fixed(code, 'unhandled-termination-signal'))).includes('cleanup ran'));
});

test("add SIGTERM/SIGINT handlers: after the fix, kill runs the 'exit' listeners (node)", async () => {
  const code = js`
    process.on('exit', () => console.log('cleanup ran'));
    setInterval(() => {}, 1000);
    console.log('READY');
  `;
  assert.ok(!(await runAndTerminate('javascript', code.code)).includes('cleanup ran'));
  assert.ok((await runAndTerminate('javascript', await fixed(code, 'unhandled-termination-signal'))).includes('cleanup ran'));
});

test('os._exit -> sys.exit: after the fix, the atexit handlers run', async () => {
  const code = py`
    import atexit
    import os

    atexit.register(print, "cleanup ran")
    os._exit(3)
  `;
  assert.ok(!runFile('python', code.code).stdout.includes('cleanup ran'));
  const after = runFile('python', await fixed(code, 'hard-exit-skips-handlers'));
  assert.match(after.stdout, /cleanup ran/);
  assert.equal(after.status, 3);
});

test('late binding: after the fix, each handler sees its own value', async () => {
  const code = py`
    import atexit
    for name in ["a", "b", "c"]:
        atexit.register(lambda: print("closing", name))
  `;
  assert.equal(runFile('python', code.code).stdout, 'closing c\nclosing c\nclosing c\n');
  assert.equal(runFile('python', await fixed(code, 'late-binding-closure')).stdout, 'closing c\nclosing b\nclosing a\n');
});

test("before-exit once: after the fix, the program ends", async () => {
  const code = js`
    let n = 0;
    process.on('beforeExit', () => {
      setTimeout(() => { n++; }, 1);
    });
    process.on('exit', () => console.log('exited'));
  `;
  assert.ok(runFile('javascript', code.code, 1500).timedOut);
  const after = runFile('javascript', await fixed(code, 'before-exit-reschedules'));
  assert.equal(after.stdout, 'exited\n');
});

test('async handler: after the fix, the coroutine really runs', async () => {
  const code = py`
    import atexit

    async def close_pool():
        print("pool closed")

    atexit.register(close_pool)
  `;
  assert.ok(!runFile('python', code.code).stdout.includes('pool closed'));
  assert.equal(runFile('python', await fixed(code, 'async-handler')).stdout, 'pool closed\n');
});

test('exit inside an exit listener -> exitCode: the later listeners run and the code is kept', async () => {
  const code = js`
    process.on('exit', () => { process.exit(4); });
    process.on('exit', () => console.log('later ran'));
  `;
  const before = runFile('javascript', code.code);
  assert.equal(before.stdout, '');
  const after = runFile('javascript', await fixed(code, 'exit-inside-handler'));
  assert.equal(after.stdout, 'later ran\n');
  assert.equal(after.status, 4);
});

test("async 'exit' listener -> once 'beforeExit': after the fix, the awaited work runs at the natural end (node)", async () => {
  const code = js`
    process.on('exit', async () => {
      await new Promise((r) => setTimeout(r, 20));
      console.log('flushed');
    });
    console.log('main done');
  `;
  const before = runFile('javascript', code.code);
  assert.equal(before.stdout, 'main done\n');
  const after = runFile('javascript', await fixed(code, 'async-handler', /beforeExit/));
  assert.equal(after.stdout, 'main done\nflushed\n');
  assert.equal(after.status, 0);
  assert.ok(!after.timedOut);
});
