import real from 'node-cleanup';
export default globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('node-cleanup', real);
