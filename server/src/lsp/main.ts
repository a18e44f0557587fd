// Entry of the bundled language server (dist/server.js) that the VS Code client starts.
import { startServer } from './server';
startServer(process.argv.slice(2));
