// The fast scan (server/src/core/scan.ts): what it lets go of must be what the analysis would find
// nothing in. Each project below is written to disk and every file is both scanned and analyzed
// (scan off): a file the scan skips must give no registration, removal, plan entry or finding.
// The expected skip/keep decisions show the scan is not trivially "keep everything".
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { createAnalyzer, type Analyzer } from '../../../server/src/core/analyze';
import { runRules } from '../../../server/src/core/check';
import { joinPath as jsFrontEndJoin } from '../../../server/src/core/js/extract';
import { languageOf, SCENARIOS } from '../../../server/src/core/model';
import { FastScan, jsJoinPath, jsRelativeSpecifiers, mentionsExitMechanism, pythonImports } from '../../../server/src/core/scan';
import { scanHost } from '../../../server/src/cli/check';
import { diskHost, loadWasm } from '../../../server/src/host/node';

let analyzerP: Promise<Analyzer> | undefined;
const analyzer = () => (analyzerP ??= createAnalyzer(loadWasm()));

/** `files` maps a path to [text, 'skip' | 'keep'] (the decision expected for it as an entry). */
type Project = Record<string, [string, 'skip' | 'keep']>;

async function checkProject(project: Project): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-scan-'));
  for (const [p, [text]] of Object.entries(project)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const a = await analyzer();
  const disk = diskHost();
  const scan = new FastScan(scanHost(new Map(), disk));
  for (const [p, [, expected]] of Object.entries(project)) {
    const file = join(dir, p);
    if (!languageOf(file)) continue;
    const text = readFileSync(file, 'utf8');
    const skipped = scan.canSkip(file, text);
    const model = a.analyze(file, text, disk);
    try {
      const findings = runRules(model, (f) => (f === file ? text : disk.readFile(f)));
      if (skipped) {
        // Soundness: nothing the analysis sees is lost.
        assert.deepEqual(model.registrations.map((r) => r.mechanism), [], `${p}: skipped but registers`);
        assert.deepEqual(model.removals.map((r) => r.mechanism), [], `${p}: skipped but removes`);
        for (const s of SCENARIOS) {
          assert.equal(model.plan.scenarios[s].handlers.length, 0, `${p}: skipped but ${s} runs handlers`);
          assert.equal(model.plan.scenarios[s].skipped.length, 0, `${p}: skipped but ${s} skips handlers`);
        }
        assert.deepEqual(findings.map((d) => d.rule), [], `${p}: skipped but has findings`);
      }
      assert.equal(skipped ? 'skip' : 'keep', expected, `${relative(dir, file)}: expected ${expected}`);
    } finally {
      model.dispose();
    }
  }
}

test('Python: the scan keeps what registers, directly or through any import, and skips the rest', async () => {
  await checkProject({
    'helper.py': ['import atexit\n\ndef bye():\n    print("bye")\n\natexit.register(bye)\n', 'keep'],
    'plain.py': ['import os, json\nprint(os.getcwd(), json.dumps({}))\n', 'skip'],
    'exits.py': ['import sys\nprint("x")\nsys.exit(3)\n', 'skip'],
    'raises.py': ['raise ValueError("boom")\n', 'skip'],
    'threads.py': ['import threading\n\ndef work():\n    pass\n\nt = threading.Thread(target=work)\nt.start()\n', 'skip'],
    'uses_helper.py': ['import helper\nprint(1)\n', 'keep'],
    'uses_helper_continued.py': ['from \\\n  helper import bye\n', 'keep'],
    'uses_plain.py': ['import plain\nfrom plain import os\n', 'skip'],
    'pkg/__init__.py': ['', 'skip'],
    'pkg/sub.py': ['import signal\nimport sys\nsignal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))\n', 'keep'],
    'from_pkg.py': ['from pkg import sub\n', 'keep'],
    'from_pkg_paren.py': ['from pkg import (  # a comment with a ) in it\n    other,\n    sub,\n)\n', 'keep'],
    'import_dotted.py': ['import pkg.sub as s\n', 'keep'],
    'relative.py': ['from . import helper\n', 'keep'],
    'relative_spaced.py': ['from . . pkg import sub\n', 'skip'], // two levels up from the project: no pkg there
    'deep/relative_spaced.py': ['from . . pkg import sub\n', 'keep'],
    'dynamic.py': ['m = __import__("at" "exit")\nm.register(print)\n', 'keep'],
    'dynamic_lib.py': ['import importlib\nimportlib.import_module("pkg.sub")\n', 'keep'],
    'getattr_builtins.py': ['import builtins\ngetattr(builtins, "__imp" "ort__")("at" "exit").register(print)\n', 'keep'],
    'finalizer.py': ['import weakref\n\nclass A:\n    pass\n\na = A()\nweakref.finalize(a, print, "gone")\n', 'keep'],
    'stack.py': ['from contextlib import ExitStack\nwith ExitStack() as st:\n    st.callback(print, "x")\n', 'keep'],
    'suppress.py': ['x = 1  # exit-lens: ignore[slow-handler]\n', 'keep'],
    'words.py': ['"""Signals and handlers are not mentioned as modules: signals, atexit_like, my_signal."""\nprint(1)\n', 'skip'],
    'sub/entry.py': ['import helper\n', 'skip'], // sys.path[0] is sub/: ../helper.py is not importable
    'sub/helper.py': ['print("no exit machinery")\n', 'skip'],
  });
});

