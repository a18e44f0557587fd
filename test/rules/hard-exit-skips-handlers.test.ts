import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('hard-exit-skips-handlers', {
  valid: [
    // No handler registered before the hard exit: nothing is skipped.
    py`
      import os
      print("bye")
      os._exit(0)
    `,
    // Trap: os._exit in the child after fork() is the correct way to end a forked child.
    py`
      import atexit, os

      atexit.register(lambda: print("parent cleanup"))
      pid = os.fork()
      if pid == 0:
          print("child")
          os._exit(0)
      os.waitpid(pid, 0)
    `,
    // The child's code in a helper, called only in the forked child.
    py`
      import atexit, os

      def run_child():
          print("child work")
          os._exit(0)

      atexit.register(print, "parent cleanup")
      if os.fork() == 0:
          run_child()
    `,
    py`
      import atexit, sys

      atexit.register(lambda: print("cleanup"))
      sys.exit(0)
    `,
    js`
      process.on('exit', () => console.log('bye'));
      process.exit(0);
    `,
    // Registered after the abort: nothing registered yet.
    js`
      process.abort();
    `,
  ],
  invalid: [
    {
      name: 'seed 12',
      code: py`
        import atexit
        import os

        def exit_function():
            print("This won't be called")

        atexit.register(exit_function)

        print("About to exit abruptly...")
        os._exit(0)
      `,
      errors: [{ line: 10, column: 1, message: 'the atexit handler `exit_function` registered before it never runs', relatedLine: 7 }],
      output: text`
        import atexit
        import os

        def exit_function():
            print("This won't be called")

        atexit.register(exit_function)

        print("About to exit abruptly...")
        import sys
        sys.exit(0)
      `,
    },
    {
      name: 'os.abort, several handlers',
      code: py`
        import atexit, os, weakref

        class R: pass
        r = R()
        weakref.finalize(r, print, "finalized")
        atexit.register(print, "a")
        os.abort()
      `,
      errors: [{ line: 7, message: 'never run' }],
    },
    {
      name: 'process.abort',
      code: js`
        process.on('exit', () => console.log('cleanup'));
        process.abort();
      `,
      errors: [{ line: 2, message: "'exit' listener", relatedLine: 1 }],
    },
    {
      name: 'SIGKILL to itself',
      code: ts`
        process.on('exit', () => console.log('cleanup'));
        process.kill(process.pid, 'SIGKILL');
      `,
      errors: [{ line: 2 }],
    },
    {
      name: "process.exit() skips 'beforeExit'",
      code: js`
        process.on('beforeExit', () => console.log('flush'));
        process.exit(1);
      `,
      errors: [{ line: 2, message: "'beforeExit' listener", relatedLine: 1 }],
    },
  ],
});

fixtureTests('hard-exit-skips-handlers');
