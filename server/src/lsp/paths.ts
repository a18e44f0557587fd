// URI <-> file-system path conversion happens only here (the core speaks in paths).
import { basename, dirname, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PLAN_EXTENSION, PLAN_SCHEME } from './protocol';

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  python: '.py',
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

/**
 * The path the core analyzes for a document. `file:` URIs map to their path; unsaved (untitled)
 * buffers get a pseudo path with an extension from their language, so the core picks the right
 * front end; their imports simply do not resolve.
 */
export function documentPath(uri: string, languageId?: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  if (uri.startsWith('untitled:')) {
    const name = decodeURIComponent(uri.slice('untitled:'.length)).replace(/[\\/]/g, '_');
    const ext = (languageId && EXTENSION_BY_LANGUAGE[languageId]) ?? '';
    return `${sep}untitled${sep}${name}${/\.[a-z]+$/i.test(name) ? '' : ext}`;
  }
  return undefined;
}

/** The path of a file: URI, or undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** `exit-lens-plan:/abs/app.py.exitplan` for the plan of `file:///abs/app.py`. */
export function planUriFor(sourceUri: string): string | undefined {
  const path = uriToPath(sourceUri);
  if (!path) return undefined;
  return `${PLAN_SCHEME}:${pathToFileURL(path).pathname}${PLAN_EXTENSION}`;
}

/** The source document's URI of a plan document URI, or undefined when it is not one. */
export function sourceUriOfPlan(planUri: string): string | undefined {
  if (!planUri.startsWith(`${PLAN_SCHEME}:`)) return undefined;
  let rest = planUri.slice(PLAN_SCHEME.length + 1).replace(/^\/\/[^/]*/, '');
  const q = rest.search(/[?#]/);
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.endsWith(PLAN_EXTENSION)) return undefined;
  return `file://${rest.slice(0, -PLAN_EXTENSION.length)}`;
}

/** A short, readable name for `path` seen from `fromFile`: the base name for the same folder. */
export function displayPath(path: string, fromFile: string): string {
  if (path === fromFile) return basename(path);
  const rel = relative(dirname(fromFile), path);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
}
