// exit-lens-oracle: normal error=self
// A top-level `using` around a failing step: the throw unwinds the module, so the resource is
// disposed before the 'exit' listeners run.
class Lock implements Disposable {
  [Symbol.dispose](): void {
    console.log('lock released');
  }
}

process.on('exit', (code: number) => console.log(`exit ${code}`));
using lock = new Lock();
console.log('holding lock', lock instanceof Lock);
throw new Error('step 2 failed');
