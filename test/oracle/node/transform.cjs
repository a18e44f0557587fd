'use strict';
// Line-preserving source rewriting for the oracle, shared by the CJS (_compile) and ESM (load hook) paths:
// - `using x = init` / `await using x = init` -> `using x = HOOK(init, file, line, isAsync)`, so the
//   disposal can be attributed to its declaration (V8's stack inside [Symbol.dispose] only shows the
//   end of the scope, not the declaration);
// - the scenario's ending call appended on a new line at the end of the entry module.
// Nothing is inserted across lines, so every line number the runtime reports stays the source's.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let ts;
function typescript() {
  // The repository's own TypeScript (the analyzer's parser), found from this folder upwards.
  if (!ts) ts = require(require.resolve('typescript', { paths: [__dirname] }));
  return ts;
}

function usingEdits(content, filename) {
  const t = typescript();
  const ext = path.extname(filename).toLowerCase();
  const kind = /^\.[mc]?ts$/.test(ext) ? t.ScriptKind.TS : ext === '.tsx' ? t.ScriptKind.TSX : t.ScriptKind.JS;
  const sf = t.createSourceFile(filename, content, t.ScriptTarget.Latest, true, kind);
  const edits = [];
  const visit = (node) => {
    if (t.isVariableDeclarationList(node)) {
      const flags = node.flags & t.NodeFlags.BlockScoped;
      const isUsing = flags === t.NodeFlags.Using || flags === t.NodeFlags.AwaitUsing;
      if (isUsing) {
        const isAsync = flags === t.NodeFlags.AwaitUsing;
        // The declaration's line: the `using` (or `await`) keyword.
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        for (const d of node.declarations) {
          if (!d.initializer) continue; // `for (using x of xs)`: not attributed (see README)
          edits.push({ pos: d.initializer.getStart(sf), text: `globalThis[Symbol.for('exit-lens.oracle.using')](` });
          edits.push({ pos: d.initializer.end, text: `, ${JSON.stringify(filename)}, ${line}, ${isAsync})` });
        }
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return edits;
}

/**
 * Edits are cached on disk by file name and content: loading TypeScript costs about half a second
 * of CPU, and each fixture runs once per scenario.
 */
const CACHE_VERSION = 'using-edits/1'; // bump when usingEdits changes

function cachedUsingEdits(content, filename) {
  const dir = path.join(os.tmpdir(), 'exit-lens-oracle-using-cache');
  const key = crypto.createHash('sha256').update(`${CACHE_VERSION}\0${filename}\0`).update(content).digest('hex');
  const file = path.join(dir, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {}
  const edits = usingEdits(content, filename);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(edits));
    fs.renameSync(tmp, file); // atomic: parallel runs of the same fixture never read half a file
  } catch {}
  return edits;
}

function transformSource(content, filename, ending) {
  let out = content;
  // Cheap test first: TypeScript is loaded only for sources that declare something with `using`.
  if (USING_DECL.test(content)) {
    const edits = cachedUsingEdits(content, filename).sort((a, b) => b.pos - a.pos);
    for (const e of edits) out = out.slice(0, e.pos) + e.text + out.slice(e.pos);
  }
  if (ending) out += `\n${ending}\n`;
  return out;
}

const USING_DECL = /\busing\s+[A-Za-z_$][\w$]*\s*=/;

module.exports = { transformSource, USING_DECL };
