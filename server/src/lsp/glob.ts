// Glob matching for the configuration's `ignore` list, with the same library the CLI uses.
import picomatch from 'picomatch';

const cache = new Map<string, (s: string) => boolean>();

export function minimatch(path: string, glob: string): boolean {
  let m = cache.get(glob);
  if (!m) cache.set(glob, (m = picomatch(glob, { dot: true })));
  return m(path);
}
