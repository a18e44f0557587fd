// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// DisposableStack: defer, use and adopt run in reverse order when the stack is disposed.
interface Pool {
  end(): void;
}

function openPool(name: string): Pool & Disposable {
  return {
    end() {
      console.log(`pool ${name} ended`);
    },
    [Symbol.dispose]() {
      this.end();
    },
  };
}

function migrate(): void {
  using stack = new DisposableStack();
  stack.defer(() => console.log('release migration lock'));
  const pool = stack.use(openPool('primary'));
  stack.adopt(42, (fd: number) => console.log(`close fd ${fd}`));
  console.log('migrating with', typeof pool.end);
}

migrate();
const global = new DisposableStack();
global.defer(() => console.log('never: this stack is never disposed'));
process.on('exit', () => console.log('exit listener'));
