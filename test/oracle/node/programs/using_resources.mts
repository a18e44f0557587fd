// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// `using` declarations: one in a function (disposed when it returns, before any exit handler),
// one at module top level (disposed when the module finishes, only on normal end and error).
class FileHandle implements Disposable {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  [Symbol.dispose](): void {
    console.log(`closing ${this.path}`);
  }
}

function exportReport(): number {
  using out = new FileHandle('/tmp/report.csv');
  console.log(`writing ${out.path}`);
  return 3;
}

const rows = exportReport();
using journal = new FileHandle('/tmp/journal.log');
process.on('exit', () => console.log(`exit after ${rows} rows`));
