// The analyzer never executes, imports or evaluates user code or configuration: a static check
// of every source file that ships (server/src, client/src) with the TypeScript parser (so a
// method named `eval` or the word "child_process" in a string table does not count).
// Forbidden: eval(), new Function()/Function(), child_process, cluster, process.dlopen,
// module.createRequire, require()/import() of anything but a string literal, and string code in
// setTimeout/setInterval. Worker threads only in cli/pool.ts, on the bundle's own worker file;
// node:vm only in lsp/server.ts, and every vm call anywhere only with constant code.
// test/cli/no-exec.test.ts proves the same at run time with programs that would leave a marker.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (/\.[cm]?tsx?$/.test(p) && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const FORBIDDEN_MODULES = /^(node:)?(child_process|cluster|module|repl|inspector)$/;
/** Modules allowed only in the listed files, with why. */
const ALLOWED_ONLY_IN: Record<string, { files: string[]; why: string }> = {
  worker_threads: { files: ['server/src/cli/pool.ts', 'server/src/lsp/indexWorker.ts'], why: 'the check worker pool and the server\'s workspace index run our own bundled files' },
  // Every vm call must have constant code (checked below): runInNewContext('gc') gets V8's gc.
  vm: { files: ['server/src/lsp/server.ts', 'server/src/lsp/codeCache.ts'], why: 'the server fetches V8\'s gc function with constant code, and compiles its own dist/typescript.js with a code cache' },
};
/** The one file whose vm calls compile code that is not a literal: the bundle's own TypeScript, read from next to it (checked below). */
const VM_COMPILES_OWN_BUNDLE = 'server/src/lsp/codeCache.ts';
/** vm entry points that compile code: only ever with a string literal. */
const VM_CODE = /^(runInNewContext|runInContext|runInThisContext|compileFunction|Script|SourceTextModule)$/;

interface Finding {
  file: string;
  line: number;
  what: string;
}

function scan(file: string): Finding[] {
  const rel = relative(root, file).split('\\').join('/');
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Finding[] = [];
  const at = (n: ts.Node, what: string) => out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
  const moduleUse = (n: ts.Node, spec: string) => {
    const bare = spec.replace(/^node:/, '');
    if (FORBIDDEN_MODULES.test(spec)) at(n, `uses module ${spec}`);
    const only = ALLOWED_ONLY_IN[bare];
    if (only && !only.files.includes(rel)) at(n, `uses module ${spec} outside ${only.files.join(', ')}`);
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      // Type-only imports vanish at compile time.
      const typeOnly = ts.isImportDeclaration(n) ? !!n.importClause?.isTypeOnly : n.isTypeOnly;
      if (!typeOnly) moduleUse(n, n.moduleSpecifier.text);
    }
    if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      moduleUse(n, n.moduleReference.expression.text);
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const arg = n.arguments[0];
      const literal = !!arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg));
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        if (!literal) at(n, 'import() of a computed specifier');
        else moduleUse(n, (arg as ts.StringLiteral).text);
      } else if (ts.isIdentifier(callee)) {
        if (callee.text === 'eval') at(n, 'eval()');
        if (callee.text === 'Function') at(n, 'Function()');
        if (callee.text === 'require') {
          if (!literal) at(n, 'require() of a computed specifier');
          else moduleUse(n, (arg as ts.StringLiteral).text);
        }
        if ((callee.text === 'setTimeout' || callee.text === 'setInterval') && arg && (ts.isStringLiteral(arg) || ts.isTemplateExpression(arg))) at(n, `${callee.text} with code in a string`);
      } else if (ts.isPropertyAccessExpression(callee)) {
        const name = callee.name.text;
        const obj = callee.expression.getText(sf);
        if (name === 'eval' && /^(globalThis|window|global|self)$/.test(obj)) at(n, `${obj}.eval()`);
        if (name === 'dlopen') at(n, `${obj}.dlopen()`);
        if (name === 'createRequire') at(n, 'createRequire()');
        if (obj === 'require' && (name === 'resolve' || name === 'call' || name === 'apply') && !literal) at(n, `require.${name}() of a computed specifier`);
        if (VM_CODE.test(name) && !literal && rel !== VM_COMPILES_OWN_BUNDLE) at(n, `${obj}.${name}() of computed code`);
      }
      // A vm function imported by name (`import { runInThisContext } from 'node:vm'`).
      if (ts.isIdentifier(callee) && VM_CODE.test(callee.text) && !literal && rel !== VM_COMPILES_OWN_BUNDLE) at(n, `${callee.text}() of computed code`);
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Function') at(n, 'new Function()');
    const ctor = ts.isNewExpression(n) ? (ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : ts.isIdentifier(n.expression) ? n.expression.text : undefined) : undefined;
    if (ts.isNewExpression(n) && ctor && VM_CODE.test(ctor) && rel !== VM_COMPILES_OWN_BUNDLE) {
      const a = n.arguments?.[0];
      if (!a || !(ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a))) at(n, `new ${n.expression.getText(sf)}() of computed code`);
    }
    // The code cache loader compiles what it is given: only ever the bundle's own typescript.js.
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'requireWithCodeCache' && n.arguments[1]?.getText(sf) !== "join(__dirname, 'typescript.js')") {
      at(n, 'requireWithCodeCache() of anything but the bundle\'s own typescript.js');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('shipped code never evaluates, spawns or loads code it is given (static check)', () => {
  // lazyTypeScript.js: the server bundle's stand-in for `typescript`, which loads dist/typescript.js.
  const files = [...tsFiles(join(root, 'server/src')), ...tsFiles(join(root, 'client/src')), join(root, 'server/src/lsp/lazyTypeScript.js')];
  assert.ok(files.length > 40, 'the sources were found');
  const bad = files.flatMap(scan).map((f) => `${f.file}:${f.line}: ${f.what}`);
  assert.deepEqual(bad, []);
});

test('the static check itself finds each forbidden construct, and not its look-alikes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-sec-'));
  const scanText = (text: string) => {
    const p = join(dir, 'probe.ts');
    writeFileSync(p, text);
    return scan(p);
  };
  try {
    const samples = [
      'eval(code);',
      'globalThis.eval(code);',
      'new Function("return 1");',
      'Function("x")();',
      "import vm from 'node:vm';",
      "import { execSync } from 'child_process';",
      'const m = require(userPath);',
      "const m2 = require('node:child_process');",
      'await import(userPath);',
      "import('node:vm');",
      'setTimeout("alert(1)", 1);',
      'process.dlopen(module, p);',
      "import { createRequire } from 'node:module';",
      "import { Worker } from 'node:worker_threads';",
      'vm.runInNewContext(code);',
      'new vm.Script(source);',
      'new Script(source);',
      'runInThisContext(source);',
      "requireWithCodeCache(require, userPath);",
    ];
    assert.deepEqual(samples.filter((s) => scanText(s).length === 0), [], 'every sample must be caught');
    // A method named eval, a string naming child_process, literal imports of safe modules, type-only imports.
    assert.deepEqual(scanText("this.eval(x); obj.eval(y); const s = 'child_process.execSync'; import('../lsp/server'); require('node:fs'); import type { X } from 'node:vm';"), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
