import * as real from 'signal-exit';
const w = globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('signal-exit', real);
export const onExit = w.onExit;
export const load = w.load;
export const unload = w.unload;
export const signals = w.signals;
