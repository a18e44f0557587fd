// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A TypeScript service class: typed arrow-property handlers, a readonly tuple of signals,
// `satisfies`, generics, and a static factory that starts it.
type Signal = 'SIGINT' | 'SIGTERM';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const satisfies readonly Signal[];

interface Closeable {
  close(): Promise<void> | void;
}

class Service<T extends Closeable> {
  private readonly resources: T[] = [];
  private closing = false;

  static start<R extends Closeable>(resources: R[]): Service<R> {
    const s = new Service<R>();
    s.resources.push(...resources);
    s.listen();
    return s;
  }

  private listen(): void {
    for (const sig of SIGNALS) process.once(sig, this.onSignal);
    process.on('exit', this.onExit);
  }

  private onSignal = (signal: Signal): void => {
    if (this.closing) return;
    this.closing = true;
    console.log(`service: ${signal}`);
    for (const r of this.resources) void r.close();
    process.exit(0);
  };

  private onExit = (code: number): void => {
    console.log(`service: exit ${code} closing=${this.closing}`);
  };
}

const svc = Service.start<Closeable>([{ close: () => console.log('db closed') }]);
void svc;
