// The Python front end's shortcuts (issue 6) must give the model the full path gives:
// literal `NAME = value` lines bound from the source text, and the exit-call sweep that skips
// files by a text search for the names an exit can be called by.
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyze, brief, py, withModel } from './helpers';

test('literal assignments read from the text bind what evaluating them binds', async () => {
  // `(3)` is the same value through the full evaluation: the two programs must give the same model.
  const program = (wrap: (v: string) => string) => py`
    import atexit
    N = ${wrap('3')}  # three
    S = ${wrap("'a'")}
    FLAG = ${wrap('True')}
    NOTHING = ${wrap('None')}
    M = 1_0
    K = 2; atexit.register(print, "same line")
    def f():
        pass
    for i in range(N):
        atexit.register(f)
    if FLAG:
        atexit.register(print, "flag")
    if S == 'a':
        atexit.register(print, "s")
    if NOTHING is None:
        atexit.register(print, "none")
    for j in range(M):
        atexit.register(print, j)
  `;
  const fast = await withModel(program((v) => v), (m) => ({ regs: m.registrations.map(brief), plan: m.plan.scenarios.normal.handlers.map((h) => h.line) }));
  const full = await withModel(program((v) => `(${v})`), (m) => ({ regs: m.registrations.map(brief), plan: m.plan.scenarios.normal.handlers.map((h) => h.line) }));
  assert.deepEqual(fast, full);
  // range(N) with N = 3 unrolls to three registrations of f, and range(1_0) to ten.
  assert.equal(fast.regs.filter((r) => r.name === 'f').length, 3);
  assert.equal(fast.regs.filter((r) => r.line === 19).length, 10);
});

test('an exit called through a name another module binds is still found in a handler', async () => {
  const m = await analyze({
    'main.py': py`
      import atexit
      from helpers import bye

      def handler():
          bye(3)

      atexit.register(handler)
    `,
    'helpers.py': 'from sys import exit as bye\n',
  });
  try {
    const inHandler = m.exitCalls.filter((e) => e.location.file === 'main.py' && e.location.range.start.line === 5);
    assert.equal(inHandler.length, 1);
    assert.equal(inHandler[0]!.kind, 'exit');
    assert.equal(inHandler[0]!.context, 'handler');
  } finally {
    m.dispose();
  }
});

test('a file that names exit only as part of longer names has no swept exit', async () => {
  await withModel(
    py`
      import atexit
      class Ctx:
          def __exit__(self, *a):
              self.exitcode = 1
      def handler():
          sys_exit = 0
      atexit.register(handler)
    `,
    (m) => assert.equal(m.exitCalls.length, 0),
  );
});

test('the sweep asks the tree about each exit word only where that agrees with the function ranges', async () => {
  const { createPythonParser } = await import('../../../server/src/core/python/index');
  const { hasWord, noWordInFunction, outerDefs } = await import('../../../server/src/core/python/extract');
  const { loadWasm } = await import('../../../server/src/host/node');
  const wasm = loadWasm();
  const p = await createPythonParser(wasm.treeSitter, wasm.python);
  const names = ['exit', 'quit', '_exit', 'abort', 'kill', 'SystemExit'];
  const cases: Record<string, [string, boolean]> = {
    'only at the top level': ['import sys\n\ndef main():\n    return 0\n\nif __name__ == "__main__":\n    sys.exit(main())\n', true],
    'in a function': ['import sys\n\ndef f():\n    sys.exit(1)\n', false],
    'in a lambda at the top level': ['import signal, sys\nsignal.signal(2, lambda s, f: sys.exit(0))\n', false],
    'in a continuation line at column 0 inside a function': ['def f():\n    foo(\nexit())\n', false],
    'in a string inside a function': ['def f():\n    x = """\nexit\n"""\n    return x\n', false],
    'in a comment at column 0 between statements of a function': ['def f():\n    a = 1\n# exit\n    return a\n', false],
    'in an async method': ['class A:\n    async def stop(self):\n        raise SystemExit\n', false],
    'in a decorated function, and at the top level': ['import atexit, os\n\n@atexit.register\ndef bye():\n    os._exit(0)\n\nos._exit(1)\n', false],
    'in a string at the top level': ['MSG = "call exit() to leave"\n', true],
  };
  for (const [name, [src, expected]] of Object.entries(cases)) {
    const tree = p.parser.parse(src)!;
    try {
      assert.equal(tree.rootNode.hasError, false, name);
      const ranges = outerDefs(tree, src).flatMap((d) => [d.startIndex, d.endIndex]);
      const inFunction = names.some((w) => hasWord(src, w, ranges));
      assert.equal(noWordInFunction(tree, src, names), !inFunction, name);
      assert.equal(!inFunction, expected, name);
    } finally {
      tree.delete();
    }
  }
  // Past 16 occurrences it stops looking and answers "maybe" (the caller finds every function).
  const many = 'import sys\n' + 'sys.exit(0)\n'.repeat(17);
  const tree = p.parser.parse(many)!;
  assert.equal(noWordInFunction(tree, many, names), false);
  tree.delete();
});

