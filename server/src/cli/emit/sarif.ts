// `check --format sarif`: SARIF 2.1.0, one run; the rule descriptors come from the rule modules
// (the same source as docs/rules/*.md), fixes become SARIF fixes.
import type { Diagnostic } from '../../core/diagnostics';
import type { Range } from '../../core/model';
import { ruleDocsUrl, type Rule } from '../../core/rules/rule';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function uri(file: string): string {
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}

function region(r: Range) {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

/** Docs without the H2 "Example"/"Use instead" code, as plain text for `fullDescription`. */
function firstParagraph(md: string): string {
  const m = /## What it does\s*\n([\s\S]*?)(\n## |$)/.exec(md);
  return (m?.[1] ?? md).trim();
}

export function ruleDescriptor(rule: Rule) {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_, __: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: rule.summary[0]!.toUpperCase() + rule.summary.slice(1) },
    fullDescription: { text: firstParagraph(rule.docs) },
    helpUri: ruleDocsUrl(rule.id),
    help: { text: firstParagraph(rule.docs), markdown: rule.docs.trim() },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { languages: [...rule.languages], fix: rule.fix },
  };
}

export function checkToSarif(diagnostics: Diagnostic[], rules: readonly Rule[], version: string, cwdUri: string) {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Exit Lens',
            informationUri: 'https://github.com/exit-lens/exit-lens',
            version,
            semanticVersion: /^\d+\.\d+\.\d+/.test(version) ? version : undefined,
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri.endsWith('/') ? cwdUri : cwdUri + '/' } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => {
          const location = (file: string, r: Range) => ({ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' }, region: region(r) } });
          const fixes = d.fixes.filter((f) => f.kind !== 'suppress');
          return {
            ruleId: d.rule,
            ...(index.has(d.rule) ? { ruleIndex: index.get(d.rule)! } : {}),
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [location(d.file, d.range)],
            ...(d.related.length ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, ...location(r.location.file, r.location.range), message: { text: r.message } })) } : {}),
            ...(fixes.length
              ? {
                  fixes: fixes.map((f) => {
                    const byFile = new Map<string, typeof f.edits>();
                    for (const e of f.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
                    return {
                      description: { text: f.title },
                      artifactChanges: [...byFile].map(([file, edits]) => ({
                        artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
                        replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                      })),
                    };
                  }),
                }
              : {}),
          };
        }),
      },
    ],
  };
}
