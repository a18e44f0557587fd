import real from 'death';
export default globalThis[Symbol.for('exit-lens.oracle.wrapLib')]('death', real);