test('Python: a module without the use that registers is skipped; the pair counts across the whole import closure', async () => {
  await checkProject({
    'sig_consts.py': ['import os, signal\nos.kill(os.getpid(), 0)\nprint(signal.SIGTERM, signal . SIGINT)\nfrom signal import SIGTERM\n', 'skip'],
    'sig_fn.py': ['import signal, sys\nsignal . signal(signal.SIGTERM, lambda s, f: sys.exit(1))\n', 'keep'],
    'sig_from.py': ['from signal import SIGTERM, signal\nsignal(SIGTERM, print)\n', 'keep'],
    'sig_star.py': ['from signal import *\nreg = signal\nreg(SIGTERM, print)\n', 'keep'],
    'sig_alias.py': ['import signal as s\ns.signal(s.SIGTERM, print)\n', 'keep'],
    'weak_ref.py': ['import weakref\n\nclass A:\n    pass\n\nr = weakref.ref(A())\n', 'skip'],
    'ctx_plain.py': ['import contextlib\n\n@contextlib.contextmanager\ndef cm():\n    yield\n\nwith contextlib.suppress(OSError), cm():\n    pass\n', 'skip'],
    'ctx_stack.py': ['import contextlib\nwith contextlib.AsyncExitStack() as s:\n    s.callback(print)\n', 'keep'],
    'imp_plain.py': ['import importlib\nimportlib.invalidate_caches()\n', 'skip'],
    'imp_module.py': ['import importlib as il\nil.import_module("sig_fn")\n', 'keep'],
    'bi_plain.py': ['import builtins\nprint(builtins.len([]))\n', 'skip'],
    // The module object in one file, the use in another: the pair is judged over the closure.
    'holder.py': ['import weakref\nw = weakref\n', 'skip'],
    'user.py': ['from holder import w\n\nclass A:\n    pass\n\na = A()\nw.finalize(a, print, "gone")\n', 'keep'],
    'sig_holder.py': ['import signal\nsig = signal\n', 'keep'], // `sig = signal`: the bare name may be the function
    'ga_holder.py': ['import contextlib\nm = contextlib\n', 'skip'],
    'ga_user.py': ['import ga_holder\nS = getattr(ga_holder.m, "Exit" "Stack")\nwith S() as s:\n    s.callback(print, "x")\n', 'keep'],
    'ga_alone.py': ['x = getattr(object(), "y", None)\n', 'skip'],
  });
});

