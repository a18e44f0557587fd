import real from 'close-with-grace';
export default globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('close-with-grace', real);
