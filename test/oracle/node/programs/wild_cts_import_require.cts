// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A CommonJS TypeScript tool: `import x = require()` is rejected by type stripping, so it uses
// plain require with a type annotation; handlers are an object of methods registered by key.
const os: typeof import('node:os') = require('node:os');

const handlers: Record<'exit' | 'SIGINT' | 'SIGTERM', (arg: unknown) => void> = {
  exit(code) {
    console.log(`tool exit ${String(code)}`);
  },
  SIGINT() {
    console.log('interrupted');
    process.exit(130);
  },
  SIGTERM() {
    console.log('terminated');
    process.exit(128 + os.constants.signals.SIGTERM);
  },
};

for (const [event, fn] of Object.entries(handlers)) {
  process.on(event, fn);
}
