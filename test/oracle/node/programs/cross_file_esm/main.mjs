// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// ESM imports are evaluated depth-first before main's body: queue.mjs (which imports store.mjs)
// registers its cleanup before main's own listener.
import { enqueue } from './queue.mjs';
import { save } from './store.mjs';

enqueue('email:welcome');
save('last-run', Date.now());

process.on('exit', () => console.log('main: bye'));
