import * as real from 'exit-hook';
const w = globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('exit-hook', real);
export default w.default;
export const asyncExitHook = w.asyncExitHook;
export const gracefulExit = w.gracefulExit;
