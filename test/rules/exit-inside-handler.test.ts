import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('exit-inside-handler', {
  valid: [
    // Signal handlers should exit.
    py`
      import signal, sys
      signal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))
    `,
    py`
      import atexit
      atexit.register(print, "bye")
    `,
    // Exiting from 'uncaughtException' or a signal listener is how those end the program.
    js`
      process.on('uncaughtException', (err) => {
        console.error(err);
        process.exit(1);
      });
      process.on('SIGINT', () => process.exit(130));
    `,
    // Setting the code is the right way.
    ts`
      process.on('exit', () => {
        process.exitCode = 1;
      });
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit, sys

        def bad():
            print("cleaning")
            sys.exit(2)

        atexit.register(bad)
      `,
      errors: [{ line: 7, column: 1, message: 'does not change the exit status', relatedLine: 5 }],
    },
    {
      code: py`
        import atexit

        @atexit.register
        def stop():
            raise SystemExit(3)
      `,
      errors: [{ line: 3, message: 'raise SystemExit' }],
    },
    {
      code: js`
        let failed = true;
        process.on('exit', () => {
          if (failed) process.exit(1);
        });
        process.on('exit', () => console.log('cleanup'));
      `,
      errors: [{ line: 2, message: 'never run', relatedLine: 3 }],
      output: text`
        let failed = true;
        process.on('exit', () => {
          if (failed) process.exitCode = 1;
        });
        process.on('exit', () => console.log('cleanup'));
      `,
    },
  ],
});

fixtureTests('exit-inside-handler');
