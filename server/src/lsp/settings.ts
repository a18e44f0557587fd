// The one definition of the editor settings. The server reads them per resource through
// `workspace/configuration`; package.json's `contributes.configuration` is generated from
// SETTINGS_SCHEMA (scripts/package-manifest.mjs) and test/package/settings.test.ts fails on drift.
// Settings are never held globally on the server: each request asks for its document's settings.

export const SETTINGS_SECTION = 'exitLens';

export type RuleSeverityOverride = 'error' | 'warning' | 'info' | 'off';

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  debounceMs: number;
  codeLens: { enable: boolean };
  hover: { enable: boolean };
  maxFileSize: number;
  rules: Record<string, RuleSeverityOverride>;
}

/** A JSON-schema subset, exactly what VS Code's `contributes.configuration.properties` accepts. */
export interface SettingSchema {
  type: 'boolean' | 'string' | 'number' | 'object';
  default: unknown;
  description: string;
  enum?: string[];
  enumDescriptions?: string[];
  minimum?: number;
  maximum?: number;
  additionalProperties?: { type: string; enum: string[] };
  scope: 'resource' | 'window';
}

const SEVERITIES: RuleSeverityOverride[] = ['error', 'warning', 'info', 'off'];

/** Keys are the full setting ids as users write them in settings.json. Order is the display order. */
export const SETTINGS_SCHEMA: Record<string, SettingSchema> = {
  'exitLens.enable': {
    type: 'boolean',
    default: true,
    description: 'Analyze exit handlers in this folder (diagnostics, hover, code lens).',
    scope: 'resource',
  },
  'exitLens.run': {
    type: 'string',
    enum: ['onType', 'onSave'],
    enumDescriptions: ['Analyze as you type.', 'Analyze when the file is opened and saved.'],
    default: 'onType',
    description: 'When diagnostics are computed.',
    scope: 'resource',
  },
  'exitLens.debounceMs': {
    type: 'number',
    default: 0,
    minimum: 0,
    maximum: 5000,
    description: 'Milliseconds to wait after the last keystroke before analyzing (with `exitLens.run` = `onType`). 0 (the default): at once; edits made while an analysis runs are analyzed together right after it.',
    scope: 'resource',
  },
  'exitLens.codeLens.enable': {
    type: 'boolean',
    default: true,
    description: 'Show a code lens above each exit-handler registration with its place in the exit order ("exit #2 of 4 · skipped on SIGTERM").',
    scope: 'resource',
  },
  'exitLens.hover.enable': {
    type: 'boolean',
    default: true,
    description: 'Show the exit order in each scenario when hovering a registration or a handler.',
    scope: 'resource',
  },
  'exitLens.maxFileSize': {
    type: 'number',
    default: 1000000,
    minimum: 1000,
    description: 'Files larger than this many characters are not analyzed (generated or minified code).',
    scope: 'resource',
  },
  'exitLens.rules': {
    type: 'object',
    default: {},
    additionalProperties: { type: 'string', enum: SEVERITIES },
    description: 'Severity per rule id, overriding the configuration file, e.g. `{"slow-handler": "off", "handler-may-throw": "info"}`.',
    scope: 'resource',
  },
  'exitLens.trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the communication between VS Code and the Exit Lens language server (in the output channel).',
    scope: 'window',
  },
};

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  debounceMs: 0,
  codeLens: { enable: true },
  hover: { enable: true },
  maxFileSize: 1000000,
  rules: {},
};

function bool(v: unknown, d: boolean): boolean {
  return typeof v === 'boolean' ? v : d;
}

function num(v: unknown, d: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
}

/**
 * Normalises what the client sent for the `exitLens` section (possibly nothing, possibly
 * garbage from a hand-edited settings.json) into complete settings; bad values fall back to defaults.
 */
export function settingsFrom(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const sub = (k: string) => (r[k] && typeof r[k] === 'object' ? (r[k] as Record<string, unknown>) : {});
  const rules: Record<string, RuleSeverityOverride> = {};
  for (const [id, sev] of Object.entries(sub('rules'))) {
    if (SEVERITIES.includes(sev as RuleSeverityOverride)) rules[id] = sev as RuleSeverityOverride;
  }
  return {
    enable: bool(r.enable, DEFAULT_SETTINGS.enable),
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    debounceMs: num(r.debounceMs, DEFAULT_SETTINGS.debounceMs, 0, 5000),
    codeLens: { enable: bool(sub('codeLens').enable, true) },
    hover: { enable: bool(sub('hover').enable, true) },
    maxFileSize: num(r.maxFileSize, DEFAULT_SETTINGS.maxFileSize, 1000, Number.MAX_SAFE_INTEGER),
    rules,
  };
}

/** The `contributes.configuration` object of package.json, derived from SETTINGS_SCHEMA. */
export function contributedConfiguration(): { title: string; properties: Record<string, SettingSchema> } {
  return { title: 'Exit Lens', properties: SETTINGS_SCHEMA };
}
