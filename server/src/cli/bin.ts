// Entry of the bundled CLI (dist/cli.js).
import { run } from './main';
run();
