// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Signal handlers installed through a typed helper for each signal of a fixed list.
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function installShutdown(signal: NodeJS.Signals, cleanup: () => void): void {
  process.on(signal, () => {
    cleanup();
    process.exit(0);
  });
}

function closeSockets(): void {
  console.log('sockets closed');
}

for (const sig of SIGNALS) {
  installShutdown(sig, closeSockets);
}
process.on('exit', () => console.log('shutdown complete'));
