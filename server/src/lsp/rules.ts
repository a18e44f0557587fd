// The seam to the rules engine (server/src/core/check.ts) and the configuration files
// (server/src/config): the server depends on the core Diagnostic type and these few functions.
import { minimatch } from './glob';
import { relative, sep } from 'node:path';
import { runRules, type CheckConfig } from '../core/check';
import type { Diagnostic, Fix } from '../core/diagnostics';
import { createFixBuilder, type FixBuilder } from '../core/fixes';
import type { AnalyzeOptions, SourceHost } from '../core/host';
import type { ExitModel, Registration } from '../core/model';
import { RULES } from '../core/rules';
import { createConfigResolver, type LoadedConfig } from '../config/load';
import type { RuleSeverityOverride } from './settings';

export interface RulesInput {
  model: ExitModel;
  text: string;
  host: SourceHost;
  config: LoadedConfig;
  /** Editor settings win over the configuration file. */
  severities: Record<string, RuleSeverityOverride>;
}

/** Diagnostics of the model's entry file (other files get their own when they are opened). */
export function runRulesOn(input: RulesInput): Diagnostic[] {
  const c = input.config.config;
  const config: CheckConfig = { ...c, rules: { ...c.rules, ...input.severities } };
  const text = (file: string) => (file === input.model.file ? input.text : input.host.readFile(file));
  return runRules(input.model, text, config).filter((d) => d.file === input.model.file);
}

/** Finds the configuration nearest to a file; cached per folder until `reset` (a config file changed). */
export class Configs {
  private resolve: (file: string) => LoadedConfig;
  constructor(private readonly host: SourceHost) {
    this.resolve = this.fresh();
  }
  private fresh() {
    return createConfigResolver(this.host, RULES.map((r) => r.id));
  }
  reset(): void {
    this.resolve = this.fresh();
  }
  of(file: string): LoadedConfig {
    return this.resolve(file);
  }
}

export function analyzeOptionsOf(config: LoadedConfig): AnalyzeOptions {
  const c = config.config;
  return {
    python: { ...(c.python.version ? { version: c.python.version } : {}), ...(c.python.startMethod ? { startMethod: c.python.startMethod } : {}) },
    node: { ...(c.node.version ? { version: c.node.version } : {}) },
  };
}

/** Whether the configuration's `ignore` globs (relative to its folder) exclude `file`. */
export function isIgnored(config: LoadedConfig, file: string): boolean {
  if (!config.dir || config.config.ignore.length === 0) return false;
  const rel = relative(config.dir, file).split(sep).join('/');
  if (rel.startsWith('..')) return false;
  return config.config.ignore.some((g) => minimatch(rel, g));
}

/** Fix builders of the core over the analysis' files (the open buffer first, via the host). */
export function fixBuilderFor(model: ExitModel, text: string, host: SourceHost): FixBuilder {
  return createFixBuilder(model, (file) => (file === model.file ? text : host.readFile(file)));
}

/** The "wrap handler in try/except (try/catch)" refactor for a registration's handler, when buildable. */
export function wrapHandlerFix(builder: FixBuilder, reg: Registration): Fix | undefined {
  return builder.wrapInTry(reg);
}
