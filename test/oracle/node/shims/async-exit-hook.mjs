import real from 'async-exit-hook';
export default globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('async-exit-hook', real);
