// Node.js side of the core's host interface: files from disk, wasm from next to the bundle.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceHost } from '../core/host';
import type { WasmBinaries } from '../core/analyze';

/** Files larger than this are not analyzed (generated bundles); the caller reports it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export class InputError extends Error {}

/** What went wrong with a file system call, in words (the code stays for searching). */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'symbolic link loop',
    ENOTDIR: 'a part of the path is not a folder',
    ENAMETOOLONG: 'path too long',
    EISDIR: 'is a directory',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}

/** Reads a source file as text; rejects directories, huge files and binary content with a clear message. */
export function readSourceFile(path: string): string {
  const text = readSourceFileIfExists(path);
  if (text === undefined) throw new InputError(`${path}: cannot read: ${describeFsError({ code: 'ENOENT' })}`);
  return text;
}

/**
 * readSourceFile, except that a path that does not exist gives undefined, with no exception built
 * on the way: import resolution tries up to 17 candidate paths per import, most of them missing.
 */
export function readSourceFileIfExists(path: string): string | undefined {
  let size: number;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read: ${describeFsError(e)}`);
  }
  if (size > MAX_FILE_BYTES) throw new InputError(`${path}: file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    // Also a file deleted or made unreadable between the walk and this read.
    throw new InputError(`${path}: cannot read: ${describeFsError(e)}`);
  }
  // The size can change between stat and read (a file being written).
  if (buf.length > MAX_FILE_BYTES) throw new InputError(`${path}: file is ${buf.length} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  return decodeSource(buf, path);
}

/** UTF-8 (with or without BOM) or UTF-16 with BOM; NUL bytes mean binary. */
export function decodeSource(buf: Buffer, path: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf.includes(0)) throw new InputError(`${path}: looks binary (contains NUL bytes)`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

export function diskHost(): SourceHost {
  return {
    readFile(path) {
      try {
        return readSourceFileIfExists(path);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The wasm files are copied next to the bundles by scripts/build.mjs; when running from source
 * (tests under tsx) they come from node_modules.
 */
export function loadWasm(dir: string = __dirname): WasmBinaries {
  const local = (name: string) => join(dir, name);
  if (existsSync(local('tree-sitter.wasm')) && existsSync(local('tree-sitter-python.wasm'))) {
    return { treeSitter: readFileSync(local('tree-sitter.wasm')), python: readFileSync(local('tree-sitter-python.wasm')) };
  }
  return {
    treeSitter: readFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm')),
    python: readFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm')),
  };
}