test('JS/TS: the scan keeps what reaches process, the libraries or using, and skips the rest', async () => {
  await checkProject({
    'helper.js': ["process.on('exit', () => console.log('bye'));\nmodule.exports = {};\n", 'keep'],
    'reg.mjs': ["import process from 'node:process';\nprocess.on('exit', () => {});\n", 'keep'],
    'reg.ts': ["process.once('SIGTERM', () => process.exit(143));\nexport const x = 1;\n", 'keep'],
    'plain.js': ["const path = require('path');\nconsole.log(process.env.HOME, process.argv.length, process.platform, path.sep);\n", 'skip'],
    'typeof.js': ["if (typeof process !== 'undefined' && process.versions) console.log(process.version);\nconst isNode = typeof process === 'object';\n", 'skip'],
    'tick.js': ['process.nextTick(() => console.log(1));\nprocess.exitCode = 2;\n', 'skip'],
    'data.js': ["const d = require('./data.json');\nconsole.log(d);\n", 'skip'],
    'data.json': ['{}', 'skip'],
    'uses_helper.js': ["require('./helper');\n", 'keep'],
    'uses_helper_comment.js': ["require(/* why */ ('./helper'));\n", 'keep'],
    'imports_reg.mjs': ["import './reg.mjs';\n", 'keep'],
    'ts_mapping.ts': ["import { x } from './reg.js';\nconsole.log(x);\n", 'keep'],
    'reexport.mjs': ["export * from './reg.mjs';\n", 'keep'],
    'dynamic.mjs': ["await import('./reg.mjs');\n", 'keep'],
    'uses_plain.js': ["require('./plain');\nrequire('./plain.js');\n", 'skip'],
    'escaped.js': ["const p = require('\\u0070rocess');\np.on('exit', () => {});\n", 'keep'],
    'escaped_ident.js': ["\\u0070rocess.on('exit', () => {});\n", 'keep'],
    'escaped_spec.js': ["require('.\\x2fhelper');\n", 'keep'],
    'destructure.js': ['const { on } = process;\n', 'keep'],
    'global.js': ["globalThis.process.on('exit', () => {});\n", 'keep'],
    'element.js': ["const g = globalThis;\ng['process'].on('exit', () => {});\n", 'keep'],
    'fallback.js': ["const x = process || {};\nx.on('exit', () => {});\n", 'keep'],
    'exit.js': ["console.log('done');\nprocess.exit(0);\n", 'keep'],
    'using.ts': ['{\n  using res = { [Symbol.dispose]() { console.log("x"); } };\n}\n', 'keep'],
    'using_comment.ts': ['// we keep using the old API here\nexport const y = 2;\n', 'skip'],
    'stack.js': ['const s = new DisposableStack();\ns.defer(() => {});\n', 'keep'],
    'lib.mjs': ["import { onExit } from 'signal-exit';\nonExit(() => {});\n", 'keep'],
    'death.js': ["require('death')(() => {});\n", 'keep'],
    'deathly.js': ["const deathly = 'death star';\nconsole.log(deathly);\n", 'skip'],
    'suppress.js': ['// exit-lens-ignore slow-handler\nconsole.log(1);\n', 'keep'],
  });
});

test('mentions: tokens in context', () => {
  assert.equal(mentionsExitMechanism('process.env.X', 'javascript'), false);
  assert.equal(mentionsExitMechanism('process . env', 'javascript'), false);
  assert.equal(mentionsExitMechanism('process.on("exit", f)', 'javascript'), true);
  assert.equal(mentionsExitMechanism('process &&= x', 'javascript'), true);
  assert.equal(mentionsExitMechanism('process && process.env', 'javascript'), false);
  assert.equal(mentionsExitMechanism('typeof process.on', 'javascript'), true);
  assert.equal(mentionsExitMechanism('childProcess.on("exit")', 'javascript'), false);
  assert.equal(mentionsExitMechanism('f(process)', 'javascript'), true);
  assert.equal(mentionsExitMechanism("const s = 'pro\\\ncess';", 'javascript'), true, 'a line continuation joins the token');
  assert.equal(mentionsExitMechanism('import signals\nfrom django import signal_handlers', 'python'), false);
  assert.equal(mentionsExitMechanism('import signal', 'python'), false, 'the module alone registers nothing');
  assert.equal(mentionsExitMechanism('import signal\nsignal.signal(2, f)', 'python'), true);
  assert.equal(mentionsExitMechanism('x = __builtins__', 'python'), false);
  assert.equal(mentionsExitMechanism('x = getattr(__builtins__, n)', 'python'), true);
  assert.equal(mentionsExitMechanism('import atexit', 'python'), true);
});

test('imports: over-approximated specifiers and Python import statements', () => {
  assert.deepEqual(jsRelativeSpecifiers("import a from './a';\nconst b = require(\"../b\");\nimport('/abs/c');\nconst s = 'x'.split('.');\nrequire('./d.json');"), ['./a', '../b', '/abs/c', '.split(', '.']);
  assert.deepEqual(
    pythonImports('import a.b as c, d\nfrom ..pkg import (x,\n  y)\nfrom . import z\n').map((r) => `${r.level}:${r.dotted}:${r.names.join(',')}`),
    ['2:pkg:x,y', '1::z', '0:a.b:', '0:c:', '0:d:', '0:x:', '0:y:', '0:z:'],
  );
});

test("jsJoinPath is the JS front end's joinPath", () => {
  for (const [dir, rel] of [['a/b', './c'], ['a/b', '../c'], ['', './c'], ['/x', '/y/../z'], ['a', '../../c'], ['.', './x'], ['a/b', '.'], ['/', '..']]) {
    assert.equal(jsJoinPath(dir!, rel!), jsFrontEndJoin(dir!, rel!), `${dir} + ${rel}`);
  }
});
