// Entry of the bundled language server (dist/server.js) that the VS Code client starts. The same
// file runs as the workspace index's worker thread (indexWorker.ts).
import { isIndexWorker, runIndexWorker } from './indexWorker';
import { startServer } from './server';
if (isIndexWorker()) void runIndexWorker();
else startServer(process.argv.slice(2), { indexWorkerBundle: __filename });