test('an exit call on a continuation line inside a handler is still swept', async () => {
  const src = py`
    import atexit, sys
    def bye():
        print(
    sys.exit(3))
    atexit.register(bye)
    sys.exit(0)
  `;
  const exits = await withModel(src, (m) => m.exitCalls.map((e) => `${e.location.range.start.line}:${e.context}:${e.handlerOf !== undefined}`));
  assert.ok(exits.includes('4:handler:true'), JSON.stringify(exits));
});

test('handler facts find module-level names on demand exactly where the statement walk finds them', async () => {
  const { createPythonParser } = await import('../../../server/src/core/python/index');
  const { eagerTopLevel, lazyTopLevel } = await import('../../../server/src/core/facts/pythonTopLevel');
  const { loadWasm } = await import('../../../server/src/host/node');
  const wasm = loadWasm();
  const p = await createPythonParser(wasm.treeSitter, wasm.python);
  const src = [
    'import os, time as t',
    'from subprocess import run as go, call',
    'DOC = "def fake(): import fake_mod"  # def comment_fn(): import also_fake',
    'def helper(): pass',
    'def helper(): return 2',
    '@deco',
    'def decorated(): pass',
    'async def coro(): pass',
    'def \\',
    '    continued(): pass',
    'def outer():',
    '    import inner_mod',
    '    def nested(): pass',
    'class A:',
    '    import in_class',
    '    def m(self): pass',
    '    @staticmethod',
    '    def s(): pass',
    '    if True:',
    '        def in_if(self): pass',
    '    class B:',
    '        def deep(self): pass',
    '@register',
    'class D:',
    '    def d(self): pass',
    'if __name__ == "__main__":',
    '    def main(): pass',
    'elif x:',
    '    def in_elif(): pass',
    'else:',
    '    import in_else',
    'try:',
    '    import fast_json as json',
    'except ImportError:',
    '    def fallback(): pass',
    'else:',
    '    def try_else(): pass',
    'finally:',
    '    def fin(): pass',
    'for i in range(3):',
    '    def in_for(): pass',
    'with open("f") as fh:',
    '    def in_with(): pass',
    'def caf\u00e9(): pass',
    'x = [helper, decorated]',
  ].join('\n') + '\n';
  const tree = p.parser.parse(src)!;
  try {
    assert.equal(tree.rootNode.hasError, false);
    const eager = eagerTopLevel(tree.rootNode);
    const lazy = lazyTopLevel(tree.rootNode, src);
    const names = ['fake', 'comment_fn', 'helper', 'decorated', 'coro', 'continued', 'outer', 'nested', 'm', 's', 'in_if', 'deep', 'd', 'main', 'in_elif', 'fallback', 'try_else', 'fin', 'in_for', 'in_with', 'caf\u00e9', 'missing'];
    const keys = names.flatMap((n) => [n, `A.${n}`, `B.${n}`, `D.${n}`]);
    for (const k of keys) assert.equal(lazy.functions.get(k)?.startIndex, eager.functions.get(k)?.startIndex, k);
    const aliasKeys = ['os', 't', 'time', 'go', 'run', 'call', 'fake_mod', 'also_fake', 'inner_mod', 'in_class', 'in_else', 'json', 'fast_json', 'missing'];
    for (const k of aliasKeys) assert.equal(lazy.aliases.get(k), eager.aliases.get(k), k);
    // What the walk visits: the last of two definitions, methods of top-level classes (decorated
    // too, and in their `if` blocks), the blocks of if/elif/else and try/except/else/finally; not
    // nested functions, nested classes, loops, `with`, strings or comments.
    const found = keys.filter((k) => eager.functions.get(k));
    assert.deepEqual(found.sort(), ['A.in_if', 'A.m', 'A.s', 'D.d', 'caf\u00e9', 'continued', 'coro', 'decorated', 'fallback', 'fin', 'helper', 'in_elif', 'main', 'outer', 'try_else'].sort());
    assert.equal(eager.functions.get('helper')!.text, 'def helper(): return 2');
    assert.deepEqual(aliasKeys.filter((k) => eager.aliases.get(k)).map((k) => [k, eager.aliases.get(k)]), [
      ['os', 'os'], ['t', 'time'], ['go', 'subprocess.run'], ['call', 'subprocess.call'], ['in_class', 'in_class'], ['in_else', 'in_else'], ['json', 'fast_json'],
    ]);
  } finally {
    tree.delete();
  }
});
