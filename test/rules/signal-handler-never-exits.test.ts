import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('signal-handler-never-exits', {
  valid: [
    // Trap: a SIGTERM handler that does exit.
    py`
      import signal, sys

      def on_term(signum, frame):
          print("bye")
          sys.exit(0)

      signal.signal(signal.SIGTERM, on_term)
    `,
    // Sets a flag the main loop reads.
    py`
      import signal, time

      running = True

      def on_term(signum, frame):
          global running
          running = False

      signal.signal(signal.SIGTERM, on_term)
      while running:
          time.sleep(1)
    `,
    py`
      import signal, threading

      stop = threading.Event()
      signal.signal(signal.SIGINT, lambda s, f: stop.set())
      stop.wait()
    `,
    py`
      import signal
      signal.signal(signal.SIGINT, signal.SIG_IGN)
    `,
    js`
      const server = require('http').createServer(() => {}).listen(8080);
      process.on('SIGTERM', () => {
        console.log('closing');
        server.close();
      });
    `,
    ts`
      process.on('SIGINT', () => {
        console.log('bye');
        process.exit(130);
      });
    `,
    // SIGHUP is not a termination request the rule looks at.
    js`
      process.on('SIGHUP', () => console.log('reload'));
    `,
  ],
  invalid: [
    {
      code: py`
        import signal

        def on_term(signum, frame):
            print("terminating")

        signal.signal(signal.SIGTERM, on_term)
      `,
      errors: [{ line: 6, column: 1, message: 'never ends the process' }],
      output: text`
        import signal

        def on_term(signum, frame):
            print("terminating")
            raise SystemExit(143)

        signal.signal(signal.SIGTERM, on_term)
      `,
    },
    {
      code: py`
        import signal
        signal.signal(signal.SIGINT, lambda signum, frame: print("ignored"))
      `,
      errors: [{ line: 2, message: 'Ctrl+C' }],
    },
    {
      code: js`
        process.on('SIGINT', () => {
          console.log('Caught interrupt');
        });
      `,
      errors: [{ line: 1, message: 'SIGINT' }],
      output: text`
        process.on('SIGINT', () => {
          console.log('Caught interrupt');
          process.exit(130);
        });
      `,
    },
    {
      code: ts`
        function onTerm(): void {
          console.warn('SIGTERM received');
        }
        process.on('SIGTERM', onTerm);
      `,
      errors: [{ line: 4, message: 'docker stop' }],
      output: text`
        function onTerm(): void {
          console.warn('SIGTERM received');
          process.exit(143);
        }
        process.on('SIGTERM', onTerm);
      `,
    },
  ],
});

fixtureTests('signal-handler-never-exits');
