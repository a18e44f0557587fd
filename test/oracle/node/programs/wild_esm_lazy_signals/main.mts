// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A TS service split into modules: a lifecycle registry, a db module using signal-exit, a
// re-exported module, plugins loaded with a computed import() and signal wiring loaded lazily
// with a literal `await import()`.
import { registerShutdown, shutdownAll } from './lifecycle.ts';
import * as db from './db.ts';
export * from './reexport.ts';

registerShutdown('db', () => db.close());
const plugins = ['cache', 'metrics'] as const;
for (const name of plugins) {
  const mod = await import(`./plugins/${name}.ts`).catch(() => null);
  void mod;
}
const { installSignals } = await import('./signals.ts');
installSignals(shutdownAll);
process.on('exit', () => console.log('main exit'));
