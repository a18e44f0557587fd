// Imports: which file a Python import loads, and when its top-level registrations happen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, py } from './helpers';

test('import x / from . import x / from pkg.mod import f / from .mod import f, in CPython order', async () => {
  const files = {
    'app/main.py': py`
      import atexit
      import util
      from pkg.mod import stop
      atexit.register(stop)
      atexit.register(util.bye)
    `,
    'app/util.py': py`
      import atexit
      def bye(): pass
      atexit.register(bye)
    `,
    'app/pkg/__init__.py': py`
      import atexit
      atexit.register(print, "pkg")
    `,
    'app/pkg/mod.py': py`
      import atexit
      from . import sub
      from .sub import flush
      def stop(): pass
      atexit.register(flush)
    `,
    'app/pkg/sub.py': py`
      import atexit
      def flush(): pass
      atexit.register(print, "sub")
    `,
  };
  const m = await analyze(files, 'app/main.py');
  try {
    assert.deepEqual(m.files, ['app/main.py', 'app/util.py', 'app/pkg/__init__.py', 'app/pkg/mod.py', 'app/pkg/sub.py']);
    assert.deepEqual(m.registrations.map((r) => `${r.location.file}:${r.location.range.start.line}:${r.handler.name}`), [
      'app/util.py:3:bye',
      'app/pkg/__init__.py:2:print',
      'app/pkg/sub.py:3:print',
      'app/pkg/mod.py:5:flush',
      'app/main.py:4:stop',
      'app/main.py:5:util.bye',
    ]);
    // Handlers imported from another module resolve to their definition there.
    assert.equal(m.registrations[4]!.handler.definition?.file, 'app/pkg/mod.py');
    assert.equal(m.registrations[3]!.handler.definition?.file, 'app/pkg/sub.py');
    // Plan entries from imported modules carry their file.
    const normal = m.plan.scenarios.normal.handlers;
    assert.deepEqual(normal.map((h) => h.file), ['app/main.py', 'app/main.py', 'app/pkg/mod.py', 'app/pkg/sub.py', 'app/pkg/__init__.py', 'app/util.py']);
    assert.equal(m.plan.scenarios.normal.complete, true);
    assert.ok(m.syntax.has('app/pkg/sub.py'));
  } finally {
    m.dispose();
  }
});

test('a module is executed once, at its first import', async () => {
  const files = {
    'main.py': 'import a\nimport b\nimport a\n',
    'a.py': 'import atexit\natexit.register(print, "a")\n',
    'b.py': 'import a\nimport atexit\natexit.register(print, "b")\n',
  };
  const m = await analyze(files);
  try {
    assert.deepEqual(m.registrations.map((r) => r.location.file), ['a.py', 'b.py']);
  } finally {
    m.dispose();
  }
});

test('a package directory: x/__init__.py', async () => {
  const files = {
    'main.py': 'import atexit\nimport svc\natexit.register(svc.shutdown)\n',
    'svc/__init__.py': 'def shutdown(): pass\n',
  };
  const m = await analyze(files);
  try {
    assert.equal(m.registrations[0]!.handler.form, 'function');
    assert.equal(m.registrations[0]!.handler.definition?.file, 'svc/__init__.py');
  } finally {
    m.dispose();
  }
});

test('an import inside an if is conditional for the registrations it runs', async () => {
  const files = {
    'main.py': 'import sys\nif sys.argv[1:]:\n    import plugin\n',
    'plugin.py': 'import atexit\natexit.register(print)\n',
  };
  const m = await analyze(files);
  try {
    assert.equal(m.registrations[0]!.certainty, 'conditional');
  } finally {
    m.dispose();
  }
});

test('unresolved third-party imports do not make a plan incomplete by themselves', async () => {
  const files = { 'main.py': 'import numpy as np\nimport requests\nimport atexit\natexit.register(print)\nnp.zeros(3)\n' };
  const m = await analyze(files);
  try {
    assert.equal(m.plan.scenarios.normal.complete, true);
    assert.equal(m.unknowns.length, 0);
  } finally {
    m.dispose();
  }
});

test('a handler imported from an unresolved module makes the plan incomplete', async () => {
  const files = { 'main.py': 'import atexit\nfrom vendorlib import shutdown_hook\natexit.register(shutdown_hook)\n' };
  const m = await analyze(files);
  try {
    assert.equal(m.registrations[0]!.handler.form, 'unknown');
    assert.equal(m.plan.scenarios.normal.complete, false);
    assert.match(m.unknowns[0]!.reason, /vendorlib/);
    assert.equal(m.unknowns[0]!.location.range.start.line, 3);
    // Nothing runs at a hard exit, whatever the analysis could not see.
    assert.equal(m.plan.scenarios['hard-exit'].complete, true);
  } finally {
    m.dispose();
  }
});

test('eval/exec/getattr registrations make the plan incomplete', async () => {
  for (const src of [
    'import atexit\neval(code)\n',
    'exec("import atexit; atexit.register(print)")\n',
    'import atexit\ngetattr(atexit, name)(print)\n',
  ]) {
    const m = await analyze({ 'main.py': src });
    try {
      assert.equal(m.plan.scenarios.normal.complete, false, src);
    } finally {
      m.dispose();
    }
  }
  const m = await analyze({ 'main.py': 'import atexit\ngetattr(atexit, "register")(print)\nexec("x = 1")\n' });
  try {
    assert.equal(m.plan.scenarios.normal.complete, true);
    assert.equal(m.registrations.length, 1);
  } finally {
    m.dispose();
  }
});

test('a circular import sees the partly initialized module and terminates', async () => {
  const files = {
    'main.py': 'import a\n',
    'a.py': 'import atexit\nimport b\natexit.register(print, "a")\n',
    'b.py': 'import a\nimport atexit\natexit.register(print, "b")\n',
  };
  const m = await analyze(files);
  try {
    assert.deepEqual(m.registrations.map((r) => r.location.file), ['b.py', 'a.py']);
  } finally {
    m.dispose();
  }
});
