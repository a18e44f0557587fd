// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// CommonJS TypeScript: temp directory cleanup on exit, crash report on uncaught exceptions.
const fs = require('node:fs') as typeof import('node:fs');
const os = require('node:os') as typeof import('node:os');
const path = require('node:path') as typeof import('node:path');

const dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'build-'));

function removeDir(): void {
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`removed ${dir}`);
}

process.on('exit', removeDir);
process.on('uncaughtException', (err: Error) => {
  console.error(`build crashed: ${err.message}`);
  process.exitCode = 1;
});
