// The analyzer never executes, imports or evaluates user code or configuration, proven at run
// time: every file of a project writes a marker file when it is executed (Python modules and
// packages, sitecustomize/conftest/setup.py, CommonJS, ESM with a dynamic import, TypeScript
// with decorators, a package.json "main" and install script, an exit library in node_modules,
// a JavaScript "config" passed to --config and one with a config-like name). First the fixture
// is shown to be live (running it with python3/node writes markers), then `check`, `plan` and
// the language server (diagnostics, hover, code actions, the workspace index) run over it, and
// no marker may appear. test/unit/security.test.ts checks the same statically.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { hoverText, LspClient } from '../lsp/lspClient';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'exit-lens.js');

function project(dir: string): Record<string, string> {
  const markers = join(dir, 'markers');
  const flat = (name: string) => name.replace(/\//g, '-');
  const py = (name: string) => `import os as _os\n_os.makedirs(${JSON.stringify(markers)}, exist_ok=True)\nopen(_os.path.join(${JSON.stringify(markers)}, ${JSON.stringify(flat(name))}), "w").write("ran")\n`;
  const js = (name: string) => `require('node:fs').mkdirSync(${JSON.stringify(markers)}, { recursive: true });\nrequire('node:fs').writeFileSync(${JSON.stringify(join(markers, flat(name)))}, 'ran');\n`;
  const esm = (name: string) => `import * as fs from 'node:fs';\nfs.mkdirSync(${JSON.stringify(markers)}, { recursive: true });\nfs.writeFileSync(${JSON.stringify(join(markers, name))}, 'ran');\n`;
  return {
    'main.py': `import atexit, time\nimport helper\nfrom pkg import mod\n${py('main.py')}exec("open('x', 'w')")\n\ndef slow():\n    time.sleep(5)\n\natexit.register(slow)\natexit.register(helper.bye)\n`,
    'helper.py': `${py('helper.py')}\ndef bye():\n    raise RuntimeError("bye")\n`,
    'pkg/__init__.py': py('pkg/__init__.py'),
    'pkg/mod.py': py('pkg/mod.py'),
    'sitecustomize.py': py('sitecustomize.py'),
    'conftest.py': py('conftest.py'),
    'setup.py': py('setup.py'),
    'main.js': `const helper = require('./helper');\nrequire('exit-hook');\n${js('main.js')}eval("1");\nprocess.on('exit', () => { throw new Error('x'); });\nprocess.on('exit', helper.bye);\n`,
    'helper.js': `${js('helper.js')}module.exports.bye = () => {};\n`,
    'esm.mjs': `import './esm-helper.mjs';\n${esm('esm.mjs')}await import('./esm-dyn.mjs');\nprocess.on('exit', () => { throw new Error('x'); });\n`,
    'esm-helper.mjs': esm('esm-helper.mjs'),
    'esm-dyn.mjs': esm('esm-dyn.mjs'),
    'app.ts': `${js('app.ts')}function logged(_t: unknown, _k: string) { ${js('decorator').replace(/\n/g, ' ')} }\nclass A { @logged m() {} }\nprocess.on('exit', () => { throw new Error(String(new A())); });\n`,
    'node_modules/exit-hook/package.json': JSON.stringify({ name: 'exit-hook', main: 'index.js' }),
    'node_modules/exit-hook/index.js': js('node_modules/exit-hook'),
    'package.json': JSON.stringify({ name: 'victim', main: 'evil-main.js', scripts: { postinstall: 'node evil-main.js', prepare: 'node evil-main.js' }, exitLens: { rules: { 'slow-handler': 'error' } } }),
    'evil-main.js': js('evil-main.js'),
    'exit-lens.config.js': js('exit-lens.config.js'),
    '.exit-lens.js': js('.exit-lens.js'),
    'evil.config.js': js('evil.config.js'),
    'pyproject.toml': `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "backend"\nbackend-path = ["."]\n`,
    'backend.py': py('backend.py'),
  };
}

function write(dir: string, files: Record<string, string>) {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
}

const markersOf = (dir: string) => (existsSync(join(dir, 'markers')) ? readdirSync(join(dir, 'markers'), { recursive: true }).map(String).sort() : []);

describe('the analyzer never runs the code or configuration it reads', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-noexec-')));
  write(dir, project(dir));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the fixture is live: running it writes markers', (t) => {
    const live = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-live-')));
    try {
      write(live, project(live));
      const node = spawnSync(process.execPath, ['main.js'], { cwd: live, encoding: 'utf8' });
      for (const m of ['main.js', 'helper.js', 'node_modules-exit-hook']) assert.ok(markersOf(live).includes(m), `${m} after node main.js: ${node.stderr}`);
      spawnSync(process.execPath, ['esm.mjs'], { cwd: live, encoding: 'utf8' });
      for (const m of ['esm.mjs', 'esm-helper.mjs', 'esm-dyn.mjs']) assert.ok(markersOf(live).includes(m), m);
      const py = spawnSync('python3', ['main.py'], { cwd: live, encoding: 'utf8' });
      if (py.error) {
        t.diagnostic('python3 not found: the Python half of the fixture is not shown live');
        return;
      }
      for (const m of ['main.py', 'helper.py', 'pkg-__init__.py', 'pkg-mod.py']) assert.ok(markersOf(live).includes(m), `${m} after python3 main.py: ${py.stderr}`);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });

  test('check and plan over it write no marker', () => {
    const runs: string[][] = [
      ['check', '.', '--format', 'json', '--fail-on', 'never'],
      ['check', '.', '--config', 'evil.config.js', '--format', 'sarif', '--fail-on', 'never'],
      ['check', 'exit-lens.config.js', '.exit-lens.js', 'evil-main.js', '--fail-on', 'never'],
      ['plan', 'main.py', '--format', 'json'],
      ['plan', 'main.js', '--format', 'json'],
      ['plan', 'esm.mjs'],
      ['plan', 'app.ts'],
    ];
    let analyzed = 0;
    for (const args of runs) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.ok(r.status === 0, `exit-lens ${args.join(' ')}: ${r.status}\n${r.stderr}`);
      if (args[2] === '--format' && args[3] === 'json' && args[0] === 'check') {
        const out = JSON.parse(r.stdout);
        analyzed = out.files;
        // It did read them: findings from main.py and the module it imports.
        assert.ok(out.diagnostics.some((d: { file: string; rule: string }) => d.file === 'main.py' && d.rule === 'slow-handler'));
      }
      if (args.includes('evil.config.js')) assert.match(r.stderr, /evil\.config\.js: \(file\): cannot parse/);
      assert.deepEqual(markersOf(dir), [], `exit-lens ${args.join(' ')} ran user code`);
    }
    assert.ok(analyzed >= 12, `check analyzed ${analyzed} files`);
  });

  test('the language server (diagnostics, hover, code actions, workspace index) writes no marker', async () => {
    const c = await LspClient.start({ workspaceFolders: [dir], cwd: dir });
    try {
      for (const f of ['main.py', 'main.js', 'esm.mjs', 'app.ts', 'helper.py', 'setup.py']) {
        const uri = await c.open(join(dir, f), readFileSync(join(dir, f), 'utf8'));
        const diags = await c.diagnosticsFor(uri);
        for (const d of diags) await c.codeActions(uri, d.range, [d]);
        if (f === 'main.py') {
          assert.ok(diags.some((d) => d.code === 'slow-handler'), JSON.stringify(diags));
          const line = readFileSync(join(dir, f), 'utf8').split('\n').findIndex((l) => l.startsWith('atexit.register(slow)'));
          assert.match(hoverText(await c.hover(uri, line, 3)), /slow/);
        }
      }
      // The workspace index reads the other files of the folder too.
      await c.fileChanged(join(dir, 'helper.py'), 2);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(markersOf(dir), []);
    } finally {
      await c.stop();
    }
    assert.deepEqual(markersOf(dir), []);
  });
});
