// The module-level names of a Python file the handler facts resolve calls with: imports (local
// name -> qualified module path) and functions and methods by name. Two ways to the same answers:
// a walk of the top-level statements, and lookups on demand from the text (facts/python.ts picks).
import type { Node } from 'web-tree-sitter';

export interface Lookup<T> {
  get(key: string): T | undefined;
}

export interface TopLevel {
  /** Local name -> qualified module path (`sleep` -> `time.sleep`, `sp` -> `subprocess`). */
  aliases: Lookup<string>;
  /** Top-level functions and class methods by name (`helper`, `Class.method`). */
  functions: Lookup<Node>;
}

/** Clauses of `if`/`try` whose blocks collectTopLevel enters. */
const CLAUSES = new Set(['else_clause', 'except_clause', 'elif_clause', 'finally_clause']);

/** Every statement walked once: works on any tree, including one torn by syntax errors. */
export function eagerTopLevel(root: Node): { aliases: Map<string, string>; functions: Map<string, Node> } {
  const aliases = new Map<string, string>();
  const functions = new Map<string, Node>();
  collectTopLevel(aliases, functions, root, undefined);
  return { aliases, functions };
}

/** The top-level statements collectTopLevel visits: imports, functions, classes (once), and the blocks of `if`/`try`. */
function collectTopLevel(aliases: Map<string, string>, functions: Map<string, Node>, block: Node, className: string | undefined) {
  for (const stmt of block.namedChildren) {
    if (!stmt) continue;
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (!def) continue;
    if (def.type === 'function_definition') {
      const name = def.childForFieldName('name')?.text;
      if (name) functions.set(className ? `${className}.${name}` : name, def);
    } else if (def.type === 'class_definition' && !className) {
      const name = def.childForFieldName('name')?.text;
      const body = def.childForFieldName('body');
      if (name && body) collectTopLevel(aliases, functions, body, name);
    } else if (def.type === 'import_statement' || def.type === 'import_from_statement') {
      addImport(aliases, def);
    } else if (def.type === 'if_statement' || def.type === 'try_statement') {
      // `if __name__ == "__main__":` and `try: import x` blocks still define module names.
      for (const c of def.namedChildren) {
        if (c?.type === 'block') collectTopLevel(aliases, functions, c, className);
        else if (c && CLAUSES.has(c.type)) {
          const b = c.namedChildren.find((n) => n?.type === 'block');
          if (b) collectTopLevel(aliases, functions, b, className);
        }
      }
    }
  }
}

function addImport(aliases: Map<string, string>, def: Node) {
  if (def.type === 'import_statement') {
    for (const c of def.namedChildren) {
      if (c?.type === 'dotted_name') aliases.set(c.text.split('.')[0]!, c.text.split('.')[0]!);
      else if (c?.type === 'aliased_import') {
        const name = c.childForFieldName('name')?.text;
        const alias = c.childForFieldName('alias')?.text;
        if (name && alias) aliases.set(alias, name);
      }
    }
    return;
  }
  const mod = def.childForFieldName('module_name')?.text;
  if (!mod) return;
  for (const c of def.childrenForFieldName('name')) {
    if (!c) continue;
    if (c.type === 'dotted_name') aliases.set(c.text, `${mod}.${c.text}`);
    else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text;
      const alias = c.childForFieldName('alias')?.text;
      if (name && alias) aliases.set(alias, `${mod}.${name}`);
    }
  }
}

/**
 * The same answers as collectTopLevel for a tree without syntax errors, found on demand from the
 * text: a handler asks for a few names, while walking every statement of a 5k-line file costs a
 * WASM call per node on every edit. Each `def NAME` / `import` keyword in the text is looked up in
 * the tree and kept only where collectTopLevel would have visited its statement (`placement`);
 * of several definitions the last one wins, as with Map.set in source order.
 */
export function lazyTopLevel(root: Node, text: string): TopLevel {
  let aliases: Map<string, string> | undefined;
  let defs: Map<string, number[]> | undefined;
  const functions = new Map<string, Node | undefined>();
  const placement = (stmt: Node): false | { cls?: string } => {
    const s = stmt.parent?.type === 'decorated_definition' ? stmt.parent : stmt;
    const p = s.parent;
    if (!p) return false;
    if (p.type === 'module') return p.id === root.id ? {} : false;
    const g = p.type === 'block' ? p.parent : null;
    if (!g) return false;
    if (g.type === 'class_definition') {
      const name = g.childForFieldName('name')?.text;
      if (!name || g.childForFieldName('body')?.id !== p.id) return false;
      const up = placement(g);
      return up && up.cls === undefined ? { cls: name } : false;
    }
    if (g.type === 'if_statement' || g.type === 'try_statement') return placement(g);
    if (CLAUSES.has(g.type)) {
      const gg = g.parent;
      if (!gg || (gg.type !== 'if_statement' && gg.type !== 'try_statement')) return false;
      if (g.namedChildren.find((n) => n?.type === 'block')?.id !== p.id) return false;
      return placement(gg);
    }
    return false;
  };
  return {
    aliases: {
      get(key) {
        if (!aliases) {
          aliases = new Map();
          for (const m of text.matchAll(/(?<![A-Za-z0-9_])import(?![A-Za-z0-9_])/g)) {
            const token = root.descendantForIndex(m.index);
            // In a string or comment the smallest node there is not the keyword token.
            if (!token || token.isNamed || token.type !== 'import' || token.startIndex !== m.index) continue;
            const stmt = token.parent;
            if (stmt && (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') && placement(stmt)) addImport(aliases, stmt);
          }
        }
        return aliases.get(key);
      },
    },
    functions: {
      get(key) {
        if (functions.has(key)) return functions.get(key);
        if (!defs) {
          // One pass over the text: each `def` keyword, then blanks or backslash continuations (nothing
          // else can come between), then what may be a name (a superset: the tree decides).
          defs = new Map();
          for (const m of text.matchAll(/(?<![A-Za-z0-9_])def(?:[ \t\f]|\\\r?\n|\\\r)+([^\s()\\:,;=.#'"[\]{}]+)/g)) {
            const at = m.index + m[0].length - m[1]!.length;
            const list = defs.get(m[1]!);
            if (list) list.push(at);
            else defs.set(m[1]!, [at]);
          }
        }
        const dot = key.indexOf('.');
        const cls = dot >= 0 ? key.slice(0, dot) : undefined;
        const name = dot >= 0 ? key.slice(dot + 1) : key;
        const starts = cls === '' ? undefined : defs.get(name);
        let found: Node | undefined;
        // The last definition in the text wins, as the statement walk's Map.set in source order.
        for (let i = (starts?.length ?? 0) - 1; i >= 0 && !found; i--) {
          const start = starts![i]!;
          const id = root.descendantForIndex(start);
          if (!id || id.type !== 'identifier' || id.startIndex !== start || id.endIndex !== start + name.length) continue;
          const def = id.parent;
          if (def?.type !== 'function_definition' || def.childForFieldName('name')?.id !== id.id) continue;
          const place = placement(def);
          if (place && place.cls === cls) found = def;
        }
        functions.set(key, found);
        return found;
      },
    },
  };
}

