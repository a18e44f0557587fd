// The one definition of Exit Lens configuration: every option, its type, its default and what it
// means. Parsing validates against it; the docs (docs/rules/configuration.md) are generated from it.
// Configuration is data: it is parsed, never executed.
import type { Severity } from '../core/diagnostics';
import type { PythonStartMethod } from '../core/host';
import picomatch from 'picomatch';

/** Why a glob cannot be compiled, or undefined when it can. */
function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'empty';
  try {
    picomatch.makeRe(glob, { dot: true, debug: true });
    return undefined;
  } catch (e) {
    return ((e as Error).message.split(': ').pop() ?? 'malformed').trim();
  }
}

export type RuleSetting = Severity | 'off';

export interface ExitLensConfig {
  rules: Record<string, RuleSetting>;
  slowCalls: string[];
  ignore: string[];
  python: { version?: string; startMethod?: PythonStartMethod };
  node: { version?: number };
}

export interface ConfigError {
  /** The configuration file. */
  file: string;
  /** Dotted key path: `rules.slow-handler`, `python.version`. */
  key: string;
  message: string;
}

export const PYTHON_VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];
const SEVERITIES: RuleSetting[] = ['error', 'warning', 'info', 'off'];
const START_METHODS: PythonStartMethod[] = ['fork', 'spawn', 'forkserver'];

interface OptionSpec {
  key: string;
  type: string;
  default: string;
  description: string;
  /** Returns an error message, or undefined when the value is valid. */
  check(value: unknown, ctx: { ruleIds: readonly string[]; key: string; errors: Array<[string, string]> }): string | undefined;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export const OPTIONS: OptionSpec[] = [
  {
    key: 'rules',
    type: '{ [rule-id]: "error" | "warning" | "info" | "off" }',
    default: '{} (every rule at its default severity)',
    description: 'Severity per rule, or `off` to turn a rule off.',
    check(v, ctx) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object mapping rule ids to a severity';
      for (const [id, s] of Object.entries(v)) {
        if (!ctx.ruleIds.includes(id)) ctx.errors.push([`rules.${id}`, `unknown rule id (known: ${ctx.ruleIds.join(', ')})`]);
        else if (!SEVERITIES.includes(s as RuleSetting)) ctx.errors.push([`rules.${id}`, `must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(s)}`]);
      }
      return undefined;
    },
  },
  {
    key: 'slowCalls',
    type: 'string[]',
    default: '[]',
    description: 'More calls that `slow-handler` treats as blocking, as written in code or fully qualified (`mylib.flush_all`, `db.vacuum`).',
    check: (v) => (isStringArray(v) ? undefined : 'must be an array of strings'),
  },
  {
    key: 'ignore',
    type: 'string[]',
    default: '[]',
    description: 'Glob patterns (relative to the configuration file) of files `exit-lens check` skips, on top of `.gitignore`.',
    check(v, ctx) {
      if (!isStringArray(v)) return 'must be an array of glob strings';
      // picomatch turns a malformed glob into a pattern that matches nothing, silently.
      v.forEach((g, i) => {
        const why = globProblem(g);
        if (why) ctx.errors.push([`ignore[${i}]`, `${JSON.stringify(g)} is not a valid glob (${why})`]);
      });
      return undefined;
    },
  },
  {
    key: 'python',
    type: '{ version?: "3.8".."3.14", startMethod?: "fork" | "spawn" | "forkserver" }',
    default: '{} (version 3.12; start method: the platform default of that version)',
    description: 'The Python the program runs on: semantics that changed between versions follow `version`; `startMethod` is the multiprocessing start method the program uses.',
    check(v, ctx) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
      for (const [k, val] of Object.entries(v)) {
        if (k === 'version') {
          const s = typeof val === 'number' ? String(val) : val;
          if (typeof s !== 'string' || !PYTHON_VERSIONS.includes(s)) ctx.errors.push(['python.version', `must be one of ${PYTHON_VERSIONS.join(', ')} (a string), not ${JSON.stringify(val)}`]);
        } else if (k === 'startMethod') {
          if (!START_METHODS.includes(val as PythonStartMethod)) ctx.errors.push(['python.startMethod', `must be one of ${START_METHODS.join(', ')}, not ${JSON.stringify(val)}`]);
        } else ctx.errors.push([`python.${k}`, 'unknown key (known: version, startMethod)']);
      }
      return undefined;
    },
  },
  {
    key: 'node',
    type: '{ version?: number }',
    default: '{} (version 20)',
    description: 'The Node.js major version the program runs on.',
    check(v, ctx) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
      for (const [k, val] of Object.entries(v)) {
        if (k === 'version') {
          const n = typeof val === 'string' ? Number(val.replace(/^v/, '').split('.')[0]) : val;
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 12 || n > 30) ctx.errors.push(['node.version', `must be a Node.js major version such as 20, not ${JSON.stringify(val)}`]);
        } else ctx.errors.push([`node.${k}`, 'unknown key (known: version)']);
      }
      return undefined;
    },
  },
];

