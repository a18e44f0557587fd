// Finding and reading the configuration nearest to a file. Reads go through a host, so the CLI
// reads the disk and the language server its open buffers; nothing here runs the config.
import { parse as parseToml } from 'smol-toml';
import { basename, dirname, join } from 'node:path';
import { defaultConfig, parseConfig, type ConfigError, type ExitLensConfig } from './schema';

export interface ConfigHost {
  readFile(path: string): string | undefined;
}

export interface LoadedConfig {
  config: ExitLensConfig;
  /** The file it came from; undefined for the defaults. */
  file?: string;
  /** Its folder: `ignore` globs are relative to it. */
  dir?: string;
  errors: ConfigError[];
}

export const CONFIG_FILES = ['.exit-lens.json', 'package.json', 'pyproject.toml'] as const;

/** Reads one configuration file; the format follows its name (pyproject.toml, package.json, else JSON). */
export function readConfigFile(file: string, host: ConfigHost, ruleIds: readonly string[]): LoadedConfig | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const name = basename(file);
  const dir = dirname(file);
  let raw: unknown;
  try {
    if (name.endsWith('.toml')) {
      const doc = parseToml(text) as { tool?: Record<string, unknown> };
      raw = doc.tool?.['exit-lens'];
    } else {
      const doc = JSON.parse(text) as Record<string, unknown>;
      raw = name === 'package.json' ? doc?.exitLens : doc;
    }
  } catch (e) {
    if (name === 'package.json') return undefined; // a broken package.json is not ours to report
    return { config: defaultConfig(), file, dir, errors: [{ file, key: '(file)', message: `cannot parse: ${oneLine(e)}` }] };
  }
  if (raw === undefined) return undefined;
  const { config, errors } = parseConfig(raw, file, ruleIds);
  return { config, file, dir, errors };
}

/** Reads one folder's configuration, if it has one. */
export function readConfigIn(dir: string, host: ConfigHost, ruleIds: readonly string[]): LoadedConfig | undefined {
  for (const name of CONFIG_FILES) {
    const found = readConfigFile(join(dir, name), host, ruleIds);
    if (found) return found;
  }
  return undefined;
}

/** Nearest configuration to `file` (absolute path), cached per folder. */
export function createConfigResolver(host: ConfigHost, ruleIds: readonly string[]) {
  const byDir = new Map<string, LoadedConfig>();
  const resolveDir = (dir: string): LoadedConfig => {
    const hit = byDir.get(dir);
    if (hit) return hit;
    const found = readConfigIn(dir, host, ruleIds);
    const parent = dirname(dir);
    const result = found ?? (parent === dir ? { config: defaultConfig(), errors: [] } : resolveDir(parent));
    byDir.set(dir, result);
    return result;
  };
  return (file: string): LoadedConfig => resolveDir(dirname(file));
}

/**
 * Parser messages can quote the text with its line breaks (JSON) or add a code frame (TOML,
 * which also gives line and column): one line, bounded.
 */
function oneLine(e: unknown): string {
  const err = e as Error & { line?: unknown; column?: unknown };
  if (typeof err.line === 'number' && typeof err.column === 'number') return `${err.message.split('\n')[0]} (line ${err.line}, column ${err.column})`;
  const m = String(err?.message ?? e).replace(/\s+/g, ' ').trim();
  return m.length > 160 ? m.slice(0, 159) + '…' : m;
}
