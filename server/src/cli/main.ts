// `exit-lens` command line: argv -> analysis -> emitter, with the exit codes of cli-contract.md
// (0 clean, 1 findings at or above --fail-on, 2 usage/input/internal error with a one-line message).
import { createAnalyzer } from '../core/analyze';
import { languageOf, parseErrorLabel } from '../core/model';
import { planToJson, planToText } from '../core/planFormat';
import { diskHost, InputError, loadWasm, readSourceFile } from '../host/node';
import { runCheck } from './check';

declare const EXIT_LENS_VERSION: string | undefined;
const VERSION = typeof EXIT_LENS_VERSION === 'string' ? EXIT_LENS_VERSION : '0.0.0-dev';

const HELP = `exit-lens ${VERSION}: which exit handlers run, in which order, for each way a program ends

Usage:
  exit-lens plan FILE [--format text|json]
  exit-lens check PATH... [--format text|json|sarif] [--fail-on error|warning|info|never]
                          [--baseline FILE] [--config FILE] [--jobs N] [--no-fast-scan]
                          [--cache [--cache-location FILE]]
  exit-lens lsp --stdio
  exit-lens --help | --version

check options:
  --jobs N        analyze on N worker threads (default: the number of CPUs; with 2 CPUs or
                  fewer, 1 unless there are many files to analyze; 1 = in this process)
  --no-fast-scan  analyze every file; by default files that cannot matter are skipped unparsed
                  (no exit mechanism mentioned in them or in what they import; same findings;
                  also EXIT_LENS_FAST_SCAN=0)
  --cache         reuse the results of files whose inputs (the file, everything it imports or
                  probed for, the configuration, this build of exit-lens) are unchanged since the
                  last --cache run; kept in .exit-lens-cache or --cache-location FILE

Languages by extension: .py .pyw .pyi (Python); .js .mjs .cjs .jsx (JavaScript);
.ts .mts .cts .tsx (TypeScript).

Exit status: 0 nothing at or above --fail-on (default warning); 1 findings at or above it;
2 usage error, internal error, or no file could be analyzed (a path that cannot be read is
named on stderr and the others are still checked).
Lines and columns are 1-based; columns count UTF-16 code units, as LSP positions do.
`;

export class UsageError extends Error {}

/** Splits argv into positionals and --flag value pairs; boolean flags listed in `bools`. */
export function parseArgs(argv: string[], valued: string[], bools: string[] = []) {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (bools.includes(name)) {
        flags[name] = true;
        continue;
      }
      if (!valued.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else positionals.push(a);
  }
  return { positionals, flags };
}

async function plan(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, ['format']);
  const format = (flags.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (positionals.length !== 1) throw new UsageError('plan takes exactly one FILE');
  const file = positionals[0]!;
  // Reading first gives the precise error for a missing file or a directory.
  const text = readSourceFile(file);
  if (!languageOf(file)) throw new InputError(`${file}: unsupported file type (expected .py .pyw .pyi .js .mjs .cjs .jsx .ts .mts .cts .tsx)`);
  const analyzer = await createAnalyzer(loadWasm());
  const model = analyzer.analyze(file, text, diskHost());
  try {
    for (const e of model.parseErrors) {
      const { label, suffix } = parseErrorLabel(e, 'the plan covers the code that parsed');
      process.stderr.write(`${e.location.file}:${e.location.range.start.line}:${e.location.range.start.column}: ${label}: ${e.message}${suffix}\n`);
    }
    process.stdout.write(format === 'json' ? JSON.stringify(planToJson(model.plan), null, 2) + '\n' : planToText(model.plan, model.unknowns));
  } finally {
    model.dispose();
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case 'plan':
      return plan(rest);
    case 'check':
      return runCheck(rest);
    case 'lsp': {
      const { startServer } = await import('../lsp/server');
      startServer(rest);
      return -1; // keeps running
    }
    default:
      throw new UsageError(`unknown command '${command}' (try --help)`);
  }
}

/** Runs the CLI with process.argv and sets the exit code; the bundle's entry calls this. */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      const known = err instanceof UsageError || err instanceof InputError;
      const msg = err instanceof UsageError ? `usage: ${err.message}` : known ? (err as Error).message : `internal error: ${(err as Error)?.message ?? String(err)}`;
      process.stderr.write(`exit-lens: ${msg.split('\n')[0]}\n`);
      if (!known && process.env.EXIT_LENS_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
      process.exitCode = 2;
    },
  );
}
