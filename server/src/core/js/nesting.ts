// TypeScript's parser is recursive descent: a few hundred brackets nested in one another exhaust
// the JS stack (generated or minified code, fuzzers). Rather than lose the whole file, the front
// end parses it again with what lies deeper than a bound blanked out.

/**
 * `text` with the inside of every bracket ((), [], {}, `${`) that opens inside `max` others replaced
 * by spaces (line breaks kept, so every offset, line and column stays where it was), or undefined
 * when nothing is nested that deep. Strings, template literals and comments are skipped so their
 * brackets do not count; regular expressions are not told apart from division, so a bracket in
 * one may shift the count: this only runs after the parser has already failed on the file.
 */
export function flattenDeepNesting(text: string, max: number): { text: string; line: number } | undefined {
  const out = text.split('');
  let depth = 0;
  // Depths at which a template literal's `${` was opened: its `}` returns to the template.
  const templates: number[] = [];
  let blankFrom = -1;
  let firstLine = 0;
  const open = (at: number) => {
    depth++;
    if (depth === max + 1 && blankFrom < 0) {
      blankFrom = at + 1;
      if (!firstLine) firstLine = text.slice(0, at).split('\n').length;
    }
  };
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const skipString = (i: number, q: string): number => {
    for (let j = i + 1; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') j++;
      else if (c === q || c === '\n') return j;
    }
    return text.length;
  };
  /** From inside a template at `i`, the index of its closing backtick, or of a `${` (returned as its `{`). */
  const skipTemplate = (i: number): number => {
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') j++;
      else if (c === '`') return j;
      else if (c === '$' && text[j + 1] === '{') return j + 1;
    }
    return text.length;
  };
  /** Past the template text from `i`: after its closing backtick, or after a `${` (then open). */
  const templateText = (i: number): number => {
    const j = skipTemplate(i);
    if (text[j] === '{') {
      templates.push(depth);
      open(j);
    }
    return j + 1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      i = skipString(i, c) + 1;
      continue;
    }
    if (c === '`') {
      i = templateText(i + 1);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      open(i);
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === max + 1 && blankFrom >= 0) {
        blank(blankFrom, i);
        blankFrom = -1;
      }
      depth = Math.max(0, depth - 1);
      if (c === '}' && templates.length && templates[templates.length - 1] === depth) {
        // Back inside the template literal: on to its next `${` or its end.
        templates.pop();
        i = templateText(i + 1);
        continue;
      }
    }
    i++;
  }
  if (blankFrom >= 0) blank(blankFrom, text.length);
  return firstLine ? { text: out.join(''), line: firstLine } : undefined;
}
