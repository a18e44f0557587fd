// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Registrations made in helper functions, a class constructor and loops with a known trip count.
'use strict';
class TempDir {
  constructor(name) {
    this.name = name;
    process.on('exit', () => this.remove());
  }
  remove() {
    console.log(`removing ${this.name}`);
  }
}

function onShutdown(label) {
  process.on('exit', () => console.log(`shutdown: ${label}`));
}

onShutdown('http');
onShutdown('queue');

for (let i = 0; i < 3; i++) {
  process.on('exit', () => console.log(`worker ${i} stopped`));
}

const scratch = new TempDir('scratch');
['SIGINT', 'SIGTERM'].forEach((sig) => {
  process.on(sig, () => {
    console.log(`${sig} -> exit`);
    process.exit(1);
  });
});
console.log(`using ${scratch.name}`);
