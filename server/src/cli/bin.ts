// Entry of the bundled CLI (dist/cli.js).
import { run } from './main';

// A reader that stops early (`exit-lens check . --format json | head`) closes the pipe: stop
// quietly, as Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  process.stderr.write(`exit-lens: cannot write the output: ${e.message.split('\n')[0]}\n`);
  process.exit(2);
});
run();