export function defaultConfig(): ExitLensConfig {
  return { rules: {}, slowCalls: [], ignore: [], python: {}, node: {} };
}

/**
 * Validates raw configuration data. Invalid entries are dropped (with an error naming the file
 * and the key), valid ones kept, so the analysis goes on with defaults where the config is wrong.
 */
export function parseConfig(raw: unknown, file: string, ruleIds: readonly string[]): { config: ExitLensConfig; errors: ConfigError[] } {
  const config = defaultConfig();
  const errors: ConfigError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, errors: [{ file, key: '(root)', message: 'configuration must be an object' }] };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    const spec = OPTIONS.find((o) => o.key === key);
    if (!spec) {
      errors.push({ file, key, message: `unknown key (known: ${OPTIONS.map((o) => o.key).join(', ')})` });
      continue;
    }
    const nested: Array<[string, string]> = [];
    const msg = spec.check(value, { ruleIds, key, errors: nested });
    if (msg) {
      errors.push({ file, key, message: msg });
      continue;
    }
    for (const [k, m] of nested) errors.push({ file, key: k, message: m });
    const bad = new Set(nested.map(([k]) => k));
    switch (key) {
      case 'rules':
        for (const [id, s] of Object.entries(value as Record<string, RuleSetting>)) if (!bad.has(`rules.${id}`)) config.rules[id] = s;
        break;
      case 'slowCalls':
        config.slowCalls = value as string[];
        break;
      case 'ignore':
        config.ignore = (value as string[]).filter((_, i) => !bad.has(`ignore[${i}]`));
        break;
      case 'python': {
        const v = value as Record<string, unknown>;
        if (v.version !== undefined && !bad.has('python.version')) config.python.version = String(v.version);
        if (v.startMethod !== undefined && !bad.has('python.startMethod')) config.python.startMethod = v.startMethod as PythonStartMethod;
        break;
      }
      case 'node': {
        const v = value as Record<string, unknown>;
        if (v.version !== undefined && !bad.has('node.version')) config.node.version = typeof v.version === 'string' ? Number(v.version.replace(/^v/, '').split('.')[0]) : (v.version as number);
        break;
      }
    }
  }
  return { config, errors };
}

/** Markdown documentation of every option (generated into docs/rules/configuration.md). */
export function configDocs(): string {
  const rows = OPTIONS.map((o) => `| \`${o.key}\` | \`${o.type.replace(/\|/g, '\\|')}\` | ${o.default} | ${o.description} |`);
  return [
    '# Configuration',
    '',
    'Exit Lens reads the configuration nearest to each file: `.exit-lens.json`, the `"exitLens"` key of `package.json`, or the `[tool.exit-lens]` table of `pyproject.toml` (in that order within one folder).',
    'Configuration is data: it is parsed, never executed.',
    'An unknown key or a bad value is reported with the file and the key, and the analysis goes on with the defaults for it.',
    '',
    '| key | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '```json',
    '{',
    '  "rules": { "slow-handler": "error", "exit-truncates-output": "off" },',
    '  "slowCalls": ["mylib.flush_all"],',
    '  "ignore": ["generated/**"],',
    '  "python": { "version": "3.12", "startMethod": "spawn" },',
    '  "node": { "version": 22 }',
    '}',
    '```',
    '',
    '```toml',
    '[tool.exit-lens]',
    'slowCalls = ["mylib.flush_all"]',
    'python = { version = "3.12" }',
    '',
    '[tool.exit-lens.rules]',
    'slow-handler = "error"',
    '```',
    '',
  ].join('\n');
}
