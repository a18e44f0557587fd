import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('handler-may-throw', {
  valid: [
    py`
      import atexit

      def cleanup():
          print("bye")

      atexit.register(cleanup)
    `,
    // Trap: already guarded by try/except.
    py`
      import atexit

      def cleanup():
          try:
              raise RuntimeError("x")
          except Exception:
              pass

      atexit.register(cleanup)
    `,
    // Trap: the except names the raised class.
    py`
      import atexit, os

      def cleanup():
          try:
              os.remove("/tmp/pid")
          except FileNotFoundError:
              pass

      atexit.register(cleanup)
    `,
    // Removing a file the program created rarely fails: not reported.
    py`
      import atexit, os

      def cleanup():
          os.remove("/tmp/app.pid")

      atexit.register(cleanup)
    `,
    // Trap: removal guarded by an existence check.
    py`
      import atexit, os

      def cleanup():
          if os.path.exists("/tmp/pid"):
              os.remove("/tmp/pid")

      atexit.register(cleanup)
    `,
    // A signal handler that raises is how it ends the program: not an exit handler.
    py`
      import signal

      def on_term(signum, frame):
          raise KeyboardInterrupt

      signal.signal(signal.SIGTERM, on_term)
    `,
    js`
      process.on('exit', () => {
        try {
          require('fs').unlinkSync('/tmp/pid');
        } catch (err) {
          console.error(err);
        }
      });
    `,
    js`
      const fs = require('fs');
      process.on('exit', () => fs.rmSync('/tmp/x', { force: true }));
    `,
    ts`
      function cleanup(): void {
        console.log('bye');
      }
      process.on('exit', cleanup);
    `,
  ],
  invalid: [
    {
      name: 'seed 06',
      code: py`
        import atexit
        import sys

        def faulty_exit():
            raise Exception("Oops!")

        def safe_exit():
            print("Safely exiting")

        atexit.register(faulty_exit)
        atexit.register(safe_exit)
      `,
      errors: [{ line: 10, column: 1, message: 'prints the traceback to stderr', relatedLine: 5 }],
      output: text`
        import atexit
        import sys

        def faulty_exit():
            try:
                raise Exception("Oops!")
            except Exception:  # report it and let the other exit handlers run
                import traceback
                traceback.print_exc()

        def safe_exit():
            print("Safely exiting")

        atexit.register(faulty_exit)
        atexit.register(safe_exit)
      `,
    },
    {
      name: 'through a helper, docstring kept',
      code: py`
        import atexit

        def helper():
            raise ValueError("bad")

        def cleanup():
            """Flush."""
            helper()
            print("done")

        atexit.register(cleanup)
      `,
      errors: [{ line: 11, message: 'helper', relatedLine: 4 }],
      output: text`
        import atexit

        def helper():
            raise ValueError("bad")

        def cleanup():
            """Flush."""
            try:
                helper()
                print("done")
            except Exception:  # report it and let the other exit handlers run
                import traceback
                traceback.print_exc()

        atexit.register(cleanup)
      `,
    },
    {
      name: 'except of another class does not guard',
      code: py`
        import atexit

        def cleanup():
            try:
                raise RuntimeError("x")
            except KeyError:
                pass

        atexit.register(cleanup)
      `,
      errors: [{ line: 9 }],
      output: text`
        import atexit

        def cleanup():
            try:
                try:
                    raise RuntimeError("x")
                except KeyError:
                    pass
            except Exception:  # report it and let the other exit handlers run
                import traceback
                traceback.print_exc()

        atexit.register(cleanup)
      `,
    },
    {
      name: 'decorator form',
      code: py`
        import atexit

        @atexit.register
        def remove_pidfile():
            raise OSError("lock still held")
      `,
      errors: [{ line: 3, message: 'OSError' }],
      output: text`
        import atexit

        @atexit.register
        def remove_pidfile():
            try:
                raise OSError("lock still held")
            except Exception:  # report it and let the other exit handlers run
                import traceback
                traceback.print_exc()
      `,
    },
    {
      name: 'lambda becomes a def',
      code: py`
        import atexit

        def boom(x):
            raise ValueError(x)

        atexit.register(lambda: boom(1))
      `,
      errors: [{ line: 6 }],
      output: text`
        import atexit

        def boom(x):
            raise ValueError(x)

        def _exit_handler_6():
            try:
                boom(1)
            except Exception:  # report it and let the other exit handlers run
                import traceback
                traceback.print_exc()


        atexit.register(_exit_handler_6)
      `,
    },
    {
      name: 'method handler',
      code: py`
        import atexit

        class Service:
            def __init__(self):
                atexit.register(self.close)

            def close(self):
                raise RuntimeError("already closed")

        Service()
      `,
      errors: [{ line: 5 }],
      output: text`
        import atexit

        class Service:
            def __init__(self):
                atexit.register(self.close)

            def close(self):
                try:
                    raise RuntimeError("already closed")
                except Exception:  # report it and let the other exit handlers run
                    import traceback
                    traceback.print_exc()

        Service()
      `,
    },
    {
      name: "'exit' listener that throws stops the later ones",
      code: js`
        const fs = require('fs');
        process.on('exit', () => {
          fs.writeFileSync('/tmp/state.json', JSON.parse(process.env.STATE));
        });
        process.on('exit', () => console.log('later'));
      `,
      errors: [{ line: 2, message: "the 'exit' listener (line 5) after it never runs", relatedLine: 3 }],
      output: text`
        const fs = require('fs');
        process.on('exit', () => {
          try {
            fs.writeFileSync('/tmp/state.json', JSON.parse(process.env.STATE));
          } catch (err) {
            // Report it and let the other exit handlers run.
            console.error(err);
          }
        });
        process.on('exit', () => console.log('later'));
      `,
    },
    {
      name: 'arrow with an expression body becomes a block',
      code: js`
        process.on('exit', () => JSON.parse(process.env.STATE));
      `,
      errors: [{ line: 1, message: 'malformed input' }],
      output: text`
        process.on('exit', () => {
          try {
            JSON.parse(process.env.STATE);
          } catch (err) {
            // Report it and let the other exit handlers run.
            console.error(err);
          }
        });
      `,
    },
    {
      name: 'named function with throw',
      code: ts`
        function onExit(code: number): void {
          if (code !== 0) throw new Error('failed');
        }
        process.on('exit', onExit);
      `,
      errors: [{ line: 4, relatedLine: 2 }],
      output: text`
        function onExit(code: number): void {
          try {
            if (code !== 0) throw new Error('failed');
          } catch (err) {
            // Report it and let the other exit handlers run.
            console.error(err);
          }
        }
        process.on('exit', onExit);
      `,
    },
  ],
});

fixtureTests('handler-may-throw');
