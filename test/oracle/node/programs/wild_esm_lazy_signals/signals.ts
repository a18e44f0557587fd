export function installSignals(fn: () => void): void {
  process.once('SIGTERM', () => { fn(); process.exit(0); });
}
