// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Optional dependency: the exit hook is registered only if the module loads (it does not here).
let flushTelemetry: (() => void) | undefined;
try {
  const telemetry = require('./telemetry-sdk-that-is-not-installed') as { flush(): void };
  flushTelemetry = () => telemetry.flush();
  process.on('exit', flushTelemetry);
} catch {
  console.log('telemetry disabled');
}

process.on('exit', (code: number) => console.log(`exit ${code}`));
